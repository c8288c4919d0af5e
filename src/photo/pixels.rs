//! Pixel helpers every photo room reads, and that import no room: the one grey
//! value (`luma`), the area-average resampling (`fit_long`, `area_resize`),
//! a pixel's 4 neighbours (`neighbours4`) and the 4-way flood fill (`flood4`).
//! The measurements (analyze.rs), the models' view (seen.rs), the eye line
//! (eyes.rs), the matte and the fix all take them from here, so none of those
//! rooms needs another for its pixels.

use image::RgbImage;

/// The 4-connected neighbours of pixel `k` in a `w × h` grid, in a fixed order
/// (left, right, up, down), for the flood fills (the crowd count, the clean
/// outline).
pub(crate) fn neighbours4(k: usize, w: usize, h: usize) -> impl Iterator<Item = usize> {
    let (x, y) = (k % w, k / w);
    [
        (x > 0).then(|| k - 1),
        (x + 1 < w).then(|| k + 1),
        (y > 0).then(|| k - w),
        (y + 1 < h).then(|| k + w),
    ]
    .into_iter()
    .flatten()
}

/// Grows 4-connected regions from the pixels on `stack`, depth first: each
/// pixel popped is passed to `reached`, then each neighbour `to` of it (`from`)
/// that `enter(from, to)` accepts is pushed. `enter` marks what it accepts,
/// so no pixel is pushed twice. The crowd count, the clean outline and the
/// backdrop pockets grow their regions with it. (The backdrop fill,
/// `analyze::flood`, on every check, still has its own loop: moving it here
/// is left until it can be timed on a quiet machine.)
pub(crate) fn flood4(
    stack: &mut Vec<usize>,
    w: usize,
    h: usize,
    mut enter: impl FnMut(usize, usize) -> bool,
    mut reached: impl FnMut(usize),
) {
    while let Some(from) = stack.pop() {
        reached(from);
        for to in neighbours4(from, w, h) {
            if enter(from, to) {
                stack.push(to);
            }
        }
    }
}

/// Numbers below `m` from `seed` (xorshift64*) for the photo rooms' tests over
/// generated cases: deterministic, so a failure's case number reproduces it.
#[cfg(test)]
pub(crate) fn test_numbers(seed: u64) -> impl FnMut(u32) -> u32 {
    let mut state = seed;
    move |m| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as u32 % m
    }
}

// Forced inline: at opt-level "z" it stayed a call and cost a fifth of a
// 295×413 check (perf, BENCHMARKS.md).
#[inline(always)]
pub(crate) fn luma(p: [u8; 3]) -> f32 {
    0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2])
}

/// Shrink so the long side is at most `long` (never up) by averaging the source
/// pixels that fall in each output pixel (area average on integer bounds): cheap,
/// alias-free, and far faster than a general filter at size-optimised builds.
pub(crate) fn fit_long(img: &RgbImage, long: u32) -> std::borrow::Cow<'_, RgbImage> {
    let (w, h) = img.dimensions();
    let (nw, nh) = fit_long_size(w, h, long);
    if (nw, nh) == (w, h) {
        return std::borrow::Cow::Borrowed(img);
    }
    std::borrow::Cow::Owned(area_resize(img, (0, 0, w, h), nw, nh))
}

/// The size [`fit_long`] gives a `w × h` picture (itself when it fits).
pub(crate) fn fit_long_size(w: u32, h: u32, long: u32) -> (u32, u32) {
    let l = w.max(h);
    if l <= long || w == 0 || h == 0 {
        return (w, h);
    }
    let s = f64::from(long) / f64::from(l);
    let nw = ((f64::from(w) * s).round() as u32).clamp(1, w);
    let nh = ((f64::from(h) * s).round() as u32).clamp(1, h);
    (nw, nh)
}

/// Area-average the rectangle `(x, y, w, h)` of `img` (clamped to it) down to
/// `nw × nh` (each output pixel averages the source pixels within its integer
/// bounds; at least one). For downscaling only; upscaling repeats pixels.
pub(crate) fn area_resize(
    img: &RgbImage,
    rect: (u32, u32, u32, u32),
    nw: u32,
    nh: u32,
) -> RgbImage {
    area_resize_window(img, rect, nw, nh, (0, 0, nw, nh))
}

