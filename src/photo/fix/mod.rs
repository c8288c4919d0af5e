//! The one-tap fix: crop 5:7 around the subject, white backdrop, JPEG in 40,960–80,000 bytes.

use super::analyze::{flood, Analysis};
use super::error::PhotoError;
use super::matte;
use super::pixels::area_resize;
use super::seen::{Head, Seen};
use super::spec_types::{FixSpec, PhotoSpec};
use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::imageops::{crop_imm, resize, FilterType};
use image::{Rgb, RgbImage};

mod render;
pub(crate) use render::*;

pub(crate) struct Plan {
    /// May be negative, and the crop may run past the right edge: columns
    /// outside the picture are white.
    pub left: f32,
    /// May be negative: rows above the picture are padded white.
    pub top: f32,
    pub width: u32,
    pub height: f32,
    /// Rotation that levels the eyes (radians, the eye line's own angle: the
    /// crop is taken in a frame turned by it about `pivot`); 0 for none.
    pub angle: f32,
    /// The eyes' midpoint, in working-image pixels.
    pub pivot: (f32, f32),
}

/// Levelling. The eye regions' own measurement (`eyes::measure`, when sure) repeats
/// to about 0.1° on turned copies of a photo and agrees with eye centres marked by
/// hand on the fixtures within 0.0–0.9° (the marks themselves are good to about
/// ±0.5°; tests/photo_models.rs): eyes tilted by less than `LEVEL_MIN_DEG` are left
/// as they are (a turn that small is not seen), more is turned level. Without a
/// sure measurement only the detector's keypoints are left (±2–3°, ML-FACTS): the
/// fix then turns only by what exceeds `DETECTOR_ERR_DEG`, so that whatever the
/// detector's error, the turn never makes the tilt worse. Beyond `LEVEL_MAX_DEG` a
/// head that tilted is left to the check's advice.
const LEVEL_MIN_DEG: f32 = 0.5;
const DETECTOR_ERR_DEG: f32 = 3.0;
const LEVEL_MAX_DEG: f32 = 20.0;

/// The turn (degrees) that levels the eyes, from the head's figures.
fn levelling(head: &Head) -> f32 {
    let t = head.tilt;
    if !t.is_finite() || t.abs() > LEVEL_MAX_DEG {
        0.0
    } else if head.tilt_sure {
        if t.abs() >= LEVEL_MIN_DEG {
            t
        } else {
            0.0
        }
    } else if t.abs() > DETECTOR_ERR_DEG + LEVEL_MIN_DEG {
        t - DETECTOR_ERR_DEG * t.signum()
    } else {
        0.0
    }
}

fn refuse_not_flat() -> PhotoError {
    PhotoError::new(
        "background_not_flat",
        "背景不是纯色（像街道、房间或有杂物），无法自动换成白底。请站在白墙或纯色布前、光线均匀时重新拍摄，或到照相馆拍证件照。",
        "The background is not plain (a street, a room, objects) and cannot be turned white automatically. Stand in front of a white wall or a plain sheet in even light and take it again, or have it taken at a photo studio.",
    )
}

/// Why the fix cannot make a compliant photo of this picture, if it cannot: the
/// one place that decides, used by the fix itself and by the check report (which
/// offers the fix only when this is `None`).
pub(crate) fn refusal(a: &Analysis, spec: &PhotoSpec) -> Option<PhotoError> {
    let Some(fx) = &spec.fix else {
        return Some(PhotoError::new(
            "no_fix",
            "这类材料不能自动修正，请按检查结果的提示重新拍摄。",
            "This kind of material cannot be fixed automatically; retake it following the check results.",
        ));
    };
    plan(a, spec, fx).err()
}

