//! The guided filter (He, Sun and Tang): box means, the colour filter and its fast
//! form with coefficients found at half resolution.

/// Mean over a `(2r+1)²` window (clamped at the borders): window sums along
/// each row from the row's prefix sums, then down the columns as a running sum
/// of rows (both in f64, so the result is exact to f32 and the same on every
/// engine).
pub(crate) fn box_mean(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let mut out = vec![0f32; w * h];
    if w == 0 || h == 0 {
        return out;
    }
    // A row's window sums are needed while it is inside the column window:
    // kept in a ring of 2r + 2 rows (the row entering and the one leaving at
    // the same step need two slots; the ring stays in cache, a whole picture
    // of f64 rows did not), each computed once when its row enters.
    let ring_rows = (2 * r + 2).min(h);
    let mut ring = vec![0f64; ring_rows * w];
    let mut prefix = vec![0f64; w + 1];
    let mut row_sums = |y: usize, into: &mut [f64]| {
        let line = &src[y * w..(y + 1) * w];
        for x in 0..w {
            prefix[x + 1] = prefix[x] + f64::from(line[x]);
        }
        for (x, o) in into.iter_mut().enumerate() {
            let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
            *o = prefix[xb] - prefix[xa];
        }
    };
    let inv_widths: Vec<f64> = (0..w)
        .map(|x| 1.0 / ((x + r + 1).min(w) - x.saturating_sub(r)) as f64)
        .collect();
    let mut acc = vec![0f64; w];
    // acc holds the sum of rows [lo, hi); row y's sums sit at ring slot y % ring_rows.
    let (mut lo, mut hi) = (0usize, 0usize);
    for y in 0..h {
        let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
        while hi < yb {
            let slot = hi % ring_rows;
            let sums = &mut ring[slot * w..(slot + 1) * w];
            row_sums(hi, sums);
            for (a, v) in acc.iter_mut().zip(sums.iter()) {
                *a += v;
            }
            hi += 1;
        }
        // then the rows that left (the order of the sums is the one this
        // filter has always had: its figures are the same, bit for bit)
        while lo < ya {
            let slot = lo % ring_rows;
            for (a, v) in acc.iter_mut().zip(&ring[slot * w..(slot + 1) * w]) {
                *a -= v;
            }
            lo += 1;
        }
        let inv_n = 1.0 / (yb - ya) as f64;
        let line = &mut out[y * w..(y + 1) * w];
        for ((o, a), iw) in line.iter_mut().zip(&acc).zip(&inv_widths) {
            *o = (a * inv_n * iw) as f32;
        }
    }
    out
}

/// He, Sun and Tang's guided filter with a colour guide (their eq. 14): per
/// window, `q = aᵀI + b` with `a = (Σ + εU)⁻¹ cov(I, p)`, `Σ` the guide's 3×3
/// colour covariance. An edge between colours of equal brightness (a pink ear
/// on a grey wall, skin on beige) is seen, which a grey guide misses.
pub(crate) fn guided_filter_rgb(
    guide: &[[f32; 3]],
    p: &[f32],
    w: usize,
    h: usize,
    r: usize,
    eps: f32,
) -> Vec<f32> {
    let (ma, mb) = guided_coeffs(guide, p, w, h, r, eps);
    (0..w * h)
        .map(|k| ma[0][k] * guide[k][0] + ma[1][k] * guide[k][1] + ma[2][k] * guide[k][2] + mb[k])
        .collect()
}

