//! The eye line measured to a fraction of a degree.
//!
//! BlazeFace's eye keypoints come from a 128-px input: a pixel there is several
//! in the photo, so its eye line is good to ±2–3° only (ML-FACTS) — too coarse to
//! level a photo by (it turned test2 from +1.1° to −2.2°). A face is close to
//! mirror-symmetric about its own vertical axis, so the region around one eye,
//! mirrored, matches the region around the other; where it matches best tells how
//! much higher or lower the second eye sits, with every pixel of both eye regions
//! (lids, iris, lashes, the brow's lower edge) voting, at the working image's
//! full resolution. The patches are sampled in a frame turned by the current
//! estimate and the search repeated, so the mirror axis follows the face.
//!
//! The measurement says how sure it is: the match's normalised correlation, and
//! whether two searches started from different angles (the detector's and level)
//! end at the same line. The fix turns a photo only on a sure measurement.

use image::RgbImage;

/// Patch and search, in units of a 48th of the eye distance.
const UNITS: f32 = 48.0;
const HALF_U: i32 = 18;
const HALF_V: i32 = 12;
const SEARCH_U: i32 = 5;
const SEARCH_V: i32 = 7;
/// After the first step, the reach (units) scored before the whole window.
const NEAR: i32 = 2;
/// Correlation below this: the eyes do not look alike (glare, a patch over one
/// eye, a strongly turned head), so the measurement is not used. The fixtures'
/// side-lit, slightly turned faces score 0.49–0.88.
const MIN_SCORE: f32 = 0.4;
/// Two searches from different starting angles must agree this well (degrees).
const AGREE_DEG: f32 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EyeLine {
    /// Degrees, positive when the image-right eye is lower.
    pub tilt: f32,
    /// Image-left and image-right eye, in pixels of the picture measured.
    pub left: [f32; 2],
    pub right: [f32; 2],
    pub score: f32,
}

#[inline(always)]
fn luma_at(img: &RgbImage, x: f32, y: f32) -> Option<f32> {
    let (w, h) = img.dimensions();
    let (fx, fy) = (x - 0.5, y - 0.5);
    if !(fx >= 0.0 && fy >= 0.0 && fx < (w - 1) as f32 && fy < (h - 1) as f32) {
        return None;
    }
    let (x0, y0) = (fx as u32, fy as u32);
    let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
    let l = |xx: u32, yy: u32| super::pixels::luma(img.get_pixel(xx, yy).0);
    let top = l(x0, y0) * (1.0 - tx) + l(x0 + 1, y0) * tx;
    let bottom = l(x0, y0 + 1) * (1.0 - tx) + l(x0 + 1, y0 + 1) * tx;
    Some(top * (1.0 - ty) + bottom * ty)
}

/// Zero-mean, unit-norm samples of the patch centred at `c` in the frame
/// (`e1`, `e2`).
fn patch(img: &RgbImage, c: [f32; 2], e1: [f32; 2], e2: [f32; 2], unit: f32) -> Option<Vec<f32>> {
    let mut v = Vec::with_capacity(((2 * HALF_U + 1) * (2 * HALF_V + 1)) as usize);
    for j in -HALF_V..=HALF_V {
        for i in -HALF_U..=HALF_U {
            let u = i as f32 * unit;
            let vv = j as f32 * unit;
            v.push(luma_at(
                img,
                c[0] + u * e1[0] + vv * e2[0],
                c[1] + u * e1[1] + vv * e2[1],
            )?);
        }
    }
    normalised(v)
}

