//! Cutting the person out onto white at the output size: the person mask (256×256
//! from the segmentation model, blocky and a little loose) is refined to the photo's
//! own edges with a colour guided filter ([`refine`]), each edge pixel's coverage is
//! re-estimated from the sure person and backdrop colours beside it ([`ray_cover`]),
//! and the subject's own colour behind the edge ([`foreground`]) is blended onto
//! white ([`onto_white`]); above the eyes, old backdrop the mask took for hair
//! goes first ([`backdrop_pockets`]); last, what sticks out of the silhouette narrower than
//! a few px (flyaway strands, wisps) fades out ([`clean_outline`]).
//!
//! Why all three: a guided filter alone gives smooth, edge-following alpha but
//! follows a loose mask over backdrop the mask took for person (a shelf behind
//! hair) and cannot see a backdrop as dark or light as the hair; and an edge pixel
//! is a mix of hair and the old backdrop, so compositing it as it is leaves a ring
//! of the backdrop's colour (brown around test4's hair). And an ID photo wants a
//! clean outline, as a studio retoucher leaves it: a lone strand across the white
//! (test1's right side, test0's crown, test4's curls) reads as a flaw, and it put
//! a 7-px notch in test1's silhouette. Everything here is f32/f64
//! arithmetic in a fixed order (the foreground estimate's level sizes use
//! `log2`/`powf`, in wasm the module's own libm): the same bytes on every engine.

use image::RgbImage;

mod foreground;
mod guided;
mod outline;
mod pockets;
mod rays;
use foreground::*;
use guided::*;
use outline::*;
use pockets::*;
use rays::*;

/// Guided-filter window radius and regulariser, for an output about 600 px wide: a
/// radius of ~1 % of the width follows hair strands without bringing back the
/// mask's 2–3 px blocks; eps (guide in 0–1 units) keeps flat regions' alpha as the
/// mask says and lets strong edges in the photo decide.
const GUIDE_RADIUS_SHARE: f32 = 0.012;
const GUIDE_EPS: f32 = 0.002;
/// Radius of the wider person colour an edge pixel takes its hue from when no
/// solid person is within `NEAR_RADIUS_SHARE` (a strand far out).
const BACKDROP_RADIUS_SHARE: f32 = 0.04;
/// Radius (share of the long side) of the solid person's colour an edge pixel
/// takes its hue from, and how much darker or lighter than it the edge may be.
const NEAR_RADIUS_SHARE: f32 = 0.015;
const SHADE_MIN: f32 = 0.5;
const SHADE_MAX: f32 = 1.5;
/// Solid pixels within this share of the long side of the uncertain band are
/// re-estimated too; to `OUTER_RIM_SHARE` only plain backdrop gives way.
const RIM_SHARE: f32 = 0.005;
const OUTER_RIM_SHARE: f32 = 0.02;
/// Alpha below this is backdrop (pure white); above `SOLID`, person as it is.
const CLEAR: f32 = 0.04;
const SOLID: f32 = 0.97;
/// Person and backdrop colours closer than this (RGB distance) cannot tell a
/// mixed pixel's coverage.
const DISTINCT: f32 = 40.0;
/// The sampled coverage is smoothed by a colour guided filter this wide (px)
/// and with this regulariser: speckle goes, the photo's edges stay.
const SMOOTH_RADIUS: usize = 2;
const SMOOTH_EPS: f32 = 1e-3;
/// Alpha is shown through a smoothstep from `STEEP_LOW` to `STEEP_HIGH`: faint
/// leftovers vanish, edges stay crisp (an ID photo wants a clean outline more
/// than a few flyaway hairs).
const STEEP_LOW: f32 = 0.2;
const STEEP_HIGH: f32 = 0.8;
/// Half-width (share of the long side) of the square the outline is opened
/// with: what sticks out of the silhouette narrower than about twice this goes.
const OUTLINE_SHARE: f32 = 0.005;

/// Refine `alpha` (person share per pixel of `img`, 0–1, sampled from the model's
/// mask) against the picture's own edges (colour guide).
pub(crate) fn refine(img: &RgbImage, alpha: &[f32]) -> Vec<f32> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let guide: Vec<[f32; 3]> = img
        .pixels()
        .map(|p| p.0.map(|v| f32::from(v) / 255.0))
        .collect();
    let r = ((w.max(h) as f32 * GUIDE_RADIUS_SHARE).round() as usize).max(2);
    fast_guided_filter_rgb(&guide, alpha, w, h, r, GUIDE_EPS)
        .into_iter()
        .map(|a| a.clamp(0.0, 1.0))
        .collect()
}