/// The output pixels `x0..x1 × y0..y1` of [`area_resize`] (clamped to
/// `nw × nh`), the same values, computed without the rest: a caller that reads
/// one region of a resized picture (the face box's clarity) pays for that region.
pub(crate) fn area_resize_window(
    img: &RgbImage,
    rect: (u32, u32, u32, u32),
    nw: u32,
    nh: u32,
    window: (u32, u32, u32, u32),
) -> RgbImage {
    let (iw, ih) = img.dimensions();
    let x0 = rect.0.min(iw.saturating_sub(1)) as usize;
    let y0r = rect.1.min(ih.saturating_sub(1)) as usize;
    let w = (rect.2 as usize).min(iw as usize - x0).max(1);
    let h = (rect.3 as usize).min(ih as usize - y0r).max(1);
    let (nw, nh) = (nw.max(1) as usize, nh.max(1) as usize);
    let (wx0, wy0) = ((window.0 as usize).min(nw), (window.1 as usize).min(nh));
    let (wx1, wy1) = (
        (window.2 as usize).clamp(wx0, nw),
        (window.3 as usize).clamp(wy0, nh),
    );
    let ow = wx1 - wx0;
    let mut out = RgbImage::new(ow as u32, (wy1 - wy0) as u32);
    if iw == 0 || ih == 0 || ow == 0 {
        return out;
    }
    // Each output column's source pixels `xa..xe` (at least one).
    let cols: Vec<(usize, usize)> = (wx0..wx1)
        .map(|ox| {
            let xa = ox * w / nw;
            (xa, ((ox + 1) * w / nw).max(xa + 1).min(w))
        })
        .collect();
    let widest = cols.iter().map(|&(xa, xe)| xe - xa).max().unwrap_or(1);
    let src = img.as_raw();
    let stride = iw as usize * 3;
    let mut acc = vec![0u32; ow * 3];
    // One divider per column width for the current row count: the columns'
    // widths alternate (579 → 512: 1, 2, 1, …), and computing a divider per
    // pixel was most of a resize's time in wasm (node --cpu-prof).
    let mut divide: Vec<RoundedMean> = Vec::new();
    let mut divide_rows = 0;
    // A column's sums over one source row: one or two source columns are most
    // of a small shrink's (579 → 512, → 320) output pixels.
    let sum = |px: &[u8]| match *px {
        [r, g, b] => [u32::from(r), u32::from(g), u32::from(b)],
        [r0, g0, b0, r1, g1, b1] => [
            u32::from(r0) + u32::from(r1),
            u32::from(g0) + u32::from(g1),
            u32::from(b0) + u32::from(b1),
        ],
        _ => px.chunks_exact(3).fold([0; 3], |[r, g, b], p| {
            [
                r + u32::from(p[0]),
                g + u32::from(p[1]),
                b + u32::from(p[2]),
            ]
        }),
    };
    for oy in wy0..wy1 {
        let ya = oy * h / nh;
        let yb = ((oy + 1) * h / nh).max(ya + 1).min(h);
        if yb - ya != divide_rows {
            divide_rows = yb - ya;
            divide = (0..=widest)
                .map(|width| RoundedMean::by((divide_rows * width).max(1) as u32))
                .collect();
        }
        let source_row =
            |y: usize| &src[(y0r + y) * stride + x0 * 3..(y0r + y) * stride + (x0 + w) * 3];
        let orow = &mut out.as_mut()[(oy - wy0) * ow * 3..(oy - wy0 + 1) * ow * 3];
        if yb - ya == 1 {
            // One source row (most rows of a small shrink): straight to the
            // output, a single source pixel copied.
            let row = source_row(ya);
            for (&(xa, xe), o) in cols.iter().zip(orow.chunks_exact_mut(3)) {
                let px = &row[xa * 3..xe * 3];
                if px.len() == 3 {
                    o.copy_from_slice(px);
                } else {
                    let d = &divide[xe - xa];
                    let [r, g, b] = sum(px);
                    o.copy_from_slice(&[d.of(r), d.of(g), d.of(b)]);
                }
            }
            continue;
        }
        acc.iter_mut().for_each(|a| *a = 0);
        for y in ya..yb {
            let row = source_row(y);
            // each column's sum in registers, added once to its accumulator
            for (&(xa, xe), a) in cols.iter().zip(acc.chunks_exact_mut(3)) {
                let [r, g, b] = sum(&row[xa * 3..xe * 3]);
                a[0] += r;
                a[1] += g;
                a[2] += b;
            }
        }
        for ((&(xa, xe), a), o) in cols
            .iter()
            .zip(acc.chunks_exact(3))
            .zip(orow.chunks_exact_mut(3))
        {
            let d = &divide[xe - xa];
            o[0] = d.of(a[0]);
            o[1] = d.of(a[1]);
            o[2] = d.of(a[2]);
        }
    }
    out
}

/// `(sum + n/2) / n` for a sum of `n` bytes, by a multiply instead of a
/// division: the three divisions per output pixel were half of a resize's time
/// (perf). Exact: with `m = ⌊2⁴⁸/n⌋ + 1`, `a·m/2⁴⁸` exceeds `a/n` by less than
/// `a/2⁴⁸`, which stays under `1/n` while `a·n < 2⁴⁸` (here `a < 257·n`, so
/// for `n ≤ 2¹⁹`); a larger `n` divides.
struct RoundedMean {
    n: u32,
    magic: u64,
}

impl RoundedMean {
    const SHIFT: u32 = 48;