/// The patch's samples (row by row, `2·HALF_U + 1` a row) zero-mean, less
/// their gradient, unit-norm; `None` when flat.
fn normalised(mut v: Vec<f32>) -> Option<Vec<f32>> {
    // Take out the mean and a linear gradient across the patch: light from one
    // side shades the two eye regions in mirrored directions, which would
    // otherwise outweigh the eyes' own shapes.
    let (nu, nv) = ((2 * HALF_U + 1) as usize, (2 * HALF_V + 1) as usize);
    debug_assert_eq!(v.len(), nu * nv);
    let mean = v.iter().sum::<f32>() / v.len() as f32;
    // Row by row (w) and along each row (u), in the samples' own order.
    let at = |row: usize, col: usize| ((col as i32 - HALF_U) as f32, (row as i32 - HALF_V) as f32);
    let (mut su, mut sv, mut uu, mut vv) = (0f32, 0f32, 0f32, 0f32);
    for (row, samples) in v.chunks_exact(nu).enumerate() {
        for (col, x) in samples.iter().enumerate() {
            let (u, w) = at(row, col);
            su += x * u;
            sv += x * w;
            uu += u * u;
            vv += w * w;
        }
    }
    let (gu, gv) = (su / uu.max(1.0), sv / vv.max(1.0));
    for (row, samples) in v.chunks_exact_mut(nu).enumerate() {
        for (col, x) in samples.iter_mut().enumerate() {
            let (u, w) = at(row, col);
            *x -= mean + gu * u + gv * w;
        }
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    // A flat patch (standard deviation under 2 levels) has nothing to match.
    if norm < 2.0 * (v.len() as f32).sqrt() {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(v)
}

/// The image-left eye's patch, normalised, with what a candidate's
/// correlation needs from it.
///
/// A candidate's correlation is `a · b̂`, where `b̂` is the candidate's samples
/// less their mean and gradient (`normalised`), divided by their norm. Both
/// are sums over the raw samples `b` (Σb, Σb², Σb·u, Σb·v and Σa·b, because
/// the constant, u and v are orthogonal over the whole patch), so a candidate
/// costs one pass over its samples and no allocation (the eye search was a
/// third of a compliant check: BENCHMARKS.md).
struct Reference {
    samples: Vec<f32>,
    /// Σa, Σa·u, Σa·v: zero but for rounding, taken out exactly.
    sum: f64,
    sum_u: f64,
    sum_v: f64,
}

impl Reference {
    fn new(samples: Vec<f32>) -> Self {
        let nu = (2 * HALF_U + 1) as usize;
        let (mut sum, mut sum_u, mut sum_v) = (0f64, 0f64, 0f64);
        for (row, xs) in samples.chunks_exact(nu).enumerate() {
            let v = f64::from(row as i32 - HALF_V);
            for (col, &x) in xs.iter().enumerate() {
                let (u, x) = (f64::from(col as i32 - HALF_U), f64::from(x));
                sum += x;
                sum_u += x * u;
                sum_v += x * v;
            }
        }
        Reference {
            samples,
            sum,
            sum_u,
            sum_v,
        }
    }

    /// The correlation with the mirrored candidate centred at lattice point
    /// (`cu`, `cv`) of a lattice `lw` wide: the candidate's sample (i, j) is
    /// lattice point (cu − i, cv + j). `None` when it leaves the picture or is
    /// flat (the same as `normalised` says).
    #[inline(always)]
    fn against(&self, lattice: &[f32], lw: usize, cu: usize, cv: usize) -> Option<f32> {
        let nu = (2 * HALF_U + 1) as usize;
        let n = self.samples.len();
        let (mut s1, mut s2, mut su, mut sv, mut dot) = (0f64, 0f64, 0f64, 0f64, 0f64);
        for (row, a_row) in self.samples.chunks_exact(nu).enumerate() {
            let start = (cv + row - HALF_V as usize) * lw + cu - HALF_U as usize;
            // The mirrored row: sample i reads cu − i, so the lattice row read
            // backwards from cu + HALF_U.
            let l_row = &lattice[start..start + nu];
            let (mut r1, mut r2, mut ru, mut rd) = (0f32, 0f32, 0f32, 0f32);
            for (col, (&x, &b)) in a_row.iter().zip(l_row.iter().rev()).enumerate() {
                let u = (col as i32 - HALF_U) as f32;
                r1 += b;
                r2 += b * b;
                ru += b * u;
                rd += x * b;
            }
            let v = f64::from(row as i32 - HALF_V);
            s1 += f64::from(r1);
            s2 += f64::from(r2);
            su += f64::from(ru);
            sv += f64::from(r1) * v;
            dot += f64::from(rd);
        }
        let nf = n as f64;
        let (uu, vv) = Self::moments();
        let mean = s1 / nf;
        let (gu, gv) = (su / uu, sv / vv);
        let norm2 = s2 - nf * mean * mean - gu * gu * uu - gv * gv * vv;
        // NaN: a sample outside the picture.
        if norm2.is_nan() || norm2 < 4.0 * nf {
            return None;
        }
        let centred = dot - mean * self.sum - gu * self.sum_u - gv * self.sum_v;
        Some((centred / norm2.sqrt()) as f32)
    }

    /// Σu² and Σv² over the patch's grid.
    fn moments() -> (f64, f64) {
        let (nu, nv) = (f64::from(2 * HALF_U + 1), f64::from(2 * HALF_V + 1));
        let sq = |h: i32| (-h..=h).map(|k| f64::from(k * k)).sum::<f64>();
        (nv * sq(HALF_U), nu * sq(HALF_V))
    }
}

/// One search: from the eye line at angle `theta` (radians) through `left`, find
/// where the mirrored image-right eye region matches the image-left one best.
fn search(img: &RgbImage, left: [f32; 2], right: [f32; 2], theta: f32) -> Option<EyeLine> {
    let d = ((right[0] - left[0]).powi(2) + (right[1] - left[1]).powi(2)).sqrt();
    if !(d.is_finite() && d >= 8.0) {
        return None;
    }
    let unit = d / UNITS;
    let mut right = right;
    let mut theta = theta;
    let mut score = 0.0;
    for step in 0..5 {
        let e1 = [theta.cos(), theta.sin()];
        let e2 = [-theta.sin(), theta.cos()];
        let a = Reference::new(patch(img, left, e1, e2, unit)?);
        let nu = (2 * SEARCH_U + 1) as usize;
        let nv = (2 * SEARCH_V + 1) as usize;
        // Every candidate patch around the right eye lies on one lattice of
        // unit steps in the frame (e1, e2) through `right`: sample it once
        // (the patch at (du, dv), mirrored, reads lattice point
        // (du − i, dv + j) for its sample (i, j)) instead of once per candidate.
        let (lu, lv) = (SEARCH_U + HALF_U, SEARCH_V + HALF_V);
        let lw = (2 * lu + 1) as usize;
        // NaN where the lattice leaves the picture: it spreads into every sum
        // of a candidate that reads it, which then drops out. Sampled as far as
        // the candidates scored read it (after the first step, most of the
        // lattice is never read); +∞ where not sampled yet.
        let mut lattice = vec![f32::INFINITY; lw * (2 * lv + 1) as usize];
        let sample_within = |lattice: &mut [f32], reach_u: i32, reach_v: i32| {
            let (ru, rv) = (reach_u + HALF_U, reach_v + HALF_V);
            for b in -rv..=rv {
                for a in -ru..=ru {
                    let cell = &mut lattice[(b + lv) as usize * lw + (a + lu) as usize];
                    if *cell == f32::INFINITY {
                        let (a, b) = (a as f32 * unit, b as f32 * unit);
                        *cell = luma_at(
                            img,
                            right[0] + a * e1[0] + b * e2[0],
                            right[1] + a * e1[1] + b * e2[1],
                        )
                        .unwrap_or(f32::NAN);
                    }
                }
            }
        };
        let mut grid = vec![f32::NEG_INFINITY; nu * nv];
        let mut score_within = |grid: &mut [f32], reach_u: i32, reach_v: i32| {
            sample_within(&mut lattice, reach_u, reach_v);
            for dv in -reach_v..=reach_v {
                for du in -reach_u..=reach_u {
                    let cell = &mut grid[(dv + SEARCH_V) as usize * nu + (du + SEARCH_U) as usize];
                    if *cell == f32::NEG_INFINITY {
                        if let Some(c) =
                            a.against(&lattice, lw, (du + lu) as usize, (dv + lv) as usize)
                        {
                            *cell = c;
                        }
                    }
                }
            }
        };
        // After the first step the match is near: score the candidates within
        // two units, and the whole window only if the best lies on their edge.
        let best_of = |grid: &[f32]| {
            grid.iter()
                .copied()
                .enumerate()
                .max_by(|x, y| x.1.total_cmp(&y.1))
        };
        let near = (NEAR.min(SEARCH_U), NEAR.min(SEARCH_V));
        score_within(
            &mut grid,
            if step == 0 { SEARCH_U } else { near.0 },
            if step == 0 { SEARCH_V } else { near.1 },
        );
        let (mut best, mut s) = best_of(&grid)?;
        let on_edge = |best: usize| {
            let (du, dv) = ((best % nu) as i32 - SEARCH_U, (best / nu) as i32 - SEARCH_V);
            du.abs() >= near.0 || dv.abs() >= near.1
        };
        if step > 0 && (on_edge(best) || !s.is_finite()) {
            score_within(&mut grid, SEARCH_U, SEARCH_V);
            (best, s) = best_of(&grid)?;
        }
        if !s.is_finite() {
            return None;
        }
        score = s;
        let (bu, bv) = (best % nu, best / nu);
        // Sub-unit peak: a parabola through the neighbours on each axis.
        let peak = |lo: Option<f32>, mid: f32, hi: Option<f32>| match (lo, hi) {
            (Some(l), Some(h)) if l.is_finite() && h.is_finite() => {
                let den = l - 2.0 * mid + h;
                if den < -1e-6 {
                    (0.5 * (l - h) / den).clamp(-0.5, 0.5)
                } else {
                    0.0
                }
            }
            _ => 0.0,
        };
        let fu = peak(
            bu.checked_sub(1).map(|k| grid[bv * nu + k]),
            s,
            (bu + 1 < nu).then(|| grid[bv * nu + bu + 1]),
        );
        let fv = peak(
            bv.checked_sub(1).map(|k| grid[k * nu + bu]),
            s,
            (bv + 1 < nv).then(|| grid[(bv + 1) * nu + bu]),
        );
        let du = bu as f32 - SEARCH_U as f32 + fu;
        let dv = bv as f32 - SEARCH_V as f32 + fv;
        right = [
            right[0] + (du * e1[0] + dv * e2[0]) * unit,
            right[1] + (du * e1[1] + dv * e2[1]) * unit,
        ];
        theta = (right[1] - left[1]).atan2(right[0] - left[0]);
        // Settled: another step would sample the same frame again (a 50th of
        // a unit is under 0.05 px for eyes 100 px apart).
        if du.abs() < 0.02 && dv.abs() < 0.02 {
            break;
        }
    }
    Some(EyeLine {
        tilt: theta.to_degrees(),
        left,
        right,
        score,
    })
}

/// The eye line through the detector's eye points (`left` is the image-left eye),
/// in the picture's pixels; `None` unless the measurement is sure: the eye regions
/// match well and searches from the detector's angle and from level agree.
pub(crate) fn measure(img: &RgbImage, left: [f32; 2], right: [f32; 2]) -> Option<EyeLine> {
    if !(left.iter().chain(&right).all(|v| v.is_finite()) && right[0] > left[0]) {
        return None;
    }
    let detector = (right[1] - left[1]).atan2(right[0] - left[0]);
    let a = search(img, left, right, detector)?;
    let d = ((right[0] - left[0]).powi(2) + (right[1] - left[1]).powi(2)).sqrt();
    let b = search(img, left, [left[0] + d, left[1]], 0.0)?;
    let sure = a.score >= MIN_SCORE && b.score >= MIN_SCORE && (a.tilt - b.tilt).abs() <= AGREE_DEG;
    sure.then(|| EyeLine {
        tilt: (a.tilt + b.tilt) / 2.0,
        right: [
            (a.right[0] + b.right[0]) / 2.0,
            (a.right[1] + b.right[1]) / 2.0,
        ],
        score: a.score.min(b.score),
        ..a
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// Two dark elliptical "eyes" with a lid line above, the image-right one
    /// `drop` px lower, 80 px apart, on skin with a gentle gradient.
    fn eyes(drop: f32) -> RgbImage {
        RgbImage::from_fn(240, 160, |x, y| {
            let mut v = 190.0 - 0.1 * y as f32;
            for (cx, cy) in [(80.0, 70.0), (160.0, 70.0 + drop)] {
                let (dx, dy) = (x as f32 - cx, y as f32 - cy);
                let r = (dx / 14.0).powi(2) + (dy / 7.0).powi(2);
                if r < 1.0 {
                    v = 60.0 + 60.0 * r;
                }
                if (dy + 10.0).abs() < 1.5 && dx.abs() < 16.0 {
                    v = 90.0;
                }
                // an asymmetric detail: an eyelash flick on the outer corner
                let outer = if cx < 120.0 { -dx } else { dx };
                if outer > 12.0 && outer < 20.0 && (dy + 4.0 + 0.5 * (outer - 12.0)).abs() < 1.0 {
                    v = 70.0;
                }
            }
            let v = v.clamp(0.0, 255.0) as u8;
            Rgb([v, v.saturating_sub(20), v.saturating_sub(35)])
        })
    }

    #[test]
    fn finds_the_drop_from_a_rough_start() {
        for drop in [-5.0f32, -2.0, 0.0, 1.5, 4.0] {
            let img = eyes(drop);
            let truth = drop.atan2(80.0).to_degrees();
            // The detector's points, a few px off in opposite directions.
            let e = measure(&img, [82.0, 68.0], [157.0, 73.0 + drop]).expect("sure");
            assert!(
                (e.tilt - truth).abs() < 0.3,
                "drop {drop}: measured {:.2}°, truth {truth:.2}°",
                e.tilt
            );
        }
    }

    #[test]
    fn unsure_where_there_is_nothing_to_match_or_outside_the_picture() {
        let flat = RgbImage::from_pixel(200, 120, Rgb([180, 150, 130]));
        assert!(measure(&flat, [60.0, 60.0], [140.0, 60.0]).is_none());
        let img = eyes(0.0);
        assert!(measure(&img, [2.0, 2.0], [239.0, 2.0]).is_none());
        assert!(measure(&img, [160.0, 70.0], [80.0, 70.0]).is_none());
        assert!(measure(&img, [f32::NAN, 70.0], [80.0, 70.0]).is_none());
        // One eye covered (a hand, a patch, glare): nothing to mirror.
        let mut covered = eyes(0.0);
        for (x, _, p) in covered.enumerate_pixels_mut() {
            if x > 125 {
                *p = Rgb([183, 163, 148]);
            }
        }
        assert!(measure(&covered, [80.0, 70.0], [160.0, 70.0]).is_none());
    }
}
