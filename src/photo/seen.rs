//! What the on-device models see in a photo, and the figures the checks and the fix
//! take from it.
//!
//! The core runs no model itself: it asks a [`Models`] implementation (the CLI links
//! `precheck-vision` natively; the photo worker calls the vision wasm module it loads
//! on demand) and works only with what comes back — faces with eye keypoints and a
//! person mask, both in coordinates normalised to the picture. Without models (the
//! module could not load) the checks fall back to the backdrop flood fill.

use image::RgbImage;

/// One face a detector found. Coordinates are fractions of the picture's width
/// (x) and height (y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    pub score: f32,
    /// xmin, ymin, xmax, ymax.
    pub bbox: [f32; 4],
    /// Subject's right eye, left eye, nose tip, mouth centre, right ear, left ear
    /// (MediaPipe's order: the subject's right eye is usually on the image's left).
    pub keypoints: [[f32; 2]; 6],
}

impl Face {
    /// The 17 numbers the vision module returns per face (score, box, keypoints);
    /// `None` when a value is not finite.
    pub fn from_floats(f: &[f32]) -> Option<Face> {
        if f.len() < 17 || f.iter().take(17).any(|v| !v.is_finite()) {
            return None;
        }
        let mut keypoints = [[0.0; 2]; 6];
        for (i, k) in keypoints.iter_mut().enumerate() {
            *k = [f[5 + 2 * i], f[6 + 2 * i]];
        }
        Some(Face {
            score: f[0],
            bbox: [f[1], f[2], f[3], f[4]],
            keypoints,
        })
    }
}

/// Person confidence per cell (0–255) over the whole picture, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMask {
    pub width: u32,
    pub height: u32,
    pub alpha: Vec<u8>,
}

impl PersonMask {
    /// Bilinear sample at normalised coordinates (clamped to the edges), 0.0–1.0.
    pub fn at(&self, x: f32, y: f32) -> f32 {
        let (w, h) = (self.width as usize, self.height as usize);
        if w == 0 || h == 0 || self.alpha.len() < w * h {
            return 0.0;
        }
        let fx = (x * w as f32 - 0.5).clamp(0.0, (w - 1) as f32);
        let fy = (y * h as f32 - 0.5).clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (fx as usize, fy as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
        let g = |xx: usize, yy: usize| f32::from(self.alpha[yy * w + xx]) / 255.0;
        let top = g(x0, y0) * (1.0 - tx) + g(x1, y0) * tx;
        let bottom = g(x0, y1) * (1.0 - tx) + g(x1, y1) * tx;
        top * (1.0 - ty) + bottom * ty
    }

    pub(crate) fn valid(&self) -> bool {
        self.width > 0 && self.height > 0 && self.alpha.len() == (self.width * self.height) as usize
    }
}

/// The on-device models, as the core needs them. Both take an RGB picture (3 bytes
/// a pixel, row-major) of at most [`MODEL_VIEW_LONG`] px on the long side and answer
/// in coordinates normalised to it. An error is a message for logs: the checks then
/// go on without models.
pub trait Models {
    fn faces(&self, rgb: &[u8], width: u32, height: u32) -> Result<Vec<Face>, String>;
    fn person(&self, rgb: &[u8], width: u32, height: u32) -> Result<PersonMask, String>;
}

/// Long side of the copy handed to the models: both models take far smaller inputs
/// (128 and 256 px), so this only keeps the resampling honest and the copy small.
pub const MODEL_VIEW_LONG: u32 = 512;

/// Faces below this detector score are ignored; MediaPipe's own default is 0.5.
const MIN_FACE_SCORE: f32 = 0.5;
/// A second face counts as a second person only if it is at least this share of the
/// main face's width: a face on a poster or a passer-by far behind does not.
const SECOND_FACE_SHARE: f32 = 0.45;

/// What the models saw, kept with the picture's measurements.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    /// Faces above [`MIN_FACE_SCORE`], largest first.
    pub faces: Vec<Face>,
    /// Faces big enough to be a second person beside the main one.
    pub people: usize,
    pub person: Option<PersonMask>,
    /// What the person mask says about people the face detector may not see
    /// (looking down, in profile, turned away): see [`crowd`].
    pub crowd: Crowd,
}

/// More than one person by the person mask.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Crowd {
    /// Separate person shapes of a real person's size, the main one included.
    pub bodies: usize,
    /// The widest row of person below the chin, in widths of the main face's box.
    pub widest: f32,
}

/// A separate shape counts as another person from this share of the main one's
/// area (a hand or a bag is smaller; a person sitting behind is not).
const BODY_SHARE: f32 = 0.2;
/// Mask value (0–255) from which a cell counts as person for [`crowd`].
const CROWD_ON: u8 = 64;
/// One person's widest row below the chin (shoulders, elbows of arms akimbo) is
/// 3–4.5 face-box widths on the fixtures; a row wider than this holds more than
/// one person (people side by side on a sofa merge into one shape).
const ONE_PERSON_FACES: f32 = 6.0;

