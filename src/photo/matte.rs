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
/// Alpha below this is backdrop (pure white); above `SOLID`, person as it is.
const CLEAR: f32 = 0.04;
const SOLID: f32 = 0.97;
/// In the uncertain band: a colour within `LIKE_BACKDROP` (max channel difference)
/// of the local backdrop is backdrop; alpha is kept in full from
/// `LIKE_BACKDROP + UNLIKE_BACKDROP` on (sensor noise is a few levels; hair on
/// a light backdrop differs by 100 and more).
const LIKE_BACKDROP: f32 = 10.0;
const UNLIKE_BACKDROP: f32 = 40.0;
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
        .map(|p| super::analyze::luma(p.0) / 255.0)
        .collect();
    let r = ((w.max(h) as f32 * GUIDE_RADIUS_SHARE).round() as usize).max(2);
    guided_filter(&guide, alpha, w, h, r, GUIDE_EPS)
        .into_iter()
        .map(|a| a.clamp(0.0, 1.0))
        .collect()
}

/// Put the person (alpha per pixel) onto pure white, taking the local backdrop
/// colour out of the edge pixels.
///
/// In the uncertain band (alpha between `CLEAR` and `SOLID`) each pixel is
/// re-estimated from the colours around it: `B`, the local backdrop, and `F`, the
/// local person colour (both normalised convolutions). Its alpha becomes the
/// projection of `I − B` on `F − B` (a pixel that is a mix of hair and backdrop
/// projects to its true coverage; a leftover of the old backdrop that the loose
/// mask let in — blurred street beside test1's hair, the grey ring around test4 —
/// projects near 0), capped by the refined mask, then steepened so faint
/// leftovers go and solid edges stay. The pixel's own foreground colour
/// `(I − (1−α)B)/α` is composited onto white: no trace of `B` remains.
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
    for (k, px) in img.pixels_mut().enumerate() {
        let mut a = alpha[k];
        if a >= SOLID {
            continue;
        }
        let i = [f32::from(px.0[0]), f32::from(px.0[1]), f32::from(px.0[2])];
        let b = [backdrop[0][k], backdrop[1][k], backdrop[2][k]];
        let f = [person[0][k], person[1][k], person[2][k]];
        let fb = [f[0] - b[0], f[1] - b[1], f[2] - b[2]];
        let fb2 = fb[0] * fb[0] + fb[1] * fb[1] + fb[2] * fb[2];
        if fb2.is_finite() && fb2 > DISTINCT * DISTINCT {
            let proj =
                ((i[0] - b[0]) * fb[0] + (i[1] - b[1]) * fb[1] + (i[2] - b[2]) * fb[2]) / fb2;
            a = a.min(proj.clamp(0.0, 1.0));
        } else {
            // Person and backdrop alike here (a white shirt on a pale wall): only a
            // colour close to the backdrop gives way.
            let d = (0..3).map(|c| (i[c] - b[c]).abs()).fold(0.0f32, f32::max);
            a *= ((d - LIKE_BACKDROP) / UNLIKE_BACKDROP).clamp(0.0, 1.0);
        }
        let shown = smoothstep(STEEP_LOW, STEEP_HIGH, a);
        if shown < CLEAR {
            px.0 = [255, 255, 255];
            continue;
        }
        for c in 0..3 {
            let fg = if a > 0.05 {
                ((i[c] - (1.0 - a) * b[c]) / a).clamp(0.0, 255.0)
            } else {
                i[c]
            };
            px.0[c] = (shown * fg + (1.0 - shown) * 255.0).clamp(0.0, 255.0) as u8;
        }
    }
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
}