/// The same filter computed at half the resolution (He and Sun's fast guided
/// filter, 2015): the window's linear coefficients are found on 2×2 means of
/// the guide and `p` with half the radius, taken back to full size bilinearly
/// and applied to the full-size guide, so the output keeps the photo's own
/// edges at a quarter of the cost.
pub(crate) fn fast_guided_filter_rgb(
    guide: &[[f32; 3]],
    p: &[f32],
    w: usize,
    h: usize,
    r: usize,
    eps: f32,
) -> Vec<f32> {
    if w < 4 || h < 4 || r < 2 {
        return guided_filter_rgb(guide, p, w, h, r, eps);
    }
    let (w2, h2) = (w.div_ceil(2), h.div_ceil(2));
    let mut g2 = vec![[0f32; 3]; w2 * h2];
    let mut p2 = vec![0f32; w2 * h2];
    for y in 0..h2 {
        for x in 0..w2 {
            let (mut g, mut q, mut n) = ([0f32; 3], 0f32, 0f32);
            for yy in 2 * y..(2 * y + 2).min(h) {
                for xx in 2 * x..(2 * x + 2).min(w) {
                    let k = yy * w + xx;
                    for c in 0..3 {
                        g[c] += guide[k][c];
                    }
                    q += p[k];
                    n += 1.0;
                }
            }
            g2[y * w2 + x] = g.map(|v| v / n);
            p2[y * w2 + x] = q / n;
        }
    }
    let (ma, mb) = guided_coeffs(&g2, &p2, w2, h2, r / 2, eps);
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        // Full-size pixel centre in half-size pixel units.
        let fy = ((y as f32 + 0.5) / 2.0 - 0.5).clamp(0.0, (h2 - 1) as f32);
        let y0 = fy as usize;
        let y1 = (y0 + 1).min(h2 - 1);
        let ty = fy - y0 as f32;
        for x in 0..w {
            let fx = ((x as f32 + 0.5) / 2.0 - 0.5).clamp(0.0, (w2 - 1) as f32);
            let x0 = fx as usize;
            let x1 = (x0 + 1).min(w2 - 1);
            let tx = fx - x0 as f32;
            let lerp = |v: &[f32]| {
                let top = v[y0 * w2 + x0] * (1.0 - tx) + v[y0 * w2 + x1] * tx;
                let bottom = v[y1 * w2 + x0] * (1.0 - tx) + v[y1 * w2 + x1] * tx;
                top * (1.0 - ty) + bottom * ty
            };
            let k = y * w + x;
            out[k] = lerp(&ma[0]) * guide[k][0]
                + lerp(&ma[1]) * guide[k][1]
                + lerp(&ma[2]) * guide[k][2]
                + lerp(&mb);
        }
    }
    out
}