/// Decide the crop (in working-image pixels) from the analysis: from the face when
/// the models ran, else from the flood fill of a plain backdrop.
pub(crate) fn plan(a: &Analysis, spec: &PhotoSpec, fx: &FixSpec) -> Result<Plan, PhotoError> {
    if let Some(seen) = &a.seen {
        return plan_from_face(a, seen, spec, fx);
    }
    if !a.flat {
        return Err(refuse_not_flat());
    }
    let Some(s) = &a.subject else {
        return Err(PhotoError::new(
            "no_subject",
            "照片里没有找到人像，无法裁剪。请上传本人正面免冠的半身照。",
            "No person found in the picture, so it cannot be cropped. Upload a frontal head-and-shoulders photo of yourself.",
        ));
    };
    if s.top_touch > 0.03 {
        return Err(head_cut_off());
    }
    let (w, h) = (a.width as f32, a.height as f32);
    crop(
        s.top * h,
        (s.head_width * w).max(1.0),
        (0.5 + s.centre) * w,
        w,
        h,
        fx,
    )
}

/// A group photo by the person mask (the face detector may see only one face).
pub(crate) fn group_photo() -> PhotoError {
    PhotoError::new(
        "group_photo",
        "照片里不止一个人（人像区域有几个人形，或比一个人宽得多），像是合影。证件照只能有本人：请单独拍一张，或换一张只有自己的照片。",
        "There is more than one person in the picture (the person outline holds several bodies, or is far wider than one person): a group photo. An ID photo shows only you: take one alone, or pick a photo with only yourself.",
    )
}

fn head_cut_off() -> PhotoError {
    PhotoError::new(
        "head_cut_off",
        "头顶已被切掉，无法修正。请重拍，头顶上方留出空白。",
        "The top of the head is cut off and cannot be restored. Retake with space above the head.",
    )
}

fn plan_from_face(
    a: &Analysis,
    seen: &Seen,
    spec: &PhotoSpec,
    fx: &FixSpec,
) -> Result<Plan, PhotoError> {
    let Some(head) = &a.head else {
        return Err(PhotoError::new(
            "no_face",
            "照片里没有找到人脸。请上传本人正面、免冠、露出五官的半身照（不要拍证件、屏幕或背影）。",
            "No face found in the picture. Upload a head-and-shoulders photo of yourself facing the camera, no hat, features visible (not a card, a screen or the back of a head).",
        ));
    };
    if seen.people > 1 {
        return Err(PhotoError::new(
            "several_faces",
            format!("照片里有 {} 张人脸。证件照只能有本人：请单独拍一张，或换一张只有自己的照片。", seen.people),
            format!("There are {} faces in the picture. An ID photo shows only you: take one alone, or pick a photo with only yourself.", seen.people),
        ));
    }
    if seen.crowd.group() {
        return Err(group_photo());
    }
    let framing = spec.framing.as_ref();
    let turn_fail = framing.map_or(0.45, |f| f.turn_fail);
    if head.turn.abs() > turn_fail {
        return Err(PhotoError::new(
            "face_turned",
            "脸没有正对镜头（侧脸）。证件照要求正面：请正对镜头重拍。",
            "The face is turned away from the camera. An ID photo must be frontal: face the camera and retake.",
        ));
    }
    if head.crown_cut {
        return Err(head_cut_off());
    }
    if a.eyes_dark {
        return Err(PhotoError::new(
            "eyes_hidden",
            "看不清眼睛，可能戴了墨镜。证件照要露出双眼：请摘下墨镜重拍，修正无法去掉墨镜。",
            "The eyes cannot be seen, probably sunglasses. An ID photo shows both eyes: take them off and retake; the fix cannot remove them.",
        ));
    }
    let min_face = framing.map_or(0.10, |f| f.face_fail_min);
    if head.face_box[2] - head.face_box[0] < min_face {
        return Err(PhotoError::new(
            "face_too_small",
            format!(
                "人脸太小（只占宽度的 {:.0}%），像远景、合影，或是证件、屏幕的翻拍。请用本人的近照：头肩照，头部占画面一半左右。",
                (head.face_box[2] - head.face_box[0]) * 100.0
            ),
            format!(
                "The face is too small (only {:.0}% of the width): a distant shot, a group photo, or a photo of a card or a screen. Use a close photo of yourself: head and shoulders, the head about half the picture.",
                (head.face_box[2] - head.face_box[0]) * 100.0
            ),
        ));
    }
    if seen.person.is_none() && !a.flat {
        return Err(refuse_not_flat());
    }
    face_plan(a, head, fx, None)
}

