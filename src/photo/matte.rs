//! Cutting the person out onto white at the output size: the person mask (256×256
//! from the segmentation model, blocky and a little loose) is refined to the photo's
//! own edges with a guided filter, then the old backdrop's colour is taken out of
//! the edge pixels before they are blended onto white.
//!
//! Why both steps: a guided filter alone gives smooth, edge-following alpha but an
//! edge pixel is still a mix of hair and the old backdrop, so compositing it as it
//! is leaves a ring of the backdrop's colour (brown around test4's hair). With
//! `I = αF + (1−α)B` and the local backdrop colour `B` estimated from nearby
//! backdrop pixels, the composite onto white is `αF + (1−α)·255 = I + (1−α)(255−B)`:
//! no division by a small α, and where the mask is right the old colour cancels.

use image::RgbImage;

/// Guided-filter window radius and regulariser, for an output about 600 px wide: a
/// radius of ~1 % of the width follows hair strands without bringing back the
/// mask's 2–3 px blocks; eps (guide in 0–1 units) keeps flat regions' alpha as the
/// mask says and lets strong edges in the photo decide.
const GUIDE_RADIUS_SHARE: f32 = 0.012;
const GUIDE_EPS: f32 = 0.002;
/// Radius for the local backdrop colour, a few times the guided filter's, so every
/// edge pixel has backdrop pixels within reach.
const BACKDROP_RADIUS_SHARE: f32 = 0.04;
/// Radius (share of the long side) of the solid person's colour an edge pixel
/// takes its hue from, and how much darker or lighter than it the edge may be.
const NEAR_RADIUS_SHARE: f32 = 0.015;
const SHADE_MIN: f32 = 0.5;
const SHADE_MAX: f32 = 1.5;
/// Solid pixels within this share of the long side of the uncertain band are
/// re-estimated too.
const RIM_SHARE: f32 = 0.005;
/// Alpha below this is backdrop (pure white); above `SOLID`, person as it is.
const CLEAR: f32 = 0.04;
const SOLID: f32 = 0.97;
/// In the uncertain band: a colour within `LIKE_BACKDROP` (max channel difference)
/// of the local backdrop is backdrop; alpha is kept in full from
/// `LIKE_BACKDROP + UNLIKE_BACKDROP` on (sensor noise is a few levels; hair on
/// a light backdrop differs by 100 and more).
const LIKE_BACKDROP: f32 = 10.0;
const UNLIKE_BACKDROP: f32 = 40.0;
/// A pixel farther than this (RGB distance, or half the person–backdrop
/// distance) off the line between the local backdrop and person colours is not a
/// mix of them: its coverage is the mask's, unless it looks like the backdrop.
const OFF_LINE: f32 = 30.0;
/// Nor is a pixel on that line's far side, beyond the backdrop (projection below
/// −`BEYOND`): lighter than a beige wall where the person nearby is dark.
const BEYOND: f32 = 0.25;
/// Person and backdrop colours closer than this (RGB distance) cannot tell a
/// mixed pixel's coverage.
const DISTINCT: f32 = 40.0;
/// Alpha is shown through a smoothstep from `STEEP_LOW` to `STEEP_HIGH`: faint
/// leftovers vanish, edges stay crisp (an ID photo wants a clean outline more
/// than a few flyaway hairs).
const STEEP_LOW: f32 = 0.2;
const STEEP_HIGH: f32 = 0.8;

/// Mean over a `(2r+1)²` window (clamped at the borders) via a summed-area table.
pub(crate) fn box_mean(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let mut sat = vec![0f64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0f64;
        for x in 0..w {
            row += f64::from(src[y * w + x]);
            sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
        }
    }
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
            let s = sat[yb * (w + 1) + xb] - sat[ya * (w + 1) + xb] - sat[yb * (w + 1) + xa]
                + sat[ya * (w + 1) + xa];
            out[y * w + x] = (s / ((yb - ya) * (xb - xa)) as f64) as f32;
        }
    }
    out
}