/// The guided filter's window coefficients, averaged over the windows covering
/// each pixel: `q = āᵀI + b̄`.
pub(super) fn guided_coeffs(
    guide: &[[f32; 3]],
    p: &[f32],
    w: usize,
    h: usize,
    r: usize,
    eps: f32,
) -> ([Vec<f32>; 3], Vec<f32>) {
    let n = w * h;
    let chan = |c: usize| -> Vec<f32> { guide.iter().map(|g| g[c]).collect() };
    let ch = [chan(0), chan(1), chan(2)];
    let mean_i: Vec<Vec<f32>> = ch.iter().map(|c| box_mean(c, w, h, r)).collect();
    let mean_p = box_mean(p, w, h, r);
    let mut cov_ip = Vec::with_capacity(3);
    for c in 0..3 {
        let ip: Vec<f32> = ch[c].iter().zip(p).map(|(a, b)| a * b).collect();
        let m = box_mean(&ip, w, h, r);
        cov_ip.push(
            (0..n)
                .map(|k| m[k] - mean_i[c][k] * mean_p[k])
                .collect::<Vec<f32>>(),
        );
    }
    // The six distinct entries of Σ: rr, rg, rb, gg, gb, bb.
    let pairs = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)];
    let mut var = Vec::with_capacity(6);
    for (c, d) in pairs {
        let prod: Vec<f32> = ch[c].iter().zip(&ch[d]).map(|(a, b)| a * b).collect();
        let m = box_mean(&prod, w, h, r);
        var.push(
            (0..n)
                .map(|k| m[k] - mean_i[c][k] * mean_i[d][k])
                .collect::<Vec<f32>>(),
        );
    }
    let mut a = [vec![0f32; n], vec![0f32; n], vec![0f32; n]];
    let mut b = vec![0f32; n];
    for k in 0..n {
        let (rr, rg, rb) = (var[0][k] + eps, var[1][k], var[2][k]);
        let (gg, gb, bb) = (var[3][k] + eps, var[4][k], var[5][k] + eps);
        // Inverse of the symmetric matrix by cofactors.
        let (c00, c01, c02) = (gg * bb - gb * gb, rb * gb - rg * bb, rg * gb - rb * gg);
        let (c11, c12, c22) = (rr * bb - rb * rb, rg * rb - rr * gb, rr * gg - rg * rg);
        let det = rr * c00 + rg * c01 + rb * c02;
        let v = [cov_ip[0][k], cov_ip[1][k], cov_ip[2][k]];
        let ak = if det.abs() > 1e-12 {
            [
                (c00 * v[0] + c01 * v[1] + c02 * v[2]) / det,
                (c01 * v[0] + c11 * v[1] + c12 * v[2]) / det,
                (c02 * v[0] + c12 * v[1] + c22 * v[2]) / det,
            ]
        } else {
            [0.0; 3]
        };
        for c in 0..3 {
            a[c][k] = ak[c];
        }
        b[k] = mean_p[k] - ak[0] * mean_i[0][k] - ak[1] * mean_i[1][k] - ak[2] * mean_i[2][k];
    }
    let ma = [
        box_mean(&a[0], w, h, r),
        box_mean(&a[1], w, h, r),
        box_mean(&a[2], w, h, r),
    ];
    (ma, box_mean(&b, w, h, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::pixels::test_numbers;

    /// [`box_mean`] as it was before the ring of rows: every row's window
    /// sums kept for the whole picture, added then subtracted in the same
    /// order. The ring must give the same floats, bit for bit (the fixed
    /// photos' bytes hang on them).
    fn box_mean_whole_rows(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
        let mut rows = vec![0f64; w * h];
        let mut prefix = vec![0f64; w + 1];
        for y in 0..h {
            let line = &src[y * w..(y + 1) * w];
            for x in 0..w {
                prefix[x + 1] = prefix[x] + f64::from(line[x]);
            }
            for x in 0..w {
                let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
                rows[y * w + x] = prefix[xb] - prefix[xa];
            }
        }
        let mut acc = vec![0f64; w];
        let mut out = vec![0f32; w * h];
        let (mut lo, mut hi) = (0usize, 0usize);
        for y in 0..h {
            let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
            while hi < yb {
                (0..w).for_each(|x| acc[x] += rows[hi * w + x]);
                hi += 1;
            }
            while lo < ya {
                (0..w).for_each(|x| acc[x] -= rows[lo * w + x]);
                lo += 1;
            }
            for x in 0..w {
                let width = (x + r + 1).min(w) - x.saturating_sub(r);
                out[y * w + x] = (acc[x] * (1.0 / (yb - ya) as f64) * (1.0 / width as f64)) as f32;
            }
        }
        out
    }

    #[test]
    fn the_ring_of_rows_gives_the_whole_rows_floats_bit_for_bit() {
        let mut next = test_numbers(0x9E37_79B9_7F4A_7C15);
        for case in 0..200 {
            let (w, h, r) = (
                1 + next(40) as usize,
                1 + next(40) as usize,
                next(25) as usize,
            );
            // values like the filter's inputs: in [0, 1], products of them, sparse ones
            let src: Vec<f32> = (0..w * h)
                .map(|_| match next(3) {
                    0 => next(256) as f32 / 255.0,
                    1 => (next(256) as f32 / 255.0) * (next(256) as f32 / 255.0),
                    _ => f32::from(u8::from(next(7) == 0)),
                })
                .collect();
            let got = box_mean(&src, w, h, r);
            let want = box_mean_whole_rows(&src, w, h, r);
            let same = got
                .iter()
                .zip(&want)
                .all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(same, "case {case}: {w}×{h}, r {r}");
        }
    }
}
