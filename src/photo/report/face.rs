//! The checks of the face and where the head sits: from the face detector and
//! person mask when they ran, else from the backdrop fill (which needs a plain
//! backdrop). What no model here checks (hat, a covered face, glare on glasses)
//! is said in the face check's message.

use super::{check, Check, Ctx};
use crate::photo::spec_types::Verdict;

/// One face, frontal, level, eyes visible: only when the face detector ran.
pub(super) fn face(c: &Ctx) -> Option<Check> {
    let f = c.spec.framing.as_ref()?;
    let seen = c.a.seen.as_ref()?;
    let threshold = format!(
        "one face; turn ≤ {:.2}; tilt ≤ {:.0}°",
        f.turn_warn, f.tilt_warn
    );
    let Some(h) = &c.a.head else {
        return Some(check(
            "face",
            Verdict::Fail,
            "no face".into(),
            threshold,
            "照片里没有找到人脸。请上传本人正面、免冠、露出五官的半身照（不要拍证件、屏幕或背影）。".into(),
            "No face found. Upload a head-and-shoulders photo of yourself facing the camera, no hat, features visible (not a card, a screen or the back of a head).".into(),
        ));
    };
    let value = format!(
        "faces {}; bodies {}; widest {:.1} faces; score {:.2}; tilt {:+.2}° ({}); turn {:+.2}",
        seen.people,
        seen.crowd.bodies,
        seen.crowd.widest,
        seen.faces.first().map_or(0.0, |f| f.score),
        h.tilt,
        if h.tilt_sure {
            "eye regions"
        } else {
            "detector"
        },
        h.turn
    );
    let sunglasses = c.a.eyes_dark;
    let (status, zh, en) = if seen.people > 1 {
        (
            Verdict::Fail,
            format!(
                "照片里有 {} 张人脸。证件照只能有本人：请单独拍一张。",
                seen.people
            ),
            format!(
                "There are {} faces in the picture. An ID photo shows only you: take one alone.",
                seen.people
            ),
        )
    } else if seen.crowd.group() {
        let e = crate::photo::fix::group_photo();
        (Verdict::Fail, e.message_zh, e.message_en)
    } else if h.turn.abs() > f.turn_fail {
        (
            Verdict::Fail,
            "脸没有正对镜头（侧脸）。请正对镜头重拍。".to_string(),
            "The face is turned away. Face the camera and retake.".to_string(),
        )
    } else if sunglasses {
        (
            Verdict::Fail,
            "看不清眼睛，可能戴了墨镜或有反光。证件照要露出双眼：请摘下墨镜（或避开镜片反光）重拍。".to_string(),
            "The eyes cannot be seen: sunglasses or reflections. An ID photo shows both eyes: take off sunglasses (or avoid glare on the lenses) and retake.".to_string(),
        )
    } else if h.turn.abs() > f.turn_warn {
        (
            Verdict::Warn,
            "脸有点侧（没有正对镜头）。审核可能不通过，建议正对镜头重拍。".to_string(),
            "The face is turned a little. It may be rejected: retake facing the camera."
                .to_string(),
        )
    } else if h.tilt.abs() > f.tilt_warn {
        (
            Verdict::Warn,
            format!("头部歪了约 {:.0}°（两眼不在一条水平线上）。请头摆正、平视镜头重拍。", h.tilt.abs()),
            format!("The head is tilted by about {:.0}° (the eyes are not level). Hold the head straight and retake.", h.tilt.abs()),
        )
    } else {
        (
            Verdict::Pass,
            "一张正面人脸，双眼水平。".to_string(),
            "One frontal face, eyes level.".to_string(),
        )
    };
    // What the on-device models cannot see, said plainly wherever the face is
    // otherwise acceptable: there is no hat, mask or glare detector in them.
    let (zh, en) = if status == Verdict::Fail {
        (zh, en)
    } else {
        (
            format!("{zh}{NOT_CHECKED_ZH}"),
            format!("{en} {NOT_CHECKED_EN}"),
        )
    };
    Some(check("face", status, value, threshold, zh, en))
}