    /// The divider by `n` (≥ 1).
    fn by(n: u32) -> RoundedMean {
        RoundedMean {
            n,
            magic: if n <= 1 << 19 {
                (1u64 << Self::SHIFT) / u64::from(n) + 1
            } else {
                0
            },
        }
    }

    #[inline(always)]
    fn of(&self, sum: u32) -> u8 {
        let a = u64::from(sum) + u64::from(self.n / 2);
        let q = if self.magic != 0 {
            (a * self.magic) >> Self::SHIFT
        } else {
            a / u64::from(self.n)
        };
        q as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each output pixel the rounded mean of the source pixels within its
    /// integer bounds, computed the slow, obvious way.
    fn area_resize_by_definition(img: &RgbImage, nw: u32, nh: u32) -> RgbImage {
        let (w, h) = (img.width() as usize, img.height() as usize);
        let (nw, nh) = (nw as usize, nh as usize);
        RgbImage::from_fn(nw as u32, nh as u32, |ox, oy| {
            let (ox, oy) = (ox as usize, oy as usize);
            let (xa, ya) = (ox * w / nw, oy * h / nh);
            let xe = ((ox + 1) * w / nw).max(xa + 1).min(w);
            let ye = ((oy + 1) * h / nh).max(ya + 1).min(h);
            let n = ((xe - xa) * (ye - ya)) as u32;
            let mut sum = [0u32; 3];
            for y in ya..ye {
                for x in xa..xe {
                    let p = img.get_pixel(x as u32, y as u32).0;
                    (0..3).for_each(|c| sum[c] += u32::from(p[c]));
                }
            }
            image::Rgb(sum.map(|s| ((s + n / 2) / n) as u8))
        })
    }

    #[test]
    fn area_resize_is_the_mean_within_each_output_pixels_bounds_for_any_sizes() {
        let mut next = test_numbers(0x9E37_79B9_7F4A_7C15);
        for case in 0..300 {
            let (w, h) = (1 + next(60), 1 + next(60));
            let img = RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x * 7 + y) as u8, (x * y) as u8, next(256) as u8])
            });
            // Shrinking mostly (the fast path), growing sometimes.
            let (nw, nh) = (1 + next(w + 8), 1 + next(h + 8));
            let got = area_resize(&img, (0, 0, w, h), nw, nh);
            let want = area_resize_by_definition(&img, nw, nh);
            assert_eq!(got, want, "case {case}: {w}×{h} → {nw}×{nh}");
        }
        // Many pixels into one: large divisors, both sides of the multiply's range.
        for (w, h) in [(2000, 3), (1100, 500), (1024, 1025)] {
            let img = RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([255, (x ^ y) as u8, 255 - (x % 7) as u8])
            });
            for (nw, nh) in [(1, 1), (3, 1), (1, 2)] {
                let got = area_resize(&img, (0, 0, w, h), nw, nh);
                assert_eq!(
                    got,
                    area_resize_by_definition(&img, nw, nh),
                    "{w}×{h} → {nw}×{nh}"
                );
            }
        }
    }

    #[test]
    fn a_window_of_the_resize_is_that_part_of_the_whole_resize() {
        let mut next = test_numbers(0x2545_F491_4F6C_DD1D);
        for case in 0..200 {
            let (w, h) = (1 + next(50), 1 + next(50));
            let img = RgbImage::from_fn(w, h, |_, _| {
                image::Rgb([next(256) as u8, next(256) as u8, next(256) as u8])
            });
            let (nw, nh) = (1 + next(w + 4), 1 + next(h + 4));
            let whole = area_resize(&img, (0, 0, w, h), nw, nh);
            let (x0, y0) = (next(nw + 2), next(nh + 2));
            let (x1, y1) = (x0 + next(nw + 2), y0 + next(nh + 2));
            let part = area_resize_window(&img, (0, 0, w, h), nw, nh, (x0, y0, x1, y1));
            let (x1, y1) = (x1.min(nw), y1.min(nh));
            let (x0, y0) = (x0.min(x1), y0.min(y1));
            let want = image::imageops::crop_imm(&whole, x0, y0, x1 - x0, y1 - y0).to_image();
            assert_eq!(
                part, want,
                "case {case}: {w}×{h} → {nw}×{nh}, window {x0},{y0}..{x1},{y1}"
            );
        }
    }

    #[test]
    fn the_rounded_mean_by_multiply_is_exact_for_every_sum_of_n_bytes() {
        for n in (1..=600).chain([1 << 19, (1 << 19) + 1, 3_000_000]) {
            let d = RoundedMean::by(n);
            let top = 255 * n;
            let step = (top / 5000).max(1);
            for sum in (0..=top)
                .step_by(step as usize)
                .chain(top.saturating_sub(300)..=top)
            {
                let want = ((u64::from(sum) + u64::from(n / 2)) / u64::from(n)) as u8;
                assert_eq!(d.of(sum), want, "sum {sum}, n {n}");
            }
        }
    }
}
