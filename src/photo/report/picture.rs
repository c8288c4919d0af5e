//! The checks of the picture's pixels: the backdrop (white and plain), colour
//! or grayscale, clarity, exposure and glare.

use super::{check, Check, Ctx};
use crate::photo::analyze::GRAY_CHROMA;
use crate::photo::spec_types::{Material, Verdict};

pub(super) fn background(c: &Ctx) -> Option<Check> {
    let (bs, b) = (c.spec.background.as_ref()?, c.a.backdrop.as_ref()?);
    let status = if !c.a.flat {
        Verdict::Fail
    } else {
        grade(b.level, bs.level_pass, bs.level_warn, true)
            .max(grade(b.chroma, bs.chroma_pass, bs.chroma_warn, false))
            .max(grade(b.spread, bs.spread_pass, bs.spread_warn, false))
    };
    let [r, g, bl] = b.mean;
    let (zh, en) = if status == Verdict::Pass {
        (
            "背景是白色。".to_string(),
            "The background is white.".to_string(),
        )
    } else if !c.a.flat {
        let (t_zh, t_en) = c.then(
            ("点「一键修正」会把人像抠出来放到纯白背景上（在手机上完成，不上传）。", "“Fix it for me” cuts the person out onto pure white (on this phone, nothing uploaded)."),
            ("请站在白墙或纯色背景前重新拍摄，或去照相馆拍证件照。", "Stand in front of a white or plain wall and take it again, or have it taken at a photo studio."),
        );
        (
            format!("背景不是纯色（像街道、房间或有杂物），不符合白底要求。{t_zh}"),
            format!("The background is not plain (a street, a room, objects); it must be plain white. {t_en}"),
        )
    } else if b.chroma > bs.chroma_pass || b.level < bs.level_warn {
        let (t_zh, t_en) = c.then(
            (
                "点「一键修正」可换成白底。",
                "“Fix it for me” turns it white.",
            ),
            ("请在白墙前重拍。", "Retake against a white wall."),
        );
        (
            format!("背景不是白色（平均颜色 RGB {r:.0},{g:.0},{bl:.0}），要求白底。{t_zh}"),
            format!("The background is not white (average RGB {r:.0},{g:.0},{bl:.0}); white is required. {t_en}"),
        )
    } else {
        let (t_zh, t_en) = c.then(
            (
                "点「一键修正」可换成纯白；或在光线均匀的白墙前重拍。",
                "“Fix it for me” makes it pure white; or retake against an evenly lit white wall.",
            ),
            (
                "请在光线均匀的白墙前重拍。",
                "Retake against an evenly lit white wall.",
            ),
        );
        (
            format!("背景偏灰或不均匀（平均 RGB {r:.0},{g:.0},{bl:.0}，起伏 {:.1}）。{t_zh}", b.spread),
            format!("The background is greyish or uneven (average RGB {r:.0},{g:.0},{bl:.0}, spread {:.1}). {t_en}", b.spread),
        )
    };
    Some(check(
        "background",
        status,
        format!(
            "RGB {r:.0},{g:.0},{bl:.0}; level {:.0}; chroma {:.1}; spread {:.1}; coverage {:.0}%",
            b.level,
            b.chroma,
            b.spread,
            b.coverage * 100.0
        ),
        format!(
            "level ≥ {:.0}, chroma ≤ {:.0}, spread ≤ {:.0}, coverage ≥ {:.0}%",
            bs.level_pass,
            bs.chroma_pass,
            bs.spread_pass,
            bs.flat_coverage * 100.0
        ),
        zh,
        en,
    ))
}

fn grade(v: f32, pass: f32, warn: f32, higher_better: bool) -> Verdict {
    let (p, w) = if higher_better {
        (v >= pass, v >= warn)
    } else {
        (v <= pass, v <= warn)
    };
    if p {
        Verdict::Pass
    } else if w {
        Verdict::Warn
    } else {
        Verdict::Fail
    }
}