/// The reviewer's checks the models here cannot make (a face detector and a
/// person mask only): the candidate is asked to look.
pub(crate) const NOT_CHECKED_ZH: &str =
    "以下未自动检查，请自己确认：没有戴帽子（须免冠）、脸没有被口罩或手遮住、眼镜没有反光挡住眼睛。";
pub(crate) const NOT_CHECKED_EN: &str = "Not checked automatically, please check yourself: no hat or cap (the photo must be bareheaded), the face not covered by a mask or a hand, no glare on glasses hiding the eyes.";

/// Where the head sits: from the face when the detector ran, else from the
/// backdrop fill (which needs a plain backdrop).
pub(super) fn framing(c: &Ctx) -> Option<Check> {
    let f = c.spec.framing.as_ref()?;
    // With the detector the head's size is the face's width (ear to ear); without,
    // the head's with its hair from the backdrop fill. The advice is what the fix
    // would make (its spec), or the middle of the pass range.
    let by_face = c.a.head.is_some();
    let fx = c.spec.fix.as_ref();
    let (size_word_zh, size_word_en, size_min, size_max, size_fail_min, size_fail_max) = if by_face
    {
        (
            "脸宽",
            "face width",
            f.face_pass_min,
            f.face_pass_max,
            f.face_fail_min,
            f.face_fail_max,
        )
    } else {
        (
            "头部",
            "head width",
            f.head_pass_min,
            f.head_pass_max,
            f.head_fail_min,
            f.head_fail_max,
        )
    };
    let advise_w = fx
        .map(|x| {
            if by_face {
                x.face_width_share
            } else {
                x.head_width_share
            }
        })
        .unwrap_or((size_min + size_max) / 2.0)
        * 100.0;
    let advise_top = fx
        .map(|x| {
            if by_face {
                x.crown_margin
            } else {
                x.head_top_margin
            }
        })
        .unwrap_or((f.top_pass_min + f.top_pass_max) / 2.0)
        * 100.0;
    let threshold = format!(
        "head top {:.0}–{:.0}%; {size_word_en} {:.0}–{:.0}%; centre ±{:.0}%",
        f.top_pass_min * 100.0,
        f.top_pass_max * 100.0,
        size_min * 100.0,
        size_max * 100.0,
        f.centre_warn * 100.0
    );
    let recrop = (
        format!("点「一键修正」会按头顶留白约 {advise_top:.0}%、{size_word_zh}约占宽度 {advise_w:.0}% 重新裁剪。"),
        format!("“Fix it for me” re-crops with about {advise_top:.0}% above the head and the {size_word_en} about {advise_w:.0}% of the width."),
    );
    let (recrop_zh, recrop_en) = c.then(
        (&recrop.0, &recrop.1),
        ("请按上面的提示重拍。", "Retake as advised above."),
    );
    let (top, width, centre, value) = if let Some(h) = &c.a.head {
        (
            h.top,
            h.face_width,
            h.centre,
            format!(
                "head top {:.1}%; face width {:.0}%; centre {:+.0}%; eye line {:.0}%",
                h.top * 100.0,
                h.face_width * 100.0,
                h.centre * 100.0,
                h.eyes * 100.0
            ),
        )
    } else if c.a.seen.is_some() {
        // The face check already says there is no face.
        return None;
    } else {
        match &c.a.subject {
            _ if !c.a.flat => {
                return Some(check(
                    "framing",
                    Verdict::Warn,
                    "n/a".into(),
                    threshold,
                    "背景不是纯色，无法判断头部位置。请在纯色背景前重拍。".into(),
                    "The background is not plain, so the head position cannot be judged. Retake against a plain background.".into(),
                ))
            }
            None => {
                return Some(check(
                    "framing",
                    Verdict::Fail,
                    "no subject".into(),
                    threshold,
                    "照片里没有找到人像。请上传本人正面免冠的半身照。".into(),
                    "No person found in the picture. Upload a frontal head-and-shoulders photo of yourself, no hat.".into(),
                ))
            }
            Some(s) => {
                if s.top_touch > 0.03 {
                    return Some(check(
                        "framing",
                        Verdict::Fail,
                        format!("head top {:.1}%; touches the top edge", s.top * 100.0),
                        threshold,
                        "头顶被切掉了。请重拍，头顶上方留出一点空白。".into(),
                        "The top of the head is cut off. Retake with a little space above the head.".into(),
                    ));
                }
                (
                    s.top,
                    s.head_width,
                    s.centre,
                    format!(
                        "head top {:.1}%; head width {:.0}%; centre {:+.0}%; subject {:.0}%",
                        s.top * 100.0,
                        s.head_width * 100.0,
                        s.centre * 100.0,
                        s.share * 100.0
                    ),
                )
            }
        }
    };
    let cut = c.a.head.is_some_and(|h| h.crown_cut) || top <= f.top_cut;
    let (pct_top, pct_w, pct_c) = (top * 100.0, width * 100.0, centre * 100.0);
    let (status, zh, en) = if cut {
        (
            Verdict::Fail,
            "头顶被切掉了。请重拍，头顶上方留出一点空白。".to_string(),
            "The top of the head is cut off. Retake with a little space above the head."
                .to_string(),
        )
    } else if top > f.top_warn_max || width < size_fail_min {
        (
            Verdict::Fail,
            format!("头部太小或位置太低（{size_word_zh}占宽度 {pct_w:.0}%，建议 {advise_w:.0}% 左右；头顶在上方 {pct_top:.0}% 处，建议约 {advise_top:.0}%）。一寸照应为头肩照。{recrop_zh}"),
            format!("The head is too small or too low ({size_word_en} {pct_w:.0}% of the width, about {advise_w:.0}% advised; head top {pct_top:.0}% down, about {advise_top:.0}% advised). A 1-inch photo is head and shoulders. {recrop_en}"),
        )
    } else if width > size_fail_max {
        (
            Verdict::Fail,
            format!("头部太大（{size_word_zh}占宽度 {pct_w:.0}%，只拍到脸）。请离远一点重拍，拍到肩膀。"),
            format!("The head is too big ({size_word_en} {pct_w:.0}% of the width: only the face). Step back and include the shoulders."),
        )
    } else if top < f.top_pass_min || top > f.top_pass_max {
        (
            Verdict::Warn,
            format!("头顶在上方 {pct_top:.0}% 处，建议约 {advise_top:.0}%（{:.0}%–{:.0}% 均可）。{recrop_zh}", f.top_pass_min * 100.0, f.top_pass_max * 100.0),
            format!("The head top is {pct_top:.0}% below the edge; about {advise_top:.0}% is advised ({:.0}–{:.0}% is fine). {recrop_en}", f.top_pass_min * 100.0, f.top_pass_max * 100.0),
        )
    } else if width < size_min || width > size_max {
        (
            Verdict::Warn,
            format!("{size_word_zh}占宽度 {pct_w:.0}%，建议 {advise_w:.0}% 左右（{:.0}%–{:.0}% 均可）。{recrop_zh}", size_min * 100.0, size_max * 100.0),
            format!("The {size_word_en} is {pct_w:.0}% of the width; about {advise_w:.0}% is advised ({:.0}–{:.0}% is fine). {recrop_en}", size_min * 100.0, size_max * 100.0),
        )
    } else if centre.abs() > f.centre_warn {
        (
            Verdict::Warn,
            format!(
                "人像偏{}了 {:.0}%（应居中）。{recrop_zh}",
                if centre < 0.0 { "左" } else { "右" },
                pct_c.abs()
            ),
            format!(
                "The person is {:.0}% off centre to the {}. {recrop_en}",
                pct_c.abs(),
                if centre < 0.0 { "left" } else { "right" }
            ),
        )
    } else {
        (
            Verdict::Pass,
            "构图合适。".to_string(),
            "Framing is fine.".to_string(),
        )
    };
    Some(check("framing", status, value, threshold, zh, en))
}