/// The face's crop, turned level when the eyes are tilted; `shown_crown` (frame
/// pixels) is the top of the hair as the fix shows it, when known.
fn face_plan(
    a: &Analysis,
    head: &Head,
    fx: &FixSpec,
    shown_crown: Option<f32>,
) -> Result<Plan, PhotoError> {
    let (w, h) = (a.width as f32, a.height as f32);
    let mut plan = crop_face(head, w, h, fx, shown_crown)?;
    let turn = levelling(head);
    if turn != 0.0 {
        let [l, r] = head.eye_points;
        plan.angle = turn.to_radians();
        plan.pivot = ((l[0] + r[0]) / 2.0 * w, (l[1] + r[1]) / 2.0 * h);
        fit_turned_crop(&mut plan, w, h);
    }
    Ok(plan)
}

/// A turned crop's bottom corners must stay inside the picture (else a white
/// wedge cuts into the shoulders): shrink it about its top centre until they do.
/// The top corners may leave it: above the head is backdrop, made white anyway.
/// A bottom corner the crop had outside the picture on purpose (a close-up
/// framed with white at the side) is not held to it.
fn fit_turned_crop(p: &mut Plan, w: f32, h: f32) {
    let wanted: Vec<bool> = [p.left, p.left + p.width as f32]
        .iter()
        .map(|&x| (-0.5..=w + 0.5).contains(&x))
        .collect();
    for _ in 0..24 {
        let (cos, sin) = (p.angle.cos(), p.angle.sin());
        let bottom = p.top + p.height;
        let inside = [p.left, p.left + p.width as f32]
            .iter()
            .zip(&wanted)
            .filter(|(_, &want)| want)
            .all(|(&x, _)| {
                let (dx, dy) = (x - p.pivot.0, bottom - p.pivot.1);
                let (wx, wy) = (
                    p.pivot.0 + cos * dx - sin * dy,
                    p.pivot.1 + sin * dx + cos * dy,
                );
                (0.0..=w).contains(&wx) && (0.0..=h).contains(&wy)
            });
        if inside {
            return;
        }
        let cx = p.left + p.width as f32 / 2.0;
        let nw = (p.width as f32 * 0.97).max(1.0);
        p.height *= nw / p.width as f32;
        p.width = nw as u32;
        p.left = cx - nw / 2.0;
        if wanted.iter().all(|&want| want) {
            p.left = p.left.max(0.0);
        }
    }
}

/// The 5:7 crop that puts the head top `head_top_margin` below the top edge and
/// makes the head `head_width_share` of the width, as far as the picture allows.
fn crop(
    head_top: f32,
    head_w: f32,
    cx: f32,
    w: f32,
    h: f32,
    fx: &FixSpec,
) -> Result<Plan, PhotoError> {
    let ratio = 5.0 / 7.0;
    let mut ch = head_w / fx.head_width_share / ratio;
    ch = ch
        .min((h - head_top) / (1.0 - fx.head_top_margin))
        .min(w / ratio);
    let cw = (ch * ratio).round().max(1.0).min(w);
    let ch = cw / ratio;
    if ch < fx.min_crop_height as f32 {
        return Err(PhotoError::new(
            "too_small",
            "人像太小，裁剪后像素不够。请靠近一些重新拍摄。",
            "The person is too small; a crop would have too few pixels. Move closer and retake.",
        ));
    }
    let top = head_top - fx.head_top_margin * ch;
    let left = (cx - cw / 2.0).clamp(0.0, w - cw).round();
    Ok(Plan {
        left,
        top,
        width: cw as u32,
        height: ch,
        angle: 0.0,
        pivot: (0.0, 0.0),
    })
}

/// Share of the crop's width the face may move off centre to keep the crop
/// inside the picture; beyond, the side outside the picture is white.
const DECENTRE_MAX: f32 = 0.02;