pub(super) fn colour(c: &Ctx) -> Option<Check> {
    let gray_verdict = c.spec.grayscale?;
    let gray = c.a.chroma < GRAY_CHROMA;
    let status = if gray { gray_verdict } else { Verdict::Pass };
    let (zh, en) = if gray {
        (
            "这是黑白照片，要求彩色照片。请用彩色原图（关闭黑白滤镜）。".to_string(),
            "This is a black-and-white picture; a colour photo is required. Use the colour original (no mono filter).".to_string(),
        )
    } else {
        ("彩色照片。".to_string(), "Colour photo.".to_string())
    };
    Some(check(
        "colour",
        status,
        format!("chroma {:.1}", c.a.chroma),
        format!("chroma ≥ {GRAY_CHROMA:.0}"),
        zh,
        en,
    ))
}

pub(super) fn clarity(c: &Ctx) -> Option<Check> {
    let s = &c.spec.clarity;
    let v = c.a.clarity;
    let status = grade(v, s.pass_min, s.warn_min, true);
    let (zh, en) = if status == Verdict::Pass {
        ("清晰。".to_string(), "Sharp enough.".to_string())
    } else {
        (
            "照片模糊。请在光线充足处、手机拿稳、对焦后重新拍摄（不要用截图或翻拍）。".to_string(),
            "The picture is blurred. Retake it in good light with the phone held steady and focused (no screenshots or photos of photos).".to_string(),
        )
    };
    let region = if c.a.head.is_some() {
        "face"
    } else {
        "subject"
    };
    Some(check(
        "clarity",
        status,
        format!("{v:.0} ({region})"),
        format!(
            "Laplacian variance ≥ {:.0} at {} px",
            s.pass_min, s.long_side
        ),
        zh,
        en,
    ))
}

pub(super) fn exposure(c: &Ctx) -> Option<Check> {
    let e = &c.spec.exposure;
    let a = c.a;
    let status = if a.luma < e.dark_fail || a.luma > e.bright_fail || a.blown > e.blown_fail {
        Verdict::Fail
    } else if a.luma < e.dark_warn || a.luma > e.bright_warn || a.blown > e.blown_warn {
        Verdict::Warn
    } else {
        Verdict::Pass
    };
    let what = if c.spec.material == Material::Photo {
        ("脸部", "The face")
    } else {
        ("画面", "The picture")
    };
    let (zh, en) = if status == Verdict::Pass {
        ("曝光正常。".to_string(), "Exposure is fine.".to_string())
    } else if a.luma < e.dark_warn {
        (
            format!("{}太暗（亮度 {:.0}，建议 {:.0} 以上）。请到光线充足、均匀的地方重新拍摄（面向窗户或灯光，不要逆光）。", what.0, a.luma, e.dark_warn),
            format!("{} is too dark (brightness {:.0}, {:.0} or more advised). Retake in bright, even light (face the window or lamp, not backlit).", what.1, a.luma, e.dark_warn),
        )
    } else {
        (
            format!("{}过亮、有过曝。请避开强光直射、关闭闪光灯后重新拍摄。", what.0),
            format!("{} is too bright or blown out. Avoid direct strong light and the flash, and retake.", what.1),
        )
    };
    Some(check(
        "exposure",
        status,
        format!("luma {:.0}; blown {:.1}%", a.luma, a.blown * 100.0),
        format!(
            "luma {:.0}–{:.0}; blown ≤ {:.0}%",
            e.dark_warn,
            e.bright_warn,
            e.blown_warn * 100.0
        ),
        zh,
        en,
    ))
}

pub(super) fn glare(c: &Ctx) -> Option<Check> {
    let g = c.spec.glare.as_ref()?;
    let v = c.a.glare;
    let status = if v > g.fail_share {
        Verdict::Fail
    } else if v > g.warn_share {
        Verdict::Warn
    } else {
        Verdict::Pass
    };
    let (zh, en) = if status == Verdict::Pass {
        (
            "没有明显反光。".to_string(),
            "No noticeable glare.".to_string(),
        )
    } else {
        (
            "证件上有反光（过亮的白斑），可能遮住文字。请关闭闪光灯、避开灯光直射，稍微倾斜角度重拍。".to_string(),
            "There is glare on the card (blown-out patches) that may hide text. Turn off the flash, avoid direct light, tilt slightly and retake.".to_string(),
        )
    };
    Some(check(
        "glare",
        status,
        format!("{:.1}%", v * 100.0),
        format!("≤ {:.0}% of pixels at luma ≥ 250", g.warn_share * 100.0),
        zh,
        en,
    ))
}