impl Crowd {
    pub fn group(&self) -> bool {
        self.bodies > 1 || self.widest > ONE_PERSON_FACES
    }
}

/// Count the person shapes in the mask and measure how wide it is beside the
/// main face: a second body, or a mask far wider than one person, is a group
/// photo even when only one face was found.
pub(crate) fn crowd(m: &PersonMask, face: &Face) -> Crowd {
    if !m.valid() {
        return Crowd::default();
    }
    let (w, h) = (m.width as usize, m.height as usize);
    // The selfie model is sure of the main person and only half sure of others
    // (0.3–0.6 for people beside them): a low threshold keeps them.
    let on: Vec<bool> = m.alpha.iter().map(|&a| a >= CROWD_ON).collect();
    let mut label = vec![0u32; w * h];
    let mut areas = vec![0usize];
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !on[start] || label[start] != 0 {
            continue;
        }
        let id = areas.len() as u32;
        let mut area = 0usize;
        label[start] = id;
        stack.push(start);
        super::pixels::flood4(
            &mut stack,
            w,
            h,
            |_, j| {
                let enter = on[j] && label[j] == 0;
                if enter {
                    label[j] = id;
                }
                enter
            },
            |_| area += 1,
        );
        areas.push(area);
    }
    // The main person: the shape under the face's centre (else the largest).
    let [x0, y0, x1, y1] = face.bbox;
    let (cx, cy) = (
        (((x0 + x1) / 2.0) * w as f32).clamp(0.0, (w - 1) as f32) as usize,
        (((y0 + y1) / 2.0) * h as f32).clamp(0.0, (h - 1) as f32) as usize,
    );
    let main = match label[cy * w + cx] {
        0 => (1..areas.len()).max_by_key(|&i| areas[i]).unwrap_or(0),
        id => id as usize,
    };
    let main_area = areas.get(main).copied().unwrap_or(0) as f32;
    let shapes = (1..areas.len())
        .filter(|&i| i == main || areas[i] as f32 >= BODY_SHARE * main_area)
        .count();
    // People side by side merge into one shape; their heads still stand out of
    // its top outline. A head is a peak of the outline (the person's height per
    // column) higher than the main face's chin, standing at least half a face
    // box above the lowest point between it and any higher peak.
    let height: Vec<f32> = (0..w)
        .map(|x| {
            (0..h)
                .find(|&y| on[y * w + x])
                .map_or(0.0, |y| (h - y) as f32)
        })
        .collect();
    let chin_height = (1.0 - y1.clamp(0.0, 1.0)) * h as f32;
    let face_rows = ((y1 - y0).max(0.0) * h as f32).max(1.0);
    let face_cols = ((x1 - x0).max(0.0) * w as f32).max(1.0);
    // Heads beside the main one (which is not counted here).
    let mut heads = 0;
    for i in 0..w {
        let v = height[i];
        if v <= chin_height || (i > 0 && height[i - 1] >= v) || (i + 1 < w && height[i + 1] > v) {
            continue;
        }
        // Lowest point on each side before a higher column (or the edge).
        let side = |range: &mut dyn Iterator<Item = usize>| {
            let mut low = v;
            for j in range {
                if height[j] > v {
                    return low;
                }
                low = low.min(height[j]);
            }
            low
        };
        let left = side(&mut (0..i).rev());
        let right = side(&mut (i + 1..w));
        // Beside the main face (not a tuft of its hair), and as wide as a head
        // half a face below its top (not a strand or a finger).
        let level = v - 0.5 * face_rows;
        let wide = (0..i).rev().take_while(|&j| height[j] >= level).count()
            + (i..w).take_while(|&j| height[j] >= level).count();
        if v - left.max(right) >= 0.5 * face_rows
            && (i as f32 - cx as f32).abs() >= face_cols
            && wide as f32 >= 0.4 * face_cols
        {
            heads += 1;
        }
    }
    let bodies = shapes.max(heads + 1);
    let fw = (x1 - x0).max(1e-3);
    let chin = ((y1.clamp(0.0, 1.0)) * h as f32) as usize;
    let widest = (chin.min(h)..h)
        .map(|y| on[y * w..(y + 1) * w].iter().filter(|&&o| o).count())
        .max()
        .unwrap_or(0) as f32
        / w as f32
        / fw;
    Crowd { bodies, widest }
}

