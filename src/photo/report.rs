//! Turning measurements into checks with bilingual advice.

use super::analyze::{Analysis, GRAY_CHROMA};
use super::header::{Format, Probe};
use super::spec_types::{Material, PhotoSpec, Verdict};
use serde::Serialize;

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// `format`, `file_size`, `aspect_ratio`, `resolution`, `background`, `colour`,
    /// `clarity`, `exposure`, `framing`, `edited`, `glare`, `orientation`.
    pub id: &'static str,
    pub status: Verdict,
    /// The measured value, human-readable (e.g. `"76,810 bytes"`, `"0.716 (5:7 = 0.714)"`).
    pub value: String,
    /// What passes (e.g. `"40,960–80,000 bytes"`).
    pub threshold: String,
    /// What to do, for the candidate.
    pub message_zh: String,
    pub message_en: String,
}

/// Everything checked about one picture. `pass` is true when no check fails
/// (warnings allowed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub format: Format,
    pub bytes: u64,
    /// Width and height as displayed (after EXIF orientation).
    pub width: u32,
    pub height: u32,
    pub pass: bool,
    pub checks: Vec<Check>,
}

impl Report {
    /// The check with this id, if it ran.
    pub fn get(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

fn check(
    id: &'static str,
    status: Verdict,
    value: String,
    threshold: String,
    zh: String,
    en: String,
) -> Check {
    Check {
        id,
        status,
        value,
        threshold,
        message_zh: zh,
        message_en: en,
    }
}

/// A byte count with thousands separators, as messages and the widget show it: `209,022`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn format_check(format: Format, spec: &PhotoSpec) -> Check {
    let name = format.name();
    let status = if spec.format_pass.iter().any(|f| f == name) {
        Verdict::Pass
    } else if spec.format_warn.iter().any(|f| f == name) {
        Verdict::Warn
    } else {
        Verdict::Fail
    };
    let label = format.label();
    let (zh, en) = match status {
        Verdict::Pass => ("格式正确（JPG）。".to_string(), "Format is JPG: fine.".to_string()),
        _ if format == Format::Heif => (
            "这是 HEIC 格式，报名系统要求 JPG。iPhone 可在「设置 → 相机 → 格式」选「兼容性最佳」，或把照片在微信里发给自己再保存。".into(),
            "This is HEIC; the site wants JPG. On an iPhone choose Settings → Camera → Formats → Most Compatible, or send the photo to yourself in WeChat and save it.".into(),
        ),
        _ => (
            format!("文件实际是 {label} 格式（改扩展名不算），报名系统要求 JPG。点「一键修正」可转成 JPG。"),
            format!("The file is really {label} (renaming does not change that); the site wants JPG. Use the one-tap fix to convert it."),
        ),
    };
    check("format", status, label.into(), "JPG".into(), zh, en)
}

pub(crate) fn build(
    probe: &Probe,
    width: u32,
    height: u32,
    a: &Analysis,
    spec: &PhotoSpec,
) -> Report {
    let mut checks = vec![format_check(probe.format, spec)];

    if let Some(z) = &spec.file_size {
        let b = probe.bytes;
        let status = if (z.pass_min..=z.pass_max).contains(&b) {
            Verdict::Pass
        } else if (z.warn_min..=z.warn_max).contains(&b) {
            Verdict::Warn
        } else {
            Verdict::Fail
        };
        let kb = b as f64 / 1000.0;
        let (zh, en) = match status {
            Verdict::Pass => (format!("文件大小 {kb:.1}k，符合 40k–80k。"), format!("File size {kb:.1} kB is within 40k–80k.")),
            Verdict::Warn => (
                format!("文件大小 {kb:.1}k 处在 40k/80k 的边缘，部分系统可能不收。建议点「一键修正」调整到 41k–80k 之间。"),
                format!("File size {kb:.1} kB is at the edge of 40k–80k and some sites may refuse it. Use the one-tap fix to land between 41k and 80k."),
            ),
            Verdict::Fail if b < z.warn_min => (
                format!("文件太小（{kb:.1}k），要求 40k–80k。点「一键修正」会放大像素并重新压缩到合格大小。"),
                format!("The file is too small ({kb:.1} kB); 40k–80k is required. The one-tap fix re-encodes it to a compliant size."),
            ),
            Verdict::Fail => (
                format!("文件太大（{kb:.1}k），要求 40k–80k。点「一键修正」会压缩到合格大小。"),
                format!("The file is too large ({kb:.1} kB); 40k–80k is required. The one-tap fix compresses it to a compliant size."),
            ),
        };
        checks.push(check(
            "file_size",
            status,
            format!("{} bytes", group_digits(b)),
            format!(
                "{}–{} bytes",
                group_digits(z.pass_min),
                group_digits(z.pass_max)
            ),
            zh,
            en,
        ));
    }

    if let Some(asp) = &spec.aspect {
        let target = asp.w / asp.h;
        let r = width as f32 / height.max(1) as f32;
        let wrong_way = match asp.orientation.as_str() {
            "portrait" => width > height,
            "landscape" => width < height,
            _ => false,
        };
        let dev = (r / target - 1.0).abs();
        let status = if wrong_way {
            Verdict::Fail
        } else if dev <= asp.pass_tol {
            Verdict::Pass
        } else if dev <= asp.warn_tol {
            Verdict::Warn
        } else {
            asp.outside
        };
        let ratio_txt = format!("{}:{}", asp.w, asp.h);
        let (zh, en) = match (status, spec.material) {
            (Verdict::Pass, _) => ("比例正确。".to_string(), "Aspect ratio is right.".to_string()),
            (_, Material::Photo) if wrong_way => (
                "照片是横的，一寸照应为竖版（宽:高 = 5:7）。点「一键修正」会按 5:7 裁剪。".into(),
                "The photo is landscape; a 1-inch photo is portrait (5:7). The one-tap fix crops it to 5:7.".into(),
            ),
            (_, Material::Photo) => (
                format!("比例不是一寸照的 5:7（宽÷高应约为 0.714，现在是 {r:.3}），会被判为比例错误。点「一键修正」按 5:7 裁剪。"),
                format!("The ratio is not 5:7 (width/height should be about 0.714, it is {r:.3}); sites reject it as wrongly proportioned. The one-tap fix crops to 5:7."),
            ),
            (_, _) if wrong_way => (
                "请横着拍身份证（或把照片旋转为横向）。".into(),
                "Photograph the ID card in landscape (or rotate the picture to landscape).".into(),
            ),
            _ => (
                "身份证最好占满画面：请裁剪到只剩证件（比例约 85.6:54），四角完整。".into(),
                "Let the card fill the picture: crop to the card only (about 85.6:54), all four corners visible.".into(),
            ),
        };
        checks.push(check(
            "aspect_ratio",
            status,
            format!("{r:.3}"),
            format!("{ratio_txt} = {target:.3} ± {:.0}%", asp.pass_tol * 100.0),
            zh,
            en,
        ));
    }

    {
        let r = &spec.resolution;
        let (short, long) = (width.min(height), width.max(height));
        let status = if short < r.min_short || long < r.min_long {
            Verdict::Fail
        } else if short < r.good_short || long < r.good_long {
            Verdict::Warn
        } else {
            Verdict::Pass
        };
        let (zh, en) = match (status, spec.material) {
            (Verdict::Pass, _) => ("像素足够。".to_string(), "Resolution is enough.".to_string()),
            (_, Material::Photo) => (
                format!("像素太少（{width}×{height}），一寸照至少 295×413。请用原图（不要用截图或聊天里的缩略图）。"),
                format!("Too few pixels ({width}×{height}); a 1-inch photo needs at least 295×413. Use the original photo, not a screenshot or a chat thumbnail."),
            ),
            _ => (
                format!("像素偏少（{width}×{height}），文字可能看不清。请靠近一些、用原图重新拍摄。"),
                format!("Low resolution ({width}×{height}); text may be unreadable. Move closer and send the original photo."),
            ),
        };
        checks.push(check(
            "resolution",
            status,
            format!("{width}×{height}"),
            format!("≥ {}×{}", r.min_short, r.min_long),
            zh,
            en,
        ));
    }

    if let (Some(bs), Some(b)) = (&spec.background, &a.backdrop) {
        let flat = b.coverage >= bs.flat_coverage && b.spread <= bs.flat_spread;
        let grade = |v: f32, pass: f32, warn: f32, higher_better: bool| {
            if higher_better {
                if v >= pass {
                    Verdict::Pass
                } else if v >= warn {
                    Verdict::Warn
                } else {
                    Verdict::Fail
                }
            } else if v <= pass {
                Verdict::Pass
            } else if v <= warn {
                Verdict::Warn
            } else {
                Verdict::Fail
            }
        };
        let status = if !flat {
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
        } else if !flat {
            (
                "背景不是纯色（像街道、房间或有杂物），不符合白底要求，也无法自动换底。请站在白墙或纯色背景前重新拍摄，或去照相馆拍证件照。".to_string(),
                "The background is not plain (a street, a room, objects); it must be plain white and cannot be replaced automatically. Stand in front of a white or plain wall and take it again, or have it taken at a photo studio.".to_string(),
            )
        } else if b.chroma > bs.chroma_pass || b.level < bs.level_warn {
            (
                format!("背景不是白色（平均颜色 RGB {r:.0},{g:.0},{bl:.0}），要求白底。背景是纯色的话，点「一键修正」可换成白底。"),
                format!("The background is not white (average RGB {r:.0},{g:.0},{bl:.0}); white is required. If it is a plain colour, the one-tap fix turns it white."),
            )
        } else {
            (
                format!("背景偏灰或不均匀（平均 RGB {r:.0},{g:.0},{bl:.0}，起伏 {:.1}）。点「一键修正」可换成纯白；或在光线均匀的白墙前重拍。", b.spread),
                format!("The background is greyish or uneven (average RGB {r:.0},{g:.0},{bl:.0}, spread {:.1}). The one-tap fix makes it pure white; or retake against an evenly lit white wall.", b.spread),
            )
        };
        checks.push(check(
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
        ));
    }

    if let Some(gray_verdict) = spec.grayscale {
        let gray = a.chroma < GRAY_CHROMA;
        let status = if gray { gray_verdict } else { Verdict::Pass };
        let (zh, en) = if gray {
            (
                "这是黑白照片，要求彩色照片。请用彩色原图（关闭黑白滤镜）。".to_string(),
                "This is a black-and-white picture; a colour photo is required. Use the colour original (no mono filter).".to_string(),
            )
        } else {
            ("彩色照片。".to_string(), "Colour photo.".to_string())
        };
        checks.push(check(
            "colour",
            status,
            format!("chroma {:.1}", a.chroma),
            format!("chroma ≥ {GRAY_CHROMA:.0}"),
            zh,
            en,
        ));
    }

    {
        let c = &spec.clarity;
        let status = if a.clarity >= c.pass_min {
            Verdict::Pass
        } else if a.clarity >= c.warn_min {
            Verdict::Warn
        } else {
            Verdict::Fail
        };
        let (zh, en) = if status == Verdict::Pass {
            ("清晰。".to_string(), "Sharp enough.".to_string())
        } else {
            (
                "照片模糊。请在光线充足处、手机拿稳、对焦后重新拍摄（不要用截图或翻拍）。".to_string(),
                "The picture is blurred. Retake it in good light with the phone held steady and focused (no screenshots or photos of photos).".to_string(),
            )
        };
        checks.push(check(
            "clarity",
            status,
            format!("{:.0}", a.clarity),
            format!(
                "Laplacian variance ≥ {:.0} at {} px",
                c.pass_min, c.long_side
            ),
            zh,
            en,
        ));
    }

    {
        let e = &spec.exposure;
        let status = if a.luma < e.dark_fail || a.luma > e.bright_fail || a.blown > e.blown_fail {
            Verdict::Fail
        } else if a.luma < e.dark_warn || a.luma > e.bright_warn || a.blown > e.blown_warn {
            Verdict::Warn
        } else {
            Verdict::Pass
        };
        let what = if spec.material == Material::Photo {
            ("脸部", "The face")
        } else {
            ("画面", "The picture")
        };
        let (zh, en) = if status == Verdict::Pass {
            ("曝光正常。".to_string(), "Exposure is fine.".to_string())
        } else if a.luma < e.dark_warn {
            (
                format!("{}太暗。请到光线充足、均匀的地方重新拍摄（面向窗户或灯光，不要逆光）。", what.0),
                format!("{} is too dark. Retake in bright, even light (face the window or lamp, not backlit).", what.1),
            )
        } else {
            (
                format!("{}过亮、有过曝。请避开强光直射、关闭闪光灯后重新拍摄。", what.0),
                format!("{} is too bright or blown out. Avoid direct strong light and the flash, and retake.", what.1),
            )
        };
        checks.push(check(
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
        ));
    }

    if let Some(f) = &spec.framing {
        let flat = match (&spec.background, &a.backdrop) {
            (Some(bs), Some(b)) => b.coverage >= bs.flat_coverage && b.spread <= bs.flat_spread,
            _ => false,
        };
        let (status, value, zh, en) = match &a.subject {
            _ if !flat => (
                Verdict::Warn,
                "n/a".to_string(),
                "背景不是纯色，无法判断头部位置。请在纯色背景前重拍。".to_string(),
                "The background is not plain, so the head position cannot be judged. Retake against a plain background.".to_string(),
            ),
            None => (
                Verdict::Fail,
                "no subject".to_string(),
                "照片里没有找到人像。请上传本人正面免冠的半身照。".to_string(),
                "No person found in the picture. Upload a frontal head-and-shoulders photo of yourself, no hat.".to_string(),
            ),
            Some(s) => {
                let value = format!(
                    "head top {:.1}%; head width {:.0}%; centre {:+.0}%; subject {:.0}%",
                    s.top * 100.0,
                    s.head_width * 100.0,
                    s.centre * 100.0,
                    s.share * 100.0
                );
                if s.top <= f.top_cut || s.top_touch > 0.03 {
                    (
                        Verdict::Fail,
                        value,
                        "头顶被切掉了。请重拍，头顶上方留出一点空白。".to_string(),
                        "The top of the head is cut off. Retake with a little space above the head.".to_string(),
                    )
                } else if s.top > f.top_warn_max || s.head_width < f.head_fail_min {
                    (
                        Verdict::Fail,
                        value,
                        "头部太小或位置太低（像全身照或远景）。一寸照应为头肩照：头部约占宽度的一半以上。请靠近重拍，或点「一键修正」裁剪。".to_string(),
                        "The head is too small or too low (a full-body or distant shot). A 1-inch photo is head and shoulders, the head about half the width or more. Move closer, or use the one-tap fix to crop.".to_string(),
                    )
                } else if s.head_width > f.head_fail_max {
                    (
                        Verdict::Fail,
                        value,
                        "头部太大（只拍到脸）。请离远一点重拍，拍到肩膀。".to_string(),
                        "The head is too big (only the face is in the picture). Step back and include the shoulders.".to_string(),
                    )
                } else if s.top < f.top_pass_min
                    || s.top > f.top_pass_max
                    || s.head_width < f.head_pass_min
                    || s.head_width > f.head_pass_max
                    || s.centre.abs() > f.centre_warn
                {
                    (
                        Verdict::Warn,
                        value,
                        "人像位置不太标准（头顶应在上方约 1/10 处、居中，头部约占宽度一半以上）。可点「一键修正」重新裁剪。".to_string(),
                        "The head is not quite placed as usual (top about a tenth below the edge, centred, about half the width or more). The one-tap fix re-crops it.".to_string(),
                    )
                } else {
                    (Verdict::Pass, value, "构图合适。".to_string(), "Framing is fine.".to_string())
                }
            }
        };
        checks.push(check(
            "framing",
            status,
            value,
            format!(
                "head top {:.0}–{:.0}%; head width {:.0}–{:.0}%",
                f.top_pass_min * 100.0,
                f.top_pass_max * 100.0,
                f.head_pass_min * 100.0,
                f.head_pass_max * 100.0
            ),
            zh,
            en,
        ));
    }

    if let Some(g) = &spec.glare {
        let status = if a.glare > g.fail_share {
            Verdict::Fail
        } else if a.glare > g.warn_share {
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
        checks.push(check(
            "glare",
            status,
            format!("{:.1}%", a.glare * 100.0),
            format!("≤ {:.0}% of pixels at luma ≥ 250", g.warn_share * 100.0),
            zh,
            en,
        ));
    }

    if !spec.edited_software.is_empty() {
        let sw = probe.software.as_deref().unwrap_or("");
        let lower = sw.to_lowercase();
        let hit = !lower.is_empty()
            && spec
                .edited_software
                .iter()
                .any(|k| lower.contains(k.as_str()));
        let (status, zh, en) = if hit {
            (
                Verdict::Warn,
                format!("照片经过修图软件（{sw}）处理。报名要求不得美颜过度，请使用未美颜的原图。"),
                format!("The photo was processed by a retouching app ({sw}). Heavy beautification is not allowed: use the unretouched original."),
            )
        } else {
            (
                Verdict::Pass,
                "未发现美颜软件痕迹。".to_string(),
                "No sign of a beauty app.".to_string(),
            )
        };
        checks.push(check(
            "edited",
            status,
            if sw.is_empty() {
                "none".into()
            } else {
                sw.to_string()
            },
            "EXIF Software not a beauty app".into(),
            zh,
            en,
        ));
    }

    let pass = checks.iter().all(|c| c.status != Verdict::Fail);
    Report {
        format: probe.format,
        bytes: probe.bytes,
        width,
        height,
        pass,
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(209_022), "209,022");
        assert_eq!(group_digits(40_960_000), "40,960,000");
    }
}