/// The 5:7 crop framed by the face (with the detector): the face
/// `face_width_share` of the width, the crown `crown_margin` below the top, the
/// eye line no lower than `eyes_max` (the crop moves up to `crown_margin_min` for
/// it, and below that the face is made smaller rather than the hair cut), centred
/// on the eyes. Where the picture has no more room at the top or the sides, white
/// is added there; at the bottom never (a white band under cut-off shoulders does
/// not look like a photo): a crop that would run past the picture's bottom is
/// made shorter, the face then larger.
///
/// The crown is the person mask's (`head.top`); the hair the fix shows can reach
/// above it (a bun's strands the matte keeps): `shown_crown`, that top in the
/// crop's frame (pixels, measured on a first render, see [`reframe`]), is then
/// held `SHOWN_CROWN_MIN` below the top edge as well, the face made smaller for
/// it where the eye line holds the crop up.
fn crop_face(
    head: &Head,
    w: f32,
    h: f32,
    fx: &FixSpec,
    shown_crown: Option<f32>,
) -> Result<Plan, PhotoError> {
    let ratio = 5.0 / 7.0;
    let face = (head.face_width * w).max(1.0);
    let crown = head.top * h;
    let eyes = head.eyes * h;
    let cx = (head.eye_points[0][0] + head.eye_points[1][0]) / 2.0 * w;
    let mut ch = face / fx.face_width_share / ratio;
    let mut top = crown - fx.crown_margin * ch;
    if let Some(s) = shown_crown {
        top = top.min(s - SHOWN_CROWN_MIN * ch);
    }
    if eyes - top > fx.eyes_max * ch {
        // The eyes would sit too low: the crop moves down to them, as far as the
        // crowns' least margins allow; beyond, the face is made smaller.
        top = eyes - fx.eyes_max * ch;
        let mut least = (crown, fx.crown_margin_min);
        if let Some(s) = shown_crown {
            let by_mask = (eyes - crown) / (fx.eyes_max - fx.crown_margin_min);
            if (eyes - s) / (fx.eyes_max - SHOWN_CROWN_MIN) > by_mask {
                least = (s, SHOWN_CROWN_MIN);
            }
        }
        let (c, m) = least;
        if c - top < m * ch {
            ch = (eyes - c) / (fx.eyes_max - m);
            top = c - m * ch;
        }
    }
    if top + ch > h {
        ch = h - top;
    }
    let cw = (ch * ratio).round().max(1.0);
    let ch = cw / ratio;
    if !(ch.is_finite() && ch >= fx.min_crop_height as f32) {
        return Err(PhotoError::new(
            "too_small",
            "人像太小，裁剪后像素不够。请靠近一些重新拍摄。",
            "The person is too small; a crop would have too few pixels. Move closer and retake.",
        ));
    }
    let mut left = cx - cw / 2.0;
    if cw <= w {
        let inside = left.clamp(0.0, w - cw);
        let shift = (inside - left).clamp(-DECENTRE_MAX * cw, DECENTRE_MAX * cw);
        left += shift;
    }
    Ok(Plan {
        left: left.round(),
        top,
        width: cw as u32,
        height: ch,
        angle: 0.0,
        pivot: (0.0, 0.0),
    })
}

/// The hair as shown (after the matte) must start at least this share of the
/// height below the top edge (GA 461-2004: 1.6 %; the framing check passes from 2 %).
const SHOWN_CROWN_MIN: f32 = 0.02;

/// A rendered pixel darker than this on some channel shows the subject (the
/// backdrop is 255; a faint strand's blend lighter than this reads as white).
const SHOWN_LEVEL: u8 = 240;

/// The first row of a rendered crop where the subject shows across the middle
/// of the face (two pixels or more within 30 % of the face box's width either
/// side of the eyes' midpoint), if any.
fn shown_top(img: &RgbImage, p: &Plan, head: &Head, w: f32) -> Option<u32> {
    let (ow, oh) = img.dimensions();
    let sx = p.width as f32 / ow as f32;
    let cx = (head.eye_points[0][0] + head.eye_points[1][0]) / 2.0 * w;
    let half = 0.3 * (head.face_box[2] - head.face_box[0]) * w;
    let x0 = ((cx - half - p.left) / sx).floor().clamp(0.0, ow as f32) as u32;
    let x1 = ((cx + half - p.left) / sx).ceil().clamp(0.0, ow as f32) as u32;
    (0..oh).find(|&y| {
        (x0..x1)
            .filter(|&x| img.get_pixel(x, y).0.iter().any(|&c| c < SHOWN_LEVEL))
            .count()
            >= 2
    })
}