/// Ask the models about the working image: faces always, the person mask only
/// when `want_person` (a backdrop already plain and white needs no cut-out, and
/// skipping it keeps a compliant photo's check fast). `None` when there are no
/// models or the face detector failed; a failure never stops the check.
pub(crate) fn look(
    work: &RgbImage,
    models: Option<&dyn Models>,
    want_person: bool,
) -> Option<Seen> {
    let models = models?;
    let view = super::pixels::fit_long(work, MODEL_VIEW_LONG);
    let (w, h) = view.dimensions();
    let mut faces: Vec<Face> = models
        .faces(view.as_raw(), w, h)
        .ok()?
        .into_iter()
        .filter(|f| f.score >= MIN_FACE_SCORE && f.bbox[2] > f.bbox[0] && f.bbox[3] > f.bbox[1])
        .collect();
    faces.sort_by(|a, b| width_of(b).total_cmp(&width_of(a)));
    let main = faces.first().map(width_of).unwrap_or(0.0);
    let people = faces
        .iter()
        .filter(|f| width_of(f) >= main * SECOND_FACE_SHARE)
        .count();
    let person = if want_person {
        models
            .person(view.as_raw(), w, h)
            .ok()
            .filter(PersonMask::valid)
    } else {
        None
    };
    let crowd = match (&person, faces.first()) {
        (Some(m), Some(f)) => crowd(m, f),
        _ => Crowd::default(),
    };
    Some(Seen {
        faces,
        people,
        person,
        crowd,
    })
}

fn width_of(f: &Face) -> f32 {
    f.bbox[2] - f.bbox[0]
}

/// Person along the top edge over more than this many tenths of the face box's
/// width: the top of the head is outside the picture, not just a few hairs.
const CROWN_CUT_TENTHS: usize = 6;

/// Figures of the one face, in the picture's own proportions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Head {
    /// Crown (hair included) below the top edge, fraction of the height; negative
    /// when the crown is above the picture.
    pub top: f32,
    /// Chin below the top edge, fraction of the height.
    pub chin: f32,
    /// Eye line below the top edge, fraction of the height.
    pub eyes: f32,
    /// Head width (hair and ears included) as a fraction of the picture width.
    pub width: f32,
    /// Head centre's offset from the middle, fraction of the width (signed).
    pub centre: f32,
    /// Roll: the eye line's angle in degrees, positive when the subject's left eye
    /// (image right) is lower.
    pub tilt: f32,
    /// Yaw proxy: the nose tip's offset from the eyes' midpoint, in eye distances.
    pub turn: f32,
    /// Face width, ear to ear (BlazeFace's tragion keypoints; GA 461's 脸部宽度 is
    /// measured between the ear roots), as a fraction of the picture width; held
    /// to 0.75–1.0 of the face box's width, which it measures 0.83–0.88 of on the
    /// fixtures, so a misplaced ear keypoint cannot make the face absurd.
    pub face_width: f32,
    /// Face box in picture fractions (for exposure and clarity).
    pub face_box: [f32; 4],
    /// Eye centres in picture fractions (image-left first).
    pub eye_points: [[f32; 2]; 2],
    /// Whether the person mask reaches the top edge above the head.
    pub crown_cut: bool,
    /// Whether `tilt` and `eye_points` come from the sure measurement of
    /// `eyes::measure` (about ±0.5°) rather than the detector's keypoints (±2–3°).
    pub tilt_sure: bool,
}