/// He, Sun and Tang's guided filter (2010) with a grey guide: `p` smoothed so its
/// edges follow the guide's.
pub(crate) fn guided_filter(
    guide: &[f32],
    p: &[f32],
    w: usize,
    h: usize,
    r: usize,
    eps: f32,
) -> Vec<f32> {
    let n = w * h;
    let mean_i = box_mean(guide, w, h, r);
    let mean_p = box_mean(p, w, h, r);
    let ii: Vec<f32> = guide.iter().map(|v| v * v).collect();
    let ip: Vec<f32> = guide.iter().zip(p).map(|(a, b)| a * b).collect();
    let corr_ii = box_mean(&ii, w, h, r);
    let corr_ip = box_mean(&ip, w, h, r);
    let mut a = vec![0f32; n];
    let mut b = vec![0f32; n];
    for k in 0..n {
        let var = corr_ii[k] - mean_i[k] * mean_i[k];
        let cov = corr_ip[k] - mean_i[k] * mean_p[k];
        a[k] = cov / (var + eps);
        b[k] = mean_p[k] - a[k] * mean_i[k];
    }
    let mean_a = box_mean(&a, w, h, r);
    let mean_b = box_mean(&b, w, h, r);
    (0..n).map(|k| mean_a[k] * guide[k] + mean_b[k]).collect()
}

/// Refine `alpha` (person share per pixel of `img`, 0–1, sampled from the model's
/// mask) against the picture's own edges.
pub(crate) fn refine(img: &RgbImage, alpha: &[f32]) -> Vec<f32> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let guide: Vec<f32> = img
        .pixels()
        .map(|p| super::pixels::luma(p.0) / 255.0)
        .collect();
    let r = ((w.max(h) as f32 * GUIDE_RADIUS_SHARE).round() as usize).max(2);
    guided_filter(&guide, alpha, w, h, r, GUIDE_EPS)
        .into_iter()
        .map(|a| a.clamp(0.0, 1.0))
        .collect()
}