/// Put the person (alpha per pixel) onto pure white, with no colour of the old
/// backdrop left in the edge.
///
/// Alpha: in the uncertain band (alpha between `CLEAR` and `SOLID`, and the
/// solid pixels within `RIM_SHARE` of it) each pixel's coverage is re-estimated
/// from the sure person and sure backdrop colours around it ([`ray_cover`]:
/// the pair of sampled colours that best explains the pixel as their mix); a
/// leftover of the old backdrop that the loose mask let in (a shelf beside
/// test2's hair, the wall between test4's curls and neck) comes out near 0,
/// a mixed hair pixel at its coverage. Further in, to `OUTER_RIM_SHARE`, only a
/// colour plainly of the backdrop and of no person colour nearby gives way.
/// Where colour cannot tell (person and backdrop alike, or nothing sure within
/// reach) the mask's alpha stands. The estimate is then smoothed by a colour
/// guided filter of radius `SMOOTH_RADIUS` (per-pixel estimates are noisy; the
/// filter keeps their edges where the photo has them). What is shown is that
/// coverage steepened, so faint leftovers go and solid edges stay, and with
/// what sticks out of the silhouette narrower than about `2 × OUTLINE_SHARE` of
/// the long side faded out where it touches the white outside ([`clean_outline`]).
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
///
/// Above `eye_row` (the eye line's row, when the face is known) the old
/// backdrop the mask took for hair goes first ([`backdrop_pockets`]): a smooth
/// patch of the backdrop's colours reached from it, which no mix of the hair
/// and the backdrop beyond it explains (test1's blurred sky above the crown).
pub(crate) fn onto_white(img: &mut RgbImage, alpha: &[f32], eye_row: Option<usize>) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if alpha.len() != w * h {
        return;
    }
    let long = w.max(h) as f32;
    let r = ((long * BACKDROP_RADIUS_SHARE).round() as usize).max(3);
    let band: Vec<f32> = alpha
        .iter()
        .map(|a| if *a < SOLID { 1.0 } else { 0.0 })
        .collect();
    // Pixels the mask is sure of right beside the band are looked at too (a mask
    // a pixel or two too wide calls a mixed pixel solid), and further in, a
    // pocket of backdrop the mask took for person.
    let rim_r = ((long * RIM_SHARE).round() as usize).max(1);
    let outer_r = ((long * OUTER_RIM_SHARE).round() as usize).max(rim_r);
    let near_band = box_mean(&band, w, h, rim_r);
    let near_outer = box_mean(&band, w, h, outer_r);
    let looked: Vec<bool> = (0..w * h)
        .map(|k| alpha[k] < SOLID || near_outer[k] > 0.0)
        .collect();
    let deep: Vec<bool> = (0..w * h).map(|k| !looked[k]).collect();
    let sure_back: Vec<bool> = alpha.iter().map(|a| *a < CLEAR).collect();
    // Above the eyes, the old backdrop the mask took for hair is backdrop, and
    // never a sample of the person. (Not a backdrop sample either: where its
    // colour is near the hair's, a shelf beside test2's hair, the hair's edge
    // would be taken for a mix of them and fade.)
    let pocket = match eye_row {
        Some(row) => backdrop_pockets(img, &sure_back, &deep, &looked, row),
        None => vec![false; w * h],
    };
    let fore_w: Vec<f32> = (0..w * h)
        .map(|k| {
            if alpha[k] >= SOLID && !pocket[k] {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    // Strict: solid, beyond the inner rim. Sure person for the band: solid beyond
    // the inner rim; for the strict pixels: beyond the outer rim.
    let strict: Vec<bool> = (0..w * h)
        .map(|k| alpha[k] >= SOLID && near_band[k] <= 0.0 && !pocket[k])
        .collect();
    let sampled = ray_cover(img, alpha, &strict, &deep, &sure_back, &looked, &strict);
    let est: Vec<f32> = (0..w * h)
        .map(|k| {
            let (a, r) = (alpha[k], sampled[k]);
            if pocket[k] {
                0.0
            } else if !looked[k] || !r.is_finite() {
                a
            } else if a < SOLID {
                r
            } else {
                a.min(r)
            }
        })
        .collect();
    let guide: Vec<[f32; 3]> = img
        .pixels()
        .map(|p| p.0.map(|v| f32::from(v) / 255.0))
        .collect();
    let smooth = guided_filter_rgb(&guide, &est, w, h, SMOOTH_RADIUS, SMOOTH_EPS);
    // Coverage (for the colour estimate) and what is shown, per pixel.
    let mut cover = vec![1f32; w * h];
    let mut shown = vec![1f32; w * h];
    for k in 0..w * h {
        if !looked[k] {
            continue;
        }
        let a = smooth[k].clamp(0.0, 1.0);
        cover[k] = a;
        let s = smoothstep(STEEP_LOW, STEEP_HIGH, a);
        shown[k] = if s < CLEAR { 0.0 } else { s };
    }
    let open_r = ((long * OUTLINE_SHARE).round() as usize).max(1);
    clean_outline(&mut shown, w, h, open_r);
    for s in shown.iter_mut() {
        if *s < CLEAR {
            *s = 0.0;
        }
    }
    let fore = foreground(img, &cover);
    let near_r = ((w.max(h) as f32 * NEAR_RADIUS_SHARE).round() as usize).max(2);
    let near = local_colour(img, &fore_w, near_r, f32::NAN);
    // The wider person colour, only where some shown edge pixel has no solid
    // person that close (a strand far out).
    let far = (0..w * h)
        .any(|k| looked[k] && shown[k] > 0.0 && cover[k] < 0.99 && !near[0][k].is_finite());
    let person = if far {
        local_colour(img, &fore_w, r, f32::NAN)
    } else {
        [Vec::new(), Vec::new(), Vec::new()]
    };
    for (k, px) in img.pixels_mut().enumerate() {
        let s = shown[k];
        if !looked[k] || (alpha[k] >= SOLID && cover[k] >= 0.99) {
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
            p = if far {
                [person[0][k], person[1][k], person[2][k]]
            } else {
                [f32::NAN; 3]
            };
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
    light_rim(img, &shown, &looked);
}

/// A subject as light as the new white (a white shirt or collar) would have no
/// outline against it: its own pixels along the outline (the half-shown
/// contour) are shaded to at least
/// `RIM_LEVELS` below white on their lowest channel (the whole colour scaled,
/// so it stays a shade of the subject's own colour), half that one pixel
/// further in, as a light fabric's edge falls off in a studio photo.
const RIM_LEVELS: f32 = 22.0;

fn light_rim(img: &mut RgbImage, shown: &[f32], looked: &[bool]) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let white: Vec<f32> = (0..w * h)
        .map(|k| {
            if looked[k] && shown[k] <= 0.0 {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let near1 = box_mean(&white, w, h, 1);
    let near2 = box_mean(&white, w, h, 2);
    let target = 255.0 - RIM_LEVELS;
    for (k, px) in img.pixels_mut().enumerate() {
        if shown[k] < 0.5 || near2[k] <= 0.0 {
            continue;
        }
        let lo = f32::from(*px.0.iter().min().unwrap_or(&0));
        let want = if near1[k] > 0.0 {
            target
        } else {
            (target + 255.0) / 2.0
        };
        if lo <= want {
            continue;
        }
        let scale = want / lo;
        px.0 = px.0.map(|v| (f32::from(v) * scale).round() as u8);
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
        let guide: Vec<[f32; 3]> = guide.iter().map(|&g| [g; 3]).collect();
        let q = guided_filter_rgb(&guide, &mask, w, h, 4, 1e-4);
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
        onto_white(&mut img, &alpha, None);
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

    /// The edge measure with the shading these generated subjects have (±10 %,
    /// and their edge's own ramp): 0.5–1.5.
    fn off_blend(c: [f32; 3], f: [f32; 3]) -> f32 {
        crate::photo::measure::off_blend(c, f, [0.5, 1.5])
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
            onto_white(&mut img, &alpha, None);
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
        onto_white(&mut img, &alpha, None);
        for x in 96..=101 {
            let p = img.get_pixel(x, 20).0;
            assert!(p[2] <= 232, "shirt at x {x} turned white: {p:?}");
        }
        assert_eq!(img.get_pixel(150, 20).0, [255, 255, 255]);
    }

    #[test]
    fn a_white_shirt_on_a_white_wall_keeps_its_outline() {
        // A shirt at 246 on a wall at 236: no colour tells them apart, so the
        // mask's alpha stands (the shirt is kept, not turned white), and its own
        // pixels along the outline are shaded to at least 22 levels below white
        // so the shoulder still reads against the new white.
        let (w, h) = (120u32, 60u32);
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let inside = x < 60;
                img.put_pixel(
                    x,
                    y,
                    Rgb(if inside {
                        [246, 246, 244]
                    } else {
                        [236, 236, 232]
                    }),
                );
                alpha[(y * w + x) as usize] = if inside { 1.0 } else { 0.0 };
            }
        }
        let alpha = refine(&img, &alpha);
        onto_white(&mut img, &alpha, None);
        let row: Vec<[u8; 3]> = (0..w).map(|x| img.get_pixel(x, 30).0).collect();
        assert!(
            row[30].iter().all(|&c| c >= 240),
            "shirt kept as it is: {:?}",
            row[30]
        );
        assert_eq!(row[100], [255, 255, 255], "wall white");
        let outline = (0..w as usize)
            .rev()
            .find(|&x| row[x] != [255, 255, 255])
            .expect("shirt kept");
        assert!(
            (55..=64).contains(&outline),
            "outline at {outline}: {row:?}"
        );
        let darkest = row[outline.saturating_sub(2)..=outline]
            .iter()
            .map(|p| *p.iter().min().unwrap())
            .min()
            .unwrap();
        assert!(
            darkest <= 233,
            "outline {darkest} is not seen against white: {row:?}"
        );
    }

    #[test]
    fn a_blurred_sky_patch_the_mask_took_for_hair_goes_white_above_the_eyes() {
        // Textured dark hair from row 60 on a green backdrop, with a pale
        // building at the right; above the hair in columns 40–120 a pale patch
        // (the sky, blurred) blends from the green over rows 20–32, and the
        // mask covers it softly from row 30 (alpha 0.3 rising to 0.96 at the
        // hair), as the model's did above test1's crown.
        let (w, h) = (160u32, 200u32);
        let (green, pale) = ([160.0f32, 175.0, 105.0], [205.0f32, 212.0, 220.0]);
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let (c, a) = if y >= 60 {
                    let v = if (x + y / 3) % 2 == 0 { 60.0 } else { 100.0 };
                    ([v, v - 5.0, v - 10.0], 1.0)
                } else if x >= 140 {
                    (pale, 0.0)
                } else if (40..120).contains(&x) && y >= 20 {
                    let t = ((y - 20) as f32 / 12.0).min(1.0);
                    let a = if y >= 30 {
                        0.3 + 0.66 * (y - 30) as f32 / 30.0
                    } else {
                        0.0
                    };
                    (
                        std::array::from_fn(|c| green[c] * (1.0 - t) + pale[c] * t),
                        a,
                    )
                } else {
                    (green, 0.0)
                };
                img.put_pixel(x, y, Rgb(c.map(|v| v.round() as u8)));
                alpha[(y * w + x) as usize] = a;
            }
        }
        let mut kept = img.clone();
        onto_white(&mut kept, &alpha, None);
        let patch = |img: &RgbImage| img.get_pixel(80, 50).0;
        assert!(
            patch(&kept).iter().any(|&c| c < 235),
            "without the eye line the patch stands (the old behaviour): {:?}",
            patch(&kept)
        );
        onto_white(&mut img, &alpha, Some(180));
        for (x, y) in [(80, 35), (50, 45), (80, 50), (110, 55)] {
            let p = img.get_pixel(x, y).0;
            assert!(
                p.iter().all(|&c| c >= 245),
                "patch at ({x}, {y}) kept: {p:?}"
            );
        }
        // The hair below it stays as it was.
        for (x, y) in [(60, 80), (61, 80), (100, 120)] {
            assert_eq!(
                img.get_pixel(x, y).0,
                kept.get_pixel(x, y).0,
                "hair at ({x}, {y})"
            );
            assert!(img.get_pixel(x, y).0[0] <= 100);
        }
    }

    #[test]
    fn a_thin_strand_across_the_white_goes_and_the_side_stays() {
        // A dark subject on the left (x < 150) on a beige backdrop, and a 2-px
        // strand of the same dark leaving its side at row 60 for the right
        // border; the mask includes the strand. An ID photo's outline is clean:
        // the strand goes (white), the subject's side beside it stays as it is.
        let (w, h) = (400u32, 200u32);
        let (dark, beige) = ([50u8, 40, 35], [200u8, 185, 160]);
        let on_strand = |x: u32, y: u32| {
            let line = 60.0 + (x as f32 - 150.0) * 0.3;
            x >= 150 && (y as f32 - line).abs() < 1.0
        };
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let person = x < 150 || on_strand(x, y);
                img.put_pixel(x, y, Rgb(if person { dark } else { beige }));
                alpha[(y * w + x) as usize] = if person { 1.0 } else { 0.0 };
            }
        }
        let alpha = refine(&img, &alpha);
        onto_white(&mut img, &alpha, None);
        for x in 160..w {
            let y = (60.0 + (x as f32 - 150.0) * 0.3).round() as u32;
            if y >= h {
                break;
            }
            for dy in 0..3 {
                let p = img.get_pixel(x, (y + dy).saturating_sub(1)).0;
                assert!(
                    p.iter().all(|&c| c >= 250),
                    "strand left at ({x}, {y}): {p:?}"
                );
            }
        }
        for y in [20, 60, 100, 180] {
            for x in [100, 140, 148] {
                assert_eq!(img.get_pixel(x, y).0, dark, "subject at ({x}, {y})");
            }
            assert_eq!(img.get_pixel(300, y).0, [255, 255, 255]);
        }
    }
}