/// Head figures from a face and, when there is one, the person mask. `aspect` is
/// the picture's width ÷ height (keypoints are normalised per axis).
pub(crate) fn head(face: &Face, mask: Option<&PersonMask>, aspect: f32) -> Head {
    let [x0, y0, x1, y1] = face.bbox;
    let (bw, bh) = (x1 - x0, y1 - y0);
    let [re, le, nose, _mouth, rear, lear] = face.keypoints;
    let ear_dx = lear[0] - rear[0];
    let ear_dy = (lear[1] - rear[1]) / aspect.max(1e-4);
    let face_width = (ear_dx * ear_dx + ear_dy * ear_dy)
        .sqrt()
        .clamp(0.75 * bw, bw.max(0.0));
    let eyes = (re[1] + le[1]) / 2.0;
    let eye_mid_x = (re[0] + le[0]) / 2.0;
    // Distances in height units: x fractions scaled by the aspect ratio.
    let dx = (le[0] - re[0]) * aspect;
    let dy = le[1] - re[1];
    let eye_dist = (dx * dx + dy * dy).sqrt().max(1e-4);
    // Image-left to image-right: atan2 of the drop over the run.
    let (l, r) = if re[0] <= le[0] { (re, le) } else { (le, re) };
    let tilt = ((r[1] - l[1]) / (((r[0] - l[0]) * aspect).max(1e-4)))
        .atan()
        .to_degrees();
    let turn = (nose[0] - eye_mid_x) * aspect / eye_dist;
    let cx = (x0 + x1) / 2.0;
    // Without a mask: the crown is about half a face box above the box (BlazeFace's
    // box runs from the brows to the chin), and hair and ears widen the head by a
    // fifth — the mean over the five real fixtures.
    let mut top = y0 - 0.5 * bh;
    let mut width = bw * 1.2;
    let mut crown_cut = y0 <= 0.01;
    if let Some(m) = mask {
        // Crown: the highest row above the eyes where the mask covers the head's
        // middle column band.
        // Nine columns across the middle 60 % of the face box: a bun or a tuft
        // narrower than half the face and off the middle is still the crown (the
        // fix frames by it; three columns missed test4's bun and cut it).
        let band: [f32; 9] = std::array::from_fn(|i| cx + bw * (i as f32 / 8.0 - 0.5) * 0.6);
        let rows = m.height.max(1) as usize * 2;
        let mut crown = None;
        for i in 0..rows {
            let y = i as f32 / rows as f32;
            if y > eyes {
                break;
            }
            if band.iter().filter(|&&x| m.at(x, y) >= 0.5).count() >= 2 {
                crown = Some(y);
                break;
            }
        }
        if let Some(c) = crown {
            top = c.min(y0);
            // Hair that touches the top edge is not a cut head (the fix pads white
            // above it); the crown is cut when the person covers most of the
            // face's width along the top edge.
            let samples = 16;
            let covered = (0..samples)
                .filter(|i| {
                    let x = x0 + bw * (*i as f32 + 0.5) / samples as f32;
                    m.at(x, 0.0) >= 0.5
                })
                .count();
            crown_cut = covered * 10 > samples * CROWN_CUT_TENTHS;
        }
        // Width at the eye line: the run of person cells through the face centre,
        // held between the face box and 1.6 face boxes (long hair on the shoulders
        // is not the head).
        let step = 0.5 / m.width.max(1) as f32;
        let run = |dir: f32| {
            let mut x = cx;
            while (0.0..=1.0).contains(&x) && m.at(x, eyes) >= 0.5 && (x - cx).abs() < bw {
                x += dir * step;
            }
            (x - cx).abs()
        };
        let measured = run(-1.0) + run(1.0);
        if measured > 0.0 {
            width = measured.clamp(bw, bw * 1.6);
        }
    }
    Head {
        top,
        chin: y1,
        eyes,
        width,
        centre: cx - 0.5,
        tilt,
        turn,
        face_width,
        face_box: face.bbox,
        eye_points: [l, r],
        crown_cut,
        tilt_sure: false,
    }
}

#[cfg(test)]
mod crowd_tests {
    use super::*;

    /// A 64×64 mask of people: each (centre x, head top y) is a head of radius 6
    /// on a neck and shoulders 19 wide from y + 14 down; `merged` joins them at
    /// the bottom.
    fn people(at: &[(i32, i32)], merged: bool) -> PersonMask {
        let (w, h) = (64i32, 64i32);
        let mut alpha = vec![0u8; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let inside = at.iter().any(|&(cx, top)| {
                    let head = (x - cx).pow(2) + (y - (top + 6)).pow(2) <= 36;
                    let neck = (top + 10..top + 14).contains(&y) && (x - cx).abs() <= 3;
                    let body = y >= top + 14 && (x - cx).abs() <= 9;
                    head || neck || body
                }) || (merged && y >= 56);
                if inside {
                    alpha[(y * w + x) as usize] = 230;
                }
            }
        }
        PersonMask {
            width: 64,
            height: 64,
            alpha,
        }
    }

    fn face_at(cx: f32, top: f32) -> Face {
        let (x, y) = (cx / 64.0, top / 64.0);
        Face {
            score: 0.9,
            bbox: [
                x - 5.0 / 64.0,
                y + 2.0 / 64.0,
                x + 5.0 / 64.0,
                y + 12.0 / 64.0,
            ],
            keypoints: [[x, y]; 6],
        }
    }

    #[test]
    fn one_person_is_one_and_three_side_by_side_are_three_even_merged() {
        let one = crowd(&people(&[(32, 8)], false), &face_at(32.0, 8.0));
        assert_eq!(one.bodies, 1, "{one:?}");
        assert!(!one.group(), "{one:?}");
        let apart = crowd(
            &people(&[(8, 14), (32, 8), (56, 14)], false),
            &face_at(32.0, 8.0),
        );
        assert_eq!(apart.bodies, 3, "{apart:?}");
        assert!(apart.group());
        let merged = crowd(
            &people(&[(8, 14), (32, 8), (56, 14)], true),
            &face_at(32.0, 8.0),
        );
        assert!(merged.bodies >= 3, "{merged:?}");
        assert!(merged.group());
        // An empty or malformed mask says nothing.
        let bad = PersonMask {
            width: 10,
            height: 10,
            alpha: vec![0; 3],
        };
        assert_eq!(crowd(&bad, &face_at(32.0, 8.0)), Crowd::default());
    }
}