/// Put the person (alpha per pixel) onto pure white, with no colour of the old
/// backdrop left in the edge.
///
/// Alpha: in the uncertain band (alpha between `CLEAR` and `SOLID`) each pixel is
/// re-estimated from the colours around it: `B`, the local backdrop, and `F`, the
/// local person colour (both normalised convolutions). Its coverage becomes the
/// projection of `I − B` on `F − B` (a pixel that is a mix of hair and backdrop
/// projects to its true coverage; a leftover of the old backdrop that the loose
/// mask let in — blurred street beside test1's hair, the grey ring around test4 —
/// projects near 0), capped by the refined mask; what is shown is that coverage
/// steepened, so faint leftovers go and solid edges stay.
///
/// Colour: the subject's own colour in the band is estimated for the whole
/// picture at once ([`foreground`]: `I = αF + (1−α)B` with `F` and `B` smooth
/// where alpha is), and the shown pixel is `shown·F + (1−shown)·white`: a blend
/// of the subject and white, nothing else. (Dividing each pixel by its own alpha
/// instead, `(I − (1−α)B)/α`, overshoots wherever alpha or `B` is a little off:
/// it painted a blue rim round hair on a gold backdrop.) Where the coverage was
/// misjudged even the smooth estimate overshoots, so the edge takes its hue from
/// the solid person within `NEAR_RADIUS_SHARE` and only its brightness from the
/// estimate. Pixels the mask is sure of keep their own colour.
pub(crate) fn onto_white(img: &mut RgbImage, alpha: &[f32]) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if alpha.len() != w * h {
        return;
    }
    let r = ((w.max(h) as f32 * BACKDROP_RADIUS_SHARE).round() as usize).max(3);
    let back_w: Vec<f32> = alpha
        .iter()
        .map(|a| if *a < 0.5 { 1.0 - a } else { 0.0 })
        .collect();
    let fore_w: Vec<f32> = alpha
        .iter()
        .map(|a| if *a >= SOLID { 1.0 } else { 0.0 })
        .collect();
    let backdrop = local_colour(img, &back_w, r, 255.0);
    let person = local_colour(img, &fore_w, r, f32::NAN);
    // Pixels the mask is sure of right beside the band are looked at too: a mask
    // a pixel or two too wide calls a mixed pixel solid.
    let rim_r = ((w.max(h) as f32 * RIM_SHARE).round() as usize).max(1);
    let band: Vec<f32> = alpha
        .iter()
        .map(|a| if *a < SOLID { 1.0 } else { 0.0 })
        .collect();
    let near_band = box_mean(&band, w, h, rim_r);
    let looked = |k: usize| alpha[k] < SOLID || near_band[k] > 0.0;
    // Coverage (for the colour estimate) and what is shown, per pixel.
    let mut cover = vec![1f32; w * h];
    let mut shown = vec![1f32; w * h];
    for (k, px) in img.pixels().enumerate() {
        let mut a = alpha[k];
        if !looked(k) {
            continue;
        }
        let i = [f32::from(px.0[0]), f32::from(px.0[1]), f32::from(px.0[2])];
        let b = [backdrop[0][k], backdrop[1][k], backdrop[2][k]];
        let f = [person[0][k], person[1][k], person[2][k]];
        let fb = [f[0] - b[0], f[1] - b[1], f[2] - b[2]];
        let fb2 = fb[0] * fb[0] + fb[1] * fb[1] + fb[2] * fb[2];
        let proj = if fb2.is_finite() && fb2 > DISTINCT * DISTINCT {
            ((i[0] - b[0]) * fb[0] + (i[1] - b[1]) * fb[1] + (i[2] - b[2]) * fb[2]) / fb2
        } else {
            f32::NAN
        };
        // How far the pixel is off the line from the backdrop to the local person
        // colour: a mix of the two lies on it, between them; a colour of the
        // person's that the local mean does not stand for (a light shirt beside
        // dark hair) lies off it or beyond the backdrop, and its projection says
        // nothing about its coverage.
        let off_line = if proj.is_finite() {
            let r: [f32; 3] = std::array::from_fn(|c| i[c] - b[c] - proj * fb[c]);
            (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt()
        } else {
            f32::INFINITY
        };
        if off_line <= OFF_LINE.max(0.5 * fb2.sqrt()) && proj >= -BEYOND {
            a = a.min(proj.clamp(0.0, 1.0));
        } else {
            // Person and backdrop alike here (a white shirt on a pale wall), or the
            // pixel no mix of them: only a colour close to the backdrop gives way.
            let d = (0..3).map(|c| (i[c] - b[c]).abs()).fold(0.0f32, f32::max);
            a *= ((d - LIKE_BACKDROP) / UNLIKE_BACKDROP).clamp(0.0, 1.0);
        }
        cover[k] = a;
        let s = smoothstep(STEEP_LOW, STEEP_HIGH, a);
        shown[k] = if s < CLEAR { 0.0 } else { s };
    }
    let fore = foreground(img, &cover);
    let near_r = ((w.max(h) as f32 * NEAR_RADIUS_SHARE).round() as usize).max(2);
    let near = local_colour(img, &fore_w, near_r, f32::NAN);
    for (k, px) in img.pixels_mut().enumerate() {
        let s = shown[k];
        if !looked(k) || (alpha[k] >= SOLID && cover[k] >= 0.99) {
            continue;
        }
        if s <= 0.0 {
            px.0 = [255, 255, 255];
            continue;
        }
        let mut f = [
            fore[k * 3] * 255.0,
            fore[k * 3 + 1] * 255.0,
            fore[k * 3 + 2] * 255.0,
        ];
        // The subject's colour with its shading: the solid person's colour nearby,
        // as bright as the estimate says. Where alpha was misjudged the estimate
        // overshoots to the backdrop's complement (teal beside red, blue beside
        // gold); the person nearby has no such colour.
        let mut p = [near[0][k], near[1][k], near[2][k]];
        if !p.iter().all(|v| v.is_finite()) {
            // No solid person that close (a strand far out): the wider one.
            p = [person[0][k], person[1][k], person[2][k]];
        }
        let pp = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
        if pp.is_finite() && pp > 1.0 {
            let shade =
                ((f[0] * p[0] + f[1] * p[1] + f[2] * p[2]) / pp).clamp(SHADE_MIN, SHADE_MAX);
            f = p.map(|v| v * shade);
        }
        for c in 0..3 {
            px.0[c] = (s * f[c] + (1.0 - s) * 255.0).round().clamp(0.0, 255.0) as u8;
        }
    }
}