/// The crop rendered at the first output size, and framed again when the hair it
/// shows reaches above the mask's crown far enough to sit closer than
/// `SHOWN_CROWN_MIN` to the top edge (test4's bun: the mask's crown frames the crop,
/// the matte keeps the strands above it). Returns the plan to encode and, when it
/// is unchanged, the render (the first size's, reused).
pub(crate) fn reframe(
    work: &RgbImage,
    p: Plan,
    a: &Analysis,
    spec: &PhotoSpec,
    fx: &FixSpec,
) -> Result<(Plan, Option<RgbImage>), PhotoError> {
    let (Some(head), Some(_), Some([ow, oh])) = (&a.head, &a.seen, fx.sizes.first().copied())
    else {
        return Ok((p, None));
    };
    let img = render(work, &p, a, spec, ow, oh);
    let Some(row) = shown_top(&img, &p, head, a.width as f32) else {
        return Ok((p, Some(img)));
    };
    if row as f32 >= SHOWN_CROWN_MIN * oh as f32 {
        return Ok((p, Some(img)));
    }
    // That row in the crop's frame (turned crops too: the frame's y about the eyes).
    let crown = p.top + row as f32 * (p.height / oh as f32);
    Ok((face_plan(a, head, fx, Some(crown))?, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::{spec, Material};

    fn head(top: f32, eyes: f32, face_width: f32, cx: f32) -> Head {
        let half_eyes = face_width * 0.22;
        Head {
            top,
            chin: eyes + 0.2,
            eyes,
            width: face_width * 1.3,
            centre: cx - 0.5,
            tilt: 0.0,
            turn: 0.0,
            face_width,
            face_box: [
                cx - face_width / 2.0,
                eyes - 0.1,
                cx + face_width / 2.0,
                eyes + 0.2,
            ],
            eye_points: [[cx - half_eyes, eyes], [cx + half_eyes, eyes]],
            crown_cut: false,
            tilt_sure: true,
        }
    }

    fn bare(width: u32, height: u32) -> Analysis {
        Analysis {
            width,
            height,
            mask: None,
            backdrop: None,
            subject: None,
            seen: None,
            head: None,
            clarity: 0.0,
            luma: 0.0,
            blown: 0.0,
            chroma: 0.0,
            glare: 0.0,
            eyes_dark: false,
            flat: false,
        }
    }

    #[test]
    fn white_is_added_above_the_head_only_when_the_picture_has_no_more_room() {
        let fx = spec(Material::Photo, None).fix.as_ref().unwrap();
        let (w, h) = (800.0, 1000.0);
        // Crown 30 % down: room above it, the crop starts inside the picture.
        let roomy = crop_face(&head(0.30, 0.45, 0.3, 0.5), w, h, fx, None).unwrap();
        assert!(roomy.top >= 0.0, "top {}", roomy.top);
        assert!(roomy.left >= 0.0 && roomy.left + roomy.width as f32 <= w);
        // Crown 0.5 % below the top edge: the crown margin needs rows the
        // picture does not have, so the crop starts above it (white there) and
        // exactly by the missing margin, no more.
        let tight = crop_face(&head(0.005, 0.16, 0.3, 0.5), w, h, fx, None).unwrap();
        assert!(tight.top < 0.0, "top {}", tight.top);
        let crown_px = 0.005 * h - tight.top;
        let margin = crown_px / tight.height;
        assert!(
            margin >= fx.crown_margin_min - 1e-3 && margin <= fx.crown_margin + 1e-3,
            "crown margin {margin}"
        );
        // A face near the right edge moves off centre by at most 2 % of the crop
        // before white is added at that side.
        let side = crop_face(&head(0.30, 0.45, 0.3, 0.93), w, h, fx, None).unwrap();
        let cx = 0.93 * w;
        let centre = side.left + side.width as f32 / 2.0;
        assert!((centre - cx).abs() <= DECENTRE_MAX * side.width as f32 + 1.0);
        assert!(side.left + side.width as f32 > w, "white at the right side");
    }

    #[test]
    fn hair_shown_above_the_mask_keeps_its_margin_the_face_made_smaller_for_it() {
        let fx = spec(Material::Photo, None).fix.as_ref().unwrap();
        let (w, h) = (800.0, 1000.0);
        // Tall hair: the eye line holds the crop up, the mask's crown at its
        // least margin.
        let tall = head(0.20, 0.50, 0.3, 0.5);
        let by_mask = crop_face(&tall, w, h, fx, None).unwrap();
        let margin = |p: &Plan, c: f32| (c - p.top) / p.height;
        assert!((margin(&by_mask, 200.0) - fx.crown_margin_min).abs() < 1e-3);
        // The matte shows a bun 20 px above the mask's crown: it gets its own
        // least margin, the mask's crown more, the eyes stay at most eyes_max
        // down, and the face is smaller (a taller crop).
        let bun = crop_face(&tall, w, h, fx, Some(180.0)).unwrap();
        assert!(
            margin(&bun, 180.0) >= SHOWN_CROWN_MIN - 1e-3,
            "{}",
            margin(&bun, 180.0)
        );
        assert!(margin(&bun, 200.0) >= fx.crown_margin_min);
        assert!(margin(&bun, 500.0) <= fx.eyes_max + 1e-3);
        assert!(bun.height > by_mask.height);
        // Hair shown just above the mask's crown, within its margin: nothing moves.
        let near = crop_face(&tall, w, h, fx, Some(195.0)).unwrap();
        assert_eq!((near.top, near.height), (by_mask.top, by_mask.height));
        // Room enough (no eye-line hold): the crop moves up for the bun, the face
        // keeps its size.
        let roomy = head(0.30, 0.45, 0.3, 0.5);
        let plain = crop_face(&roomy, w, h, fx, None).unwrap();
        let high = crop_face(&roomy, w, h, fx, Some(270.0)).unwrap();
        assert_eq!(high.height, plain.height);
        assert!((margin(&high, 270.0) - SHOWN_CROWN_MIN).abs() < 1e-3);
    }

    #[test]
    fn the_render_pads_white_rows_only_above_the_picture_and_keeps_the_rest() {
        // A flat grey picture (nothing to whiten): a crop reaching 40 px above
        // the picture gets white rows for exactly those 40 px (scaled), and the
        // picture's own grey below; a crop inside the picture gets no white.
        let sp = spec(Material::Photo, None);
        let work = RgbImage::from_pixel(500, 700, Rgb([100, 100, 100]));
        let a = bare(500, 700);
        let (ow, oh) = (250u32, 350u32);
        let padded = Plan {
            left: 0.0,
            top: -40.0,
            width: 500,
            height: 700.0,
            angle: 0.0,
            pivot: (0.0, 0.0),
        };
        let out = render(&work, &padded, &a, sp, ow, oh);
        let pad = (40.0 * oh as f32 / 700.0).round() as u32;
        for y in 0..oh {
            let p = out.get_pixel(ow / 2, y).0;
            if y < pad {
                assert_eq!(p, [255, 255, 255], "row {y} is padding");
            } else {
                assert!(p.iter().all(|&c| c.abs_diff(100) <= 2), "row {y}: {p:?}");
            }
        }
        let inside = Plan { top: 0.0, ..padded };
        let out = render(&work, &inside, &a, sp, ow, oh);
        assert!(out
            .pixels()
            .all(|p| p.0.iter().all(|&c| c.abs_diff(100) <= 2)));
        // Past the right side: white beyond the picture's last column only.
        let wide = Plan {
            left: 100.0,
            top: 0.0,
            width: 500,
            height: 700.0,
            angle: 0.0,
            pivot: (0.0, 0.0),
        };
        let out = render(&work, &wide, &a, sp, ow, oh);
        let edge = ((500.0 - 100.0) * ow as f32 / 500.0) as u32;
        assert!(out
            .get_pixel(edge - 2, oh / 2)
            .0
            .iter()
            .all(|&c| c.abs_diff(100) <= 2));
        assert_eq!(out.get_pixel(edge + 2, oh / 2).0, [255, 255, 255]);
    }
}
