//! Measurements on the working image: backdrop mask, subject, clarity, exposure.
//!
//! The backdrop mask is a flood fill from the border strip on a small copy (long
//! side ≤ `MASK_LONG`): pixels close to the backdrop's median colour and connected to
//! the border are backdrop, everything else (including anything enclosed by the
//! subject) is subject.

use super::pixels::{area_resize_window, fit_long, fit_long_size, luma};
use super::seen::{self, Head, Models, Seen};
use super::spec_types::{BackgroundSpec, PhotoSpec};
use image::{GrayImage, RgbImage};

pub(crate) const MASK_LONG: u32 = 320;
/// Mean per-pixel chroma (max−min channel) under which a picture counts as grayscale.
/// True grayscale JPEGs measure 0, grey images saved as colour JPEGs 0.5–2, the
/// least colourful real portrait 9.
pub(crate) const GRAY_CHROMA: f32 = 4.0;

pub(crate) struct Mask {
    pub w: u32,
    pub h: u32,
    /// true = backdrop
    pub bg: Vec<bool>,
    pub reference: [f32; 3],
}

impl Mask {
    pub fn is_bg(&self, x: u32, y: u32) -> bool {
        self.bg
            .get((y * self.w + x) as usize)
            .copied()
            .unwrap_or(true)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Backdrop {
    /// Lowest per-channel mean over the border strip's backdrop pixels.
    pub level: f32,
    pub mean: [f32; 3],
    pub chroma: f32,
    pub spread: f32,
    /// Share of the border strip (less the middle half of its top) the fill reached.
    pub coverage: f32,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Subject {
    /// Share of the picture that is subject.
    pub share: f32,
    /// Head top below the top edge, fraction of height.
    pub top: f32,
    /// Share of the top row covered by the subject.
    pub top_touch: f32,
    /// Subject width a tenth of the height below the head top, fraction of width.
    pub head_width: f32,
    /// Head centre offset from the middle, fraction of width (signed).
    pub centre: f32,
}

pub(crate) struct Analysis {
    pub width: u32,
    pub height: u32,
    /// Backdrop cells: from the person mask when the models ran, else the flood fill.
    pub mask: Option<Mask>,
    /// Level, chroma and spread over `mask`'s backdrop; `coverage` is always the
    /// flood fill's, so it still tells a plain backdrop from a street or a room.
    pub backdrop: Option<Backdrop>,
    pub subject: Option<Subject>,
    /// The backdrop is plain: the fill reached `flat_coverage` of the border strip
    /// and its spread is within `flat_spread` (false without a backdrop spec). A
    /// plain backdrop tells the person from it by colour alone: the background
    /// check fails without it, the framing falls back to it, the fix whitens it.
    pub flat: bool,
    /// What the models saw (`None`: no models, or they failed).
    pub seen: Option<Seen>,
    /// The one face's figures, when the models found at least one face.
    pub head: Option<Head>,
    pub clarity: f32,
    pub luma: f32,
    pub blown: f32,
    pub chroma: f32,
    pub glare: f32,
    /// Both eye patches far darker than the face's skin: sunglasses (or lenses
    /// reflecting nothing but black). Only with a face.
    pub eyes_dark: bool,
}

// The small per-pixel helpers are forced inline: at opt-level "z" they stayed
// calls and cost a fifth of a 295×413 check (perf, BENCHMARKS.md).
#[inline(always)]
fn dist(a: [u8; 3], b: [f32; 3]) -> f32 {
    (0..3)
        .map(|c| (f32::from(a[c]) - b[c]).abs())
        .fold(0.0, f32::max)
}

#[inline(always)]
fn dist8(a: [u8; 3], b: [u8; 3]) -> u8 {
    (0..3).map(|c| a[c].abs_diff(b[c])).max().unwrap_or(0)
}

/// The border strip: top 5 % rows, and the outer 5 % columns over the upper 60 %.
#[inline(always)]
pub(crate) fn in_strip(x: u32, y: u32, w: u32, h: u32) -> bool {
    let sh = (h / 20).max(2);
    let sw = (w / 20).max(2);
    y < sh || ((x < sw || x + sw >= w) && y < h * 6 / 10)
}

/// Per-channel median of the border strip.
pub(crate) fn strip_reference(img: &RgbImage) -> [f32; 3] {
    strip_median(img, |_, _| true).unwrap_or([255.0; 3])
}

/// Per-channel median of the border strip's pixels that `keep` selects; `None`
/// when it selects none.
fn strip_median(img: &RgbImage, keep: impl Fn(u32, u32) -> bool) -> Option<[f32; 3]> {
    let (w, h) = img.dimensions();
    let mut hist = [[0u32; 256]; 3];
    let mut n = 0u32;
    for (x, y, p) in img.enumerate_pixels() {
        if in_strip(x, y, w, h) && keep(x, y) {
            for c in 0..3 {
                hist[c][usize::from(p.0[c])] += 1;
            }
            n += 1;
        }
    }
    if n == 0 {
        return None;
    }
    let mut out = [255.0; 3];
    for c in 0..3 {
        let mut acc = 0;
        for (v, k) in hist[c].iter().enumerate() {
            acc += k;
            if acc * 2 >= n {
                out[c] = v as f32;
                break;
            }
        }
    }
    Some(out)
}

/// Flood fill from the border strip: `true` = backdrop.
pub(crate) fn flood(img: &RgbImage, reference: [f32; 3], tol: f32, step: f32) -> Vec<bool> {
    let (w, h) = img.dimensions();
    let mut bg = vec![false; (w as usize) * (h as usize)];
    let mut queue: Vec<u32> = Vec::new();
    let step = step.clamp(0.0, 255.0) as u8;
    for (x, y, p) in img.enumerate_pixels() {
        if in_strip(x, y, w, h) && dist(p.0, reference) <= tol {
            let i = y * w + x;
            bg[i as usize] = true;
            queue.push(i);
        }
    }
    while let Some(i) = queue.pop() {
        let (x, y) = (i % w, i / w);
        let p = img.get_pixel(x, y).0;
        let mut visit = |nx: u32, ny: u32| {
            let j = ny * w + nx;
            if !bg[j as usize] {
                let q = img.get_pixel(nx, ny).0;
                if dist8(p, q) <= step && dist(q, reference) <= tol {
                    bg[j as usize] = true;
                    queue.push(j);
                }
            }
        };
        if x > 0 {
            visit(x - 1, y);
        }
        if x + 1 < w {
            visit(x + 1, y);
        }
        if y > 0 {
            visit(x, y - 1);
        }
        if y + 1 < h {
            visit(x, y + 1);
        }
    }
    bg
}

pub(crate) fn build_mask(small: &RgbImage, bgs: &BackgroundSpec) -> Mask {
    let reference = strip_reference(small);
    let bg = flood(small, reference, bgs.fill_tolerance, bgs.fill_step);
    let (w, h) = small.dimensions();
    Mask {
        w,
        h,
        bg,
        reference,
    }
}

fn backdrop_stats(small: &RgbImage, mask: &Mask) -> Backdrop {
    let (w, h) = small.dimensions();
    let mut n = 0f64;
    let mut sum = [0f64; 3];
    let (mut chroma, mut l1, mut l2) = (0f64, 0f64, 0f64);
    let (mut cov_n, mut cov_bg) = (0f64, 0f64);
    for (x, y, p) in small.enumerate_pixels() {
        if !in_strip(x, y, w, h) {
            continue;
        }
        // coverage leaves out the middle half of the top strip, where a head may
        // legitimately reach the edge
        let middle_top = y < (h / 20).max(2) && x >= w / 4 && x < w - w / 4;
        if !middle_top {
            cov_n += 1.0;
            cov_bg += f64::from(u8::from(mask.is_bg(x, y)));
        }
        if !mask.is_bg(x, y) {
            continue;
        }
        n += 1.0;
        for c in 0..3 {
            sum[c] += f64::from(p.0[c]);
        }
        let mx = p.0.iter().max().copied().unwrap_or(0);
        let mn = p.0.iter().min().copied().unwrap_or(0);
        chroma += f64::from(mx - mn);
        let l = f64::from(luma(p.0));
        l1 += l;
        l2 += l * l;
    }
    if n < 1.0 {
        return Backdrop::default();
    }
    let mean = [
        (sum[0] / n) as f32,
        (sum[1] / n) as f32,
        (sum[2] / n) as f32,
    ];
    let var = (l2 / n - (l1 / n) * (l1 / n)).max(0.0);
    Backdrop {
        level: mean.iter().copied().fold(255.0, f32::min),
        mean,
        chroma: (chroma / n) as f32,
        spread: var.sqrt() as f32,
        coverage: (cov_bg / cov_n.max(1.0)) as f32,
    }
}

fn subject_stats(mask: &Mask) -> Option<Subject> {
    let (w, h) = (mask.w, mask.h);
    if w < 4 || h < 4 {
        return None;
    }
    let total = mask.bg.iter().filter(|b| !**b).count();
    let share = total as f32 / (w * h) as f32;
    let thr = (w / 50).max(2);
    let row_count = |y: u32| (0..w).filter(|&x| !mask.is_bg(x, y)).count() as u32;
    let top_row = (0..h).find(|&y| row_count(y) >= thr)?;
    if share < 0.03 {
        return None;
    }
    let band = (top_row + h / 10).min(h - 1);
    let lo = band.saturating_sub(1);
    let hi = (band + 1).min(h - 1);
    let head: u32 = (lo..=hi).map(row_count).sum();
    let head_width = head as f32 / ((hi - lo + 1) * w) as f32;
    let (mut sx, mut sn) = (0f64, 0f64);
    for y in top_row..(top_row + h / 5).min(h) {
        for x in 0..w {
            if !mask.is_bg(x, y) {
                sx += f64::from(x) + 0.5;
                sn += 1.0;
            }
        }
    }
    let centre = if sn > 0.0 {
        (sx / sn / f64::from(w) - 0.5) as f32
    } else {
        0.0
    };
    Some(Subject {
        share,
        top: top_row as f32 / h as f32,
        top_touch: row_count(0) as f32 / w as f32,
        head_width,
        centre,
    })
}

/// Variance of the 4-neighbour Laplacian over the pixels `keep` selects.
pub(crate) fn laplacian_variance(g: &GrayImage, keep: impl Fn(u32, u32) -> bool) -> f32 {
    let (w, h) = g.dimensions();
    if w < 3 || h < 3 {
        return 0.0;
    }
    let px = g.as_raw();
    let wu = w as usize;
    let (mut s1, mut s2, mut n) = (0f64, 0f64, 0f64);
    for y in 1..h as usize - 1 {
        let (up, row, down) = (
            &px[(y - 1) * wu..y * wu],
            &px[y * wu..(y + 1) * wu],
            &px[(y + 1) * wu..(y + 2) * wu],
        );
        for x in 1..wu - 1 {
            if !keep(x as u32, y as u32) {
                continue;
            }
            let l = i32::from(row[x - 1])
                + i32::from(row[x + 1])
                + i32::from(up[x])
                + i32::from(down[x])
                - 4 * i32::from(row[x]);
            let l = f64::from(l);
            s1 += l;
            s2 += l * l;
            n += 1.0;
        }
    }
    if n < 16.0 {
        return 0.0;
    }
    (s2 / n - (s1 / n) * (s1 / n)).max(0.0) as f32
}

/// [`laplacian_variance`] of the picture fitted to `long` (`fit_long`), over
/// the pixels whose top-left corner lies in `face_box` (fractions of the
/// picture), the same figure bit for bit; only the box and the one-pixel border
/// its Laplacian reads are resized (the whole resize was a sixth of a compliant
/// check in wasm, node --cpu-prof).
fn face_clarity(work: &RgbImage, long: u32, face_box: [f32; 4]) -> f32 {
    let (w, h) = work.dimensions();
    let (cw, ch) = fit_long_size(w, h, long);
    let [x0, y0, x1, y1] = face_box;
    // The box's columns and rows among the Laplacian's (1..cw-1, 1..ch-1): the
    // test is monotone in each, so they are one range each.
    let inside = |i: u32, n: u32, lo: f32, hi: f32| {
        let f = i as f32 / n as f32;
        f >= lo && f < hi
    };
    let span = |n: u32, lo: f32, hi: f32| {
        let mut kept = (1..n.saturating_sub(1)).filter(|&i| inside(i, n, lo, hi));
        kept.next().map(|a| (a, kept.next_back().unwrap_or(a) + 1))
    };
    let (Some((xa, xe)), Some((ya, ye))) = (span(cw, x0, x1), span(ch, y0, y1)) else {
        return 0.0;
    };
    // the box and its border, in the resized picture's coordinates
    let part = area_resize_window(work, (0, 0, w, h), cw, ch, (xa - 1, ya - 1, xe + 1, ye + 1));
    // its inner pixels are exactly the box's: every one is kept
    laplacian_variance(&to_gray(&part), |_, _| true)
}

fn to_gray(img: &RgbImage) -> GrayImage {
    let (w, h) = img.dimensions();
    let mut g = GrayImage::new(w, h);
    for (o, p) in g.pixels_mut().zip(img.pixels()) {
        // + 0.5 and truncate: `round` is a libm call on wasm; luma is never negative
        o.0[0] = (luma(p.0) + 0.5).min(255.0) as u8;
    }
    g
}

/// Measure everything a spec may need on the upright working image, asking the
/// models (face, person mask) when there are any and the spec judges a face.
pub(crate) fn analyze(work: &RgbImage, spec: &PhotoSpec, models: Option<&dyn Models>) -> Analysis {
    let (width, height) = work.dimensions();
    let small = fit_long(work, MASK_LONG);
    let (sw, sh) = small.dimensions();
    let aspect = width as f32 / height.max(1) as f32;
    let flood_mask = spec.background.as_ref().map(|b| build_mask(&small, b));
    // The models only for specs that judge a face; the person mask only when the
    // backdrop is not already plain and white (then the fix only crops, resizes
    // and recompresses, and skipping it keeps a compliant photo's check fast).
    let flood_stats = flood_mask.as_ref().map(|m| backdrop_stats(&small, m));
    let seen = if spec.wants_models() {
        let plain_white = match (&spec.background, &flood_stats) {
            (Some(bs), Some(b)) => {
                b.coverage >= bs.flat_coverage
                    && b.spread <= bs.spread_pass
                    && b.level >= bs.level_pass
                    && b.chroma <= bs.chroma_pass
            }
            _ => false,
        };
        seen::look(work, models, !plain_white)
    } else {
        None
    };
    // The head's outline: the model's person mask, else (a plain backdrop) the
    // flood fill's subject, which is exact there.
    let flood_person = flood_mask
        .as_ref()
        .filter(|_| seen.as_ref().is_some_and(|s| s.person.is_none()))
        .map(|m| seen::PersonMask {
            width: m.w,
            height: m.h,
            alpha: m.bg.iter().map(|&bg| if bg { 0 } else { 255 }).collect(),
        });
    let head = seen.as_ref().and_then(|s| {
        s.faces
            .first()
            .map(|f| seen::head(f, s.person.as_ref().or(flood_person.as_ref()), aspect))
    });
    // The eye line from the eye regions themselves, when that measurement is sure.
    let head = head.map(|mut h| {
        let (fw, fh) = (width as f32, height as f32);
        let [l, r] = h.eye_points;
        if let Some(e) = super::eyes::measure(work, [l[0] * fw, l[1] * fh], [r[0] * fw, r[1] * fh])
        {
            h.tilt = e.tilt;
            h.eye_points = [
                [e.left[0] / fw, e.left[1] / fh],
                [e.right[0] / fw, e.right[1] / fh],
            ];
            h.tilt_sure = true;
        }
        h
    });
    let person_mask = match (&flood_mask, seen.as_ref().and_then(|s| s.person.as_ref())) {
        (Some(_), Some(p)) => Some(mask_from_person(&small, p)),
        _ => None,
    };
    let backdrop = flood_stats.map(|plain| match &person_mask {
        Some(pm) => Backdrop {
            coverage: plain.coverage,
            ..backdrop_stats(&small, pm)
        },
        None => plain,
    });
    // Decided once here, read by the background and framing checks and the fix.
    let flat = match (&spec.background, &backdrop) {
        (Some(bs), Some(b)) => b.coverage >= bs.flat_coverage && b.spread <= bs.flat_spread,
        _ => false,
    };
    let mask = person_mask.or(flood_mask);
    let subject = mask.as_ref().and_then(subject_stats);

    // Region for exposure and colour. With a face: the face box from the eyes to
    // the mouth, inner 70 % of its width (skin, not fringe or hair). Without: subject
    // pixels from 15 % to 40 % of the height below the head top, within ±15 % of the
    // width of the head centre; else everything.
    let face_region = head.map(|h| {
        let [x0, _, x1, y1] = h.face_box;
        let inset = (x1 - x0) * 0.15;
        [x0 + inset, h.eyes, x1 - inset, y1 - (y1 - h.eyes) * 0.15]
    });
    let face = |x: u32, y: u32| -> bool {
        let (xf, yf) = ((x as f32 + 0.5) / sw as f32, (y as f32 + 0.5) / sh as f32);
        if let Some([x0, y0, x1, y1]) = face_region {
            return xf >= x0 && xf < x1 && yf >= y0 && yf < y1;
        }
        match (&mask, &subject) {
            (Some(m), Some(s)) => {
                let xc = xf - 0.5 - s.centre;
                yf >= s.top + 0.15 && yf < s.top + 0.40 && xc.abs() < 0.15 && !m.is_bg(x, y)
            }
            _ => true,
        }
    };
    let (mut n, mut lsum, mut blown, mut chroma, mut glare) = (0f64, 0f64, 0f64, 0f64, 0f64);
    for (x, y, p) in small.enumerate_pixels() {
        let l = luma(p.0);
        if l >= 250.0 {
            glare += 1.0;
        }
        if !face(x, y) {
            continue;
        }
        n += 1.0;
        lsum += f64::from(l);
        if l >= 250.0 {
            blown += 1.0;
        }
        let mx = p.0.iter().max().copied().unwrap_or(0);
        let mn = p.0.iter().min().copied().unwrap_or(0);
        chroma += f64::from(mx - mn);
    }
    let n = n.max(1.0);
    let total = f64::from((sw * sh).max(1));

    // Clarity: on the face box when there is one (a sharp face is what matters and
    // a busy backdrop must not count as sharpness), else on the subject.
    let clarity = match (head, &mask, &subject) {
        (Some(h), _, _) => face_clarity(work, spec.clarity.long_side, h.face_box),
        (None, Some(m), Some(_)) => {
            let g = to_gray(&fit_long(work, spec.clarity.long_side));
            let (cw, ch) = g.dimensions();
            laplacian_variance(&g, |x, y| {
                let mx = (u64::from(x) * u64::from(m.w) / u64::from(cw.max(1))) as u32;
                let my = (u64::from(y) * u64::from(m.h) / u64::from(ch.max(1))) as u32;
                !m.is_bg(mx, my)
            })
        }
        _ => laplacian_variance(&to_gray(&fit_long(work, spec.clarity.long_side)), |_, _| {
            true
        }),
    };
    let face_luma = (lsum / n) as f32;
    let eyes_dark = head.is_some_and(|h| {
        h.eye_points.iter().all(|e| {
            let patch = eye_patch_luma(&small, h, *e);
            patch < SUNGLASSES_SHARE * face_luma && patch < SUNGLASSES_LUMA
        })
    });
    Analysis {
        width,
        height,
        mask,
        backdrop,
        subject,
        flat,
        seen,
        head,
        eyes_dark,
        clarity,
        luma: (lsum / n) as f32,
        blown: (blown / n) as f32,
        chroma: (chroma / n) as f32,
        glare: (glare / total) as f32,
    }
}

/// An eye patch (a disc of a fifth of the eye distance) under this share of the
/// face's brightness and this luma is a dark lens, not an eye: open eyes with
/// their whites and skin around measure 0.6–0.9 of the face on the fixtures.
const SUNGLASSES_SHARE: f32 = 0.45;
const SUNGLASSES_LUMA: f32 = 70.0;

fn eye_patch_luma(small: &RgbImage, h: Head, eye: [f32; 2]) -> f32 {
    let (w, ht) = (small.width() as f32, small.height() as f32);
    let [l, r] = h.eye_points;
    let dist = (((r[0] - l[0]) * w).powi(2) + ((r[1] - l[1]) * ht).powi(2)).sqrt();
    let rad = (dist * 0.2).max(1.0);
    let (cx, cy) = (eye[0] * w, eye[1] * ht);
    let (mut sum, mut n) = (0f32, 0f32);
    let (y0, y1) = (
        (cy - rad).max(0.0) as u32,
        ((cy + rad) as u32).min(small.height().saturating_sub(1)),
    );
    let (x0, x1) = (
        (cx - rad).max(0.0) as u32,
        ((cx + rad) as u32).min(small.width().saturating_sub(1)),
    );
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            if dx * dx + dy * dy <= rad * rad {
                sum += luma(small.get_pixel(x, y).0);
                n += 1.0;
            }
        }
    }
    if n == 0.0 {
        255.0
    } else {
        sum / n
    }
}

/// The backdrop as the person mask sees it, on the small copy: a cell is backdrop
/// when the mask gives it less than even odds of being the person.
fn mask_from_person(small: &RgbImage, person: &seen::PersonMask) -> Mask {
    let (w, h) = small.dimensions();
    let mut bg = Vec::with_capacity((w * h) as usize);
    for y in 0..h {
        for x in 0..w {
            let (xf, yf) = ((x as f32 + 0.5) / w as f32, (y as f32 + 0.5) / h as f32);
            bg.push(person.at(xf, yf) < 0.5);
        }
    }
    let mut mask = Mask {
        w,
        h,
        bg,
        reference: [255.0; 3],
    };
    // The strip's backdrop cells; all strip cells when the mask leaves none.
    mask.reference =
        strip_median(small, |x, y| mask.is_bg(x, y)).unwrap_or_else(|| strip_reference(small));
    mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::pixels::test_numbers;

    /// The clarity over the face box the obvious way: the whole picture
    /// resized and grey, the box's pixels kept.
    fn face_clarity_by_definition(work: &RgbImage, long: u32, face_box: [f32; 4]) -> f32 {
        let g = to_gray(&fit_long(work, long));
        let (cw, ch) = g.dimensions();
        let [x0, y0, x1, y1] = face_box;
        laplacian_variance(&g, |x, y| {
            let (xf, yf) = (x as f32 / cw as f32, y as f32 / ch as f32);
            xf >= x0 && xf < x1 && yf >= y0 && yf < y1
        })
    }

    #[test]
    fn the_face_clarity_from_its_window_equals_the_whole_resize_for_any_box() {
        let mut next = test_numbers(0x9E37_79B9_7F4A_7C15);
        for case in 0..300 {
            let (w, h) = (1 + next(90), 1 + next(120));
            let img = RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x * 5 + y * 3) as u8, next(256) as u8, (x ^ y) as u8])
            });
            let long = 1 + next(130);
            // fractions from a little outside the picture to a little past it
            let mut f = || next(140) as f32 / 100.0 - 0.2;
            let (a, b, c, d) = (f(), f(), f(), f());
            let face_box = [a.min(b), c.min(d), a.max(b), c.max(d)];
            let got = face_clarity(&img, long, face_box);
            let want = face_clarity_by_definition(&img, long, face_box);
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "case {case}: {w}×{h} at {long}, box {face_box:?}: {got} vs {want}"
            );
        }
    }
}