/// Smoothness of the foreground estimate (Germer, Uelwer, Conrad and Harmeling,
/// "Fast Multi-Level Foreground Estimation", 2020): neighbours pull a pixel's `F`
/// and `B` towards theirs with weight `FG_EPS + FG_OMEGA·|Δalpha|`, so colours
/// spread along the subject and along the backdrop but not across the edge.
const FG_EPS: f32 = 5e-3;
const FG_OMEGA: f32 = 0.1;
/// Sweeps per level: many on the small levels (cheap), two on the large ones.
const FG_SMALL: usize = 32;
const FG_SMALL_ITER: usize = 10;
const FG_BIG_ITER: usize = 2;

/// The subject's colour `F` (0–1, 3 per pixel) behind every pixel of `img`, given
/// its coverage `alpha`: the least-squares solution of `I = αF + (1−α)B` with
/// `F` and `B` smooth, solved coarse to fine. From a 1×1 picture up to the full
/// size in steps of about ×2, each level starts from the previous level's `F` and
/// `B` and refines them by a few Gauss–Seidel sweeps; each pixel's update is a
/// 2×2 linear system (shared by the three channels) of its data term and its
/// four neighbours.
pub(crate) fn foreground(img: &RgbImage, alpha: &[f32]) -> Vec<f32> {
    let (w0, h0) = (img.width() as usize, img.height() as usize);
    let n0 = w0 * h0;
    if n0 == 0 || alpha.len() != n0 {
        return Vec::new();
    }
    let src: Vec<f32> = img.as_raw().iter().map(|&v| f32::from(v) / 255.0).collect();
    let levels = (w0.max(h0) as f32).log2().ceil().max(1.0) as i32;
    let mut fg = vec![0f32; 3];
    let mut bg = vec![0f32; 3];
    // The 1×1 start: the mean colour for both.
    for c in 0..3 {
        let m = src.iter().skip(c).step_by(3).sum::<f32>() / n0 as f32;
        fg[c] = m;
        bg[c] = m;
    }
    let (mut pw, mut ph) = (1usize, 1usize);
    for level in 0..=levels {
        let t = level as f32 / levels as f32;
        let w = ((w0 as f32).powf(t).round() as usize).clamp(1, w0);
        let h = ((h0 as f32).powf(t).round() as usize).clamp(1, h0);
        // This level's picture and alpha (nearest sample of the full size), and
        // F, B carried up from the previous level (nearest).
        let mut ii = vec![0f32; w * h * 3];
        let mut aa = vec![0f32; w * h];
        let mut f = vec![0f32; w * h * 3];
        let mut b = vec![0f32; w * h * 3];
        for y in 0..h {
            let sy = (y * h0 / h).min(h0 - 1);
            let py = (y * ph / h).min(ph - 1);
            for x in 0..w {
                let sx = (x * w0 / w).min(w0 - 1);
                let px = (x * pw / w).min(pw - 1);
                let k = y * w + x;
                aa[k] = alpha[sy * w0 + sx].clamp(0.0, 1.0);
                for c in 0..3 {
                    ii[k * 3 + c] = src[(sy * w0 + sx) * 3 + c];
                    f[k * 3 + c] = fg[(py * pw + px) * 3 + c];
                    b[k * 3 + c] = bg[(py * pw + px) * 3 + c];
                }
            }
        }
        let iters = if w <= FG_SMALL && h <= FG_SMALL {
            FG_SMALL_ITER
        } else {
            FG_BIG_ITER
        };
        for _ in 0..iters {
            for y in 0..h {
                for x in 0..w {
                    let k = y * w + x;
                    let a0 = aa[k];
                    let a1 = 1.0 - a0;
                    let mut wsum = 0f32;
                    let mut fsum = [0f32; 3];
                    let mut bsum = [0f32; 3];
                    let mut add = |j: usize| {
                        let wt = FG_EPS + FG_OMEGA * (a0 - aa[j]).abs();
                        wsum += wt;
                        for c in 0..3 {
                            fsum[c] += wt * f[j * 3 + c];
                            bsum[c] += wt * b[j * 3 + c];
                        }
                    };
                    if x > 0 {
                        add(k - 1);
                    }
                    if x + 1 < w {
                        add(k + 1);
                    }
                    if y > 0 {
                        add(k - w);
                    }
                    if y + 1 < h {
                        add(k + w);
                    }
                    let m00 = a0 * a0 + wsum;
                    let m01 = a0 * a1;
                    let m11 = a1 * a1 + wsum;
                    let det = m00 * m11 - m01 * m01;
                    if det.abs() < 1e-12 {
                        continue;
                    }
                    for c in 0..3 {
                        let i = ii[k * 3 + c];
                        let r0 = a0 * i + fsum[c];
                        let r1 = a1 * i + bsum[c];
                        f[k * 3 + c] = ((m11 * r0 - m01 * r1) / det).clamp(0.0, 1.0);
                        b[k * 3 + c] = ((m00 * r1 - m01 * r0) / det).clamp(0.0, 1.0);
                    }
                }
            }
        }
        fg = f;
        bg = b;
        pw = w;
        ph = h;
    }
    fg
}

