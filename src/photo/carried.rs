//! What the models saw in a picture, carried through the fix onto the fixed
//! photo, so that checking the fix's JPEG does not run them again.
//!
//! The fix renders its output from the working image through one known geometry
//! (`fix::Plan`: a crop, turned by `angle` about `pivot`): each output point is a
//! point of the picture. The faces' keypoints and boxes and the person mask are
//! mapped through it, and [`Carried`] answers the fixed photo's check as the
//! models would — in coordinates normalised to the output — without running
//! them. The check's own pixel measurements (eye regions, backdrop, exposure,
//! clarity) still run on the fixed photo's pixels.

use super::fix::Plan;
use super::seen::{Face, Models, PersonMask, Seen};

/// Cells of the carried person mask on each side, as the segmenter's own output.
const MASK_SIDE: u32 = 256;

/// The faces and person mask of a picture, in the fixed photo's coordinates.
pub(crate) struct Carried {
    faces: Vec<Face>,
    person: Option<PersonMask>,
}

/// The fix's geometry between the working image (`w × h` px) and its output.
struct Frame<'a> {
    plan: &'a Plan,
    w: f32,
    h: f32,
}

impl Frame<'_> {
    /// A point of the picture (fractions of its size) → the output's fractions.
    fn to_output(&self, [x, y]: [f32; 2]) -> [f32; 2] {
        let p = self.plan;
        let (cos, sin) = (p.angle.cos(), p.angle.sin());
        let (dx, dy) = (x * self.w - p.pivot.0, y * self.h - p.pivot.1);
        let (cx, cy) = (
            p.pivot.0 + cos * dx + sin * dy,
            p.pivot.1 - sin * dx + cos * dy,
        );
        [
            (cx - p.left) / p.width.max(1) as f32,
            (cy - p.top) / p.height.max(1.0),
        ]
    }

    /// An output point (fractions) → the picture's fractions (as `fix::render`
    /// samples it).
    fn to_picture(&self, [u, v]: [f32; 2]) -> [f32; 2] {
        let p = self.plan;
        let (cos, sin) = (p.angle.cos(), p.angle.sin());
        let (dx, dy) = (
            p.left + u * p.width as f32 - p.pivot.0,
            p.top + v * p.height - p.pivot.1,
        );
        [
            (p.pivot.0 + cos * dx - sin * dy) / self.w,
            (p.pivot.1 + sin * dx + cos * dy) / self.h,
        ]
    }
}

impl Carried {
    /// What `seen` (of a `work`-sized picture) becomes in the output of `plan`.
    /// A face keeps its score and size (its box is the face's own extent, which
    /// turns with it) and is dropped when its centre leaves the output; the mask
    /// is resampled at the segmenter's 256×256, nothing where the output is
    /// padding outside the picture.
    pub(crate) fn through(seen: &Seen, plan: &Plan, work: (u32, u32)) -> Carried {
        let frame = Frame {
            plan,
            w: work.0.max(1) as f32,
            h: work.1.max(1) as f32,
        };
        let clamp = |[x, y]: [f32; 2]| [x.clamp(0.0, 1.0), y.clamp(0.0, 1.0)];
        let faces = seen
            .faces
            .iter()
            .filter_map(|f| {
                let [x0, y0, x1, y1] = f.bbox;
                let [cx, cy] = frame.to_output([(x0 + x1) / 2.0, (y0 + y1) / 2.0]);
                if !((0.0..=1.0).contains(&cx) && (0.0..=1.0).contains(&cy)) {
                    return None;
                }
                let hw = (x1 - x0) / 2.0 * frame.w / plan.width.max(1) as f32;
                let hh = (y1 - y0) / 2.0 * frame.h / plan.height.max(1.0);
                let [bx0, by0] = clamp([cx - hw, cy - hh]);
                let [bx1, by1] = clamp([cx + hw, cy + hh]);
                Some(Face {
                    score: f.score,
                    bbox: [bx0, by0, bx1, by1],
                    keypoints: f.keypoints.map(|k| clamp(frame.to_output(k))),
                })
            })
            .collect();
        let person = seen.person.as_ref().map(|m| {
            let n = MASK_SIDE as usize;
            let mut alpha = Vec::with_capacity(n * n);
            for y in 0..n {
                for x in 0..n {
                    let [px, py] = frame
                        .to_picture([(x as f32 + 0.5) / n as f32, (y as f32 + 0.5) / n as f32]);
                    let inside = (0.0..1.0).contains(&px) && (0.0..1.0).contains(&py);
                    alpha.push(if inside {
                        (m.at(px, py) * 255.0 + 0.5) as u8
                    } else {
                        0
                    });
                }
            }
            PersonMask {
                width: MASK_SIDE,
                height: MASK_SIDE,
                alpha,
            }
        });
        Carried { faces, person }
    }
}

impl Models for Carried {
    fn faces(&self, _rgb: &[u8], _width: u32, _height: u32) -> Result<Vec<Face>, String> {
        Ok(self.faces.clone())
    }

    fn person(&self, _rgb: &[u8], _width: u32, _height: u32) -> Result<PersonMask, String> {
        self.person
            .clone()
            .ok_or_else(|| "the picture's check asked for no person mask".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_goes_to_the_output_and_back() {
        for angle in [0.0f32, 0.07, -0.2] {
            let plan = Plan {
                left: 120.0,
                top: -30.0,
                width: 500,
                height: 700.0,
                angle,
                pivot: (370.0, 300.0),
            };
            let frame = Frame {
                plan: &plan,
                w: 1000.0,
                h: 1200.0,
            };
            for p in [[0.37, 0.25], [0.5, 0.5], [0.1, 0.9]] {
                let back = frame.to_picture(frame.to_output(p));
                assert!(
                    (back[0] - p[0]).abs() < 1e-5 && (back[1] - p[1]).abs() < 1e-5,
                    "{angle}: {p:?} → {back:?}"
                );
            }
            // The pivot stays where the crop puts it, turned or not.
            let [u, v] = frame.to_output([0.37, 0.25]);
            assert!((u - 0.5).abs() < 1e-5 && (v - 330.0 / 700.0).abs() < 1e-5);
        }
    }
}