/// Colour of the pixels weighted by `weight` within radius `r` of each pixel,
/// per channel; `empty` where no weight is within reach.
fn local_colour(img: &RgbImage, weight: &[f32], r: usize, empty: f32) -> [Vec<f32>; 3] {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let wsum = box_mean(weight, w, h, r);
    let mut out = [vec![0f32; w * h], vec![0f32; w * h], vec![0f32; w * h]];
    for (c, out) in out.iter_mut().enumerate() {
        let weighted: Vec<f32> = img
            .pixels()
            .zip(weight)
            .map(|(p, wt)| f32::from(p.0[c]) * wt)
            .collect();
        let m = box_mean(&weighted, w, h, r);
        for k in 0..w * h {
            out[k] = if wsum[k] > 1e-3 {
                m[k] / wsum[k]
            } else {
                empty
            };
        }
    }
    out
}

fn smoothstep(lo: f32, hi: f32, x: f32) -> f32 {
    let t = ((x - lo) / (hi - lo)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn box_mean_of_a_constant_is_that_constant_and_averages_a_step() {
        let src = vec![2.0f32; 6 * 4];
        assert!(box_mean(&src, 6, 4, 2)
            .iter()
            .all(|v| (v - 2.0).abs() < 1e-6));
        // 1D step 0,0,0,1,1,1 with r = 1: the middle pair averages to 1/3 and 2/3.
        let step = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        let m = box_mean(&step, 6, 1, 1);
        assert!((m[2] - 1.0 / 3.0).abs() < 1e-6 && (m[3] - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn guided_filter_snaps_a_blocky_mask_to_the_photos_edge() {
        // Dark person on the left 0..12 of 24 columns, light backdrop on the right;
        // the mask says the edge is at 16 in 4-px blocks.
        let (w, h) = (24usize, 8usize);
        let guide: Vec<f32> = (0..w * h)
            .map(|k| if k % w < 12 { 0.2 } else { 0.9 })
            .collect();
        let mask: Vec<f32> = (0..w * h)
            .map(|k| if k % w < 16 { 1.0 } else { 0.0 })
            .collect();
        let q = guided_filter(&guide, &mask, w, h, 4, 1e-4);
        let row = &q[3 * w..4 * w];
        assert!(row[6] > 0.9, "inside the person stays person: {row:?}");
        // The steepest step is where the photo's edge is (11 → 12), not where the
        // mask's was (15 → 16); the input mask had no step at 11 at all.
        let steepest = (0..w - 1)
            .max_by(|&a, &b| (row[a] - row[a + 1]).total_cmp(&(row[b] - row[b + 1])))
            .unwrap();
        assert_eq!(steepest, 11, "{row:?}");
        assert!(row[11] - row[12] > 0.15, "{row:?}");
        assert!(row[22] < 0.1, "backdrop stays backdrop: {row:?}");
    }

    #[test]
    fn edge_pixels_lose_the_old_backdrop_colour() {
        // Brown backdrop (150,100,60); a grey person (90,90,90) on the left; the
        // column between is half and half.
        let (w, h) = (40u32, 10u32);
        let brown = [150u8, 100, 60];
        let grey = [90u8, 90, 90];
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let a = if x < 15 {
                    1.0
                } else if x == 15 {
                    0.5
                } else {
                    0.0
                };
                let mix = |c: usize| {
                    (a * f32::from(grey[c]) + (1.0 - a) * f32::from(brown[c])).round() as u8
                };
                img.put_pixel(x, y, Rgb([mix(0), mix(1), mix(2)]));
                alpha[(y * w + x) as usize] = a;
            }
        }
        onto_white(&mut img, &alpha);
        let edge = img.get_pixel(15, 5).0;
        // Expected: half grey, half white = (172.5, 172.5, 172.5); a plain blend
        // would keep the brown cast (120, 95, 75 → red over blue by 45).
        let cast = i32::from(edge[0]) - i32::from(edge[2]);
        assert!(cast.abs() <= 3, "edge keeps a colour cast: {edge:?}");
        assert!((i32::from(edge[1]) - 172).abs() <= 3, "{edge:?}");
        assert_eq!(img.get_pixel(30, 5).0, [255, 255, 255]);
        assert_eq!(img.get_pixel(5, 5).0, grey);
    }

    #[test]
    fn foreground_estimate_recovers_the_subject_colour_behind_a_ramp() {
        // A dark-red subject on the left fading over 10 px into a gold backdrop:
        // I = aF + (1-a)B. The estimate of F in the ramp is the subject's colour,
        // not the gold and not its complement.
        let (w, h) = (48u32, 12u32);
        let (fc, bc) = ([120.0f32, 30.0, 40.0], [212.0f32, 175.0, 55.0]);
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let a = (1.0 - (x as f32 - 18.0) / 10.0).clamp(0.0, 1.0);
                alpha[(y * w + x) as usize] = a;
                let c = |i: usize| (a * fc[i] + (1.0 - a) * bc[i]).round() as u8;
                img.put_pixel(x, y, Rgb([c(0), c(1), c(2)]));
            }
        }
        let f = foreground(&img, &alpha);
        for x in 18..27 {
            let k = (6 * w + x) as usize * 3;
            let got = [f[k] * 255.0, f[k + 1] * 255.0, f[k + 2] * 255.0];
            for c in 0..3 {
                assert!(
                    (got[c] - fc[c]).abs() < 12.0,
                    "x {x}: F {got:?}, subject {fc:?}"
                );
            }
        }
        // Bad input gives nothing rather than a panic.
        assert!(foreground(&img, &alpha[1..]).is_empty());
        assert!(foreground(&RgbImage::new(0, 0), &[]).is_empty());
    }

    /// Distance from `c` to the blends `α·s·f + (1−α)·white` (α in 0–1, s in
    /// 0.5–1.5): the triangle white, 0.5f, 1.5f.
    fn off_blend(c: [f32; 3], f: [f32; 3]) -> f32 {
        let sub = |a: [f32; 3], b: [f32; 3]| [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
        let dot = |a: [f32; 3], b: [f32; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        let seg = |p: [f32; 3], a: [f32; 3], b: [f32; 3]| {
            let ab = sub(b, a);
            let t = (dot(sub(p, a), ab) / dot(ab, ab).max(1e-9)).clamp(0.0, 1.0);
            let q = [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]];
            dot(sub(p, q), sub(p, q)).sqrt()
        };
        let (a, b, cc) = ([255.0; 3], f.map(|v| v * 0.5), f.map(|v| v * 1.5));
        let (v0, v1, v2) = (sub(b, a), sub(cc, a), sub(c, a));
        let (d00, d01, d11) = (dot(v0, v0), dot(v0, v1), dot(v1, v1));
        let (d20, d21) = (dot(v2, v0), dot(v2, v1));
        let den = d00 * d11 - d01 * d01;
        if den.abs() > 1e-6 {
            let v = (d11 * d20 - d01 * d21) / den;
            let u = (d00 * d21 - d01 * d20) / den;
            if v >= 0.0 && u >= 0.0 && u + v <= 1.0 {
                let q: [f32; 3] = std::array::from_fn(|k| a[k] + v * v0[k] + u * v1[k]);
                return dot(sub(c, q), sub(c, q)).sqrt();
            }
        }
        seg(c, a, b).min(seg(c, b, cc)).min(seg(c, a, cc))
    }

    #[test]
    fn every_output_pixel_is_a_blend_of_the_subject_and_white_whatever_the_backdrop() {
        // Property over generated pictures: a subject of one colour (with ±10 %
        // shading) behind a wavy soft edge, on a backdrop of another colour; the
        // mask the fix gets is the true alpha shifted by up to 2 px and blocky,
        // as the 256² model's is. Whatever the colours, no output pixel may be
        // anything but a shade of the subject blended with white.
        let mut seed = 0x1234_5678_u32;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed % 10_000) as f32 / 10_000.0
        };
        // The size of a fixed photo's edge region (the fix works at ~413×579).
        let (w, h) = (240u32, 160u32);
        for case in 0..24 {
            let f = [
                30.0 + 200.0 * rnd(),
                30.0 + 200.0 * rnd(),
                30.0 + 200.0 * rnd(),
            ];
            let mut b = [255.0 * rnd(), 255.0 * rnd(), 255.0 * rnd()];
            // Keep the backdrop distinct from the subject (else nothing can tell).
            if (0..3).map(|k| (f[k] - b[k]).abs()).fold(0.0, f32::max) < 60.0 {
                b = f.map(|v| if v > 128.0 { v - 110.0 } else { v + 110.0 });
            }
            let (phase, amp, shift) = (
                std::f32::consts::TAU * rnd(),
                2.0 + 4.0 * rnd(),
                -2.0 + 4.0 * rnd(),
            );
            let edge = |y: f32| 120.0 + amp * (y / 6.0 + phase).sin();
            let mut img = RgbImage::new(w, h);
            let mut mask = vec![0f32; (w * h) as usize];
            for y in 0..h {
                for x in 0..w {
                    let e = edge(y as f32);
                    let a = ((e - x as f32) / 3.0 + 0.5).clamp(0.0, 1.0);
                    let shade = 0.9 + 0.2 * ((x * 7 + y * 3) % 11) as f32 / 10.0;
                    let px: [u8; 3] = std::array::from_fn(|k| {
                        (a * f[k] * shade + (1.0 - a) * b[k])
                            .round()
                            .clamp(0.0, 255.0) as u8
                    });
                    img.put_pixel(x, y, Rgb(px));
                    // The model's mask: shifted, in 3-px blocks.
                    let (bx, by) = ((x / 3 * 3) as f32 + 1.0, (y / 3 * 3) as f32 + 1.0);
                    mask[(y * w + x) as usize] =
                        ((edge(by) + shift - bx) / 3.0 + 0.5).clamp(0.0, 1.0);
                }
            }
            let alpha = refine(&img, &mask);
            onto_white(&mut img, &alpha);
            for (x, y, p) in img.enumerate_pixels() {
                let c = p.0.map(f32::from);
                let d = off_blend(c, f);
                assert!(
                    d <= 14.0,
                    "case {case}: subject {f:?} on {b:?}: pixel ({x},{y}) {:?} is {d:.0} off the blends",
                    p.0
                );
            }
        }
    }

    #[test]
    fn a_light_shirt_beside_dark_hair_is_kept_not_turned_white() {
        // Dark hair over most of the person, a strip of cream shirt at its edge,
        // a beige wall beyond; the mask is right but its edge band is soft. The
        // local person colour is the hair's, and the shirt, lighter than the
        // wall, projects below zero on the hair–wall line: it is no mix of them,
        // so the mask's alpha holds and the shirt stays.
        let (w, h) = (200u32, 40u32);
        let (hair, shirt, wall) = ([40u8, 30, 25], [242u8, 236, 222], [170u8, 150, 135]);
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let (c, a) = match x {
                    0..=95 => (hair, 1.0),
                    96..=101 => (shirt, 0.9),
                    102 => (shirt, 0.6),
                    _ => (wall, 0.0),
                };
                img.put_pixel(x, y, Rgb(c));
                alpha[(y * w + x) as usize] = a;
            }
        }
        onto_white(&mut img, &alpha);
        for x in 96..=101 {
            let p = img.get_pixel(x, 20).0;
            assert!(p[2] <= 232, "shirt at x {x} turned white: {p:?}");
        }
        assert_eq!(img.get_pixel(150, 20).0, [255, 255, 255]);
    }
}
