//! The checks of the file itself: its real format, its size in bytes, its
//! ratio and pixels, and whether a beauty app saved it.

use super::{check, group_digits, Check, Ctx};
use crate::photo::header::Format;
use crate::photo::spec_types::{Material, PhotoSpec, Verdict};

pub(super) fn format_check(format: Format, spec: &PhotoSpec, fixable: bool) -> Check {
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
        _ if fixable => (
            format!("文件实际是 {label} 格式（改扩展名不算），报名系统要求 JPG。点「一键修正」可转成 JPG。"),
            format!("The file is really {label} (renaming does not change that); the site wants JPG. Tap “Fix it for me” to convert it."),
        ),
        _ => (
            format!("文件实际是 {label} 格式（改扩展名不算），报名系统要求 JPG。请在手机相册里另存为 JPG，或按下面的提示重拍。"),
            format!("The file is really {label} (renaming does not change that); the site wants JPG. Save it as JPG from the phone's gallery, or retake it as advised below."),
        ),
    };
    check("format", status, label.into(), "JPG".into(), zh, en)
}

pub(super) fn format(c: &Ctx) -> Option<Check> {
    Some(format_check(c.probe.format, c.spec, c.fixable))
}

pub(super) fn file_size(c: &Ctx) -> Option<Check> {
    let z = c.spec.file_size.as_ref()?;
    let b = c.probe.bytes;
    let status = if (z.pass_min..=z.pass_max).contains(&b) {
        Verdict::Pass
    } else if (z.warn_min..=z.warn_max).contains(&b) {
        Verdict::Warn
    } else {
        Verdict::Fail
    };
    let kb = b as f64 / 1000.0;
    // Every limit in these words is the spec's (another organiser's window
    // gives other words): the window as the guides write it, and the one the
    // fix encodes into.
    let window = c.spec.size_words().unwrap_or_default();
    let fix_window = c.spec.fix_window_words().unwrap_or_default();
    let (tail_zh, tail_en) = c.then(
        (
            &format!("点「一键修正」会重新压缩到 {fix_window} 之间。"),
            &format!("“Fix it for me” re-encodes it to within {fix_window}."),
        ),
        (
            "先按下面的提示换一张照片，修正时会一并压缩到合格大小。",
            "First pick another photo as advised below; its fix lands in the size window too.",
        ),
    );
    let (zh, en) = match status {
        Verdict::Pass => (format!("文件大小 {kb:.1}k，符合 {window}。"), format!("File size {kb:.1} kB is within {window}.")),
        Verdict::Warn => (
            format!("文件大小 {kb:.1}k 处在 {window} 的边缘，部分系统可能不收。{tail_zh}"),
            format!("File size {kb:.1} kB is at the edge of {window} and some sites may refuse it. {tail_en}"),
        ),
        Verdict::Fail if b < z.warn_min => (
            format!("文件太小（{kb:.1}k），要求 {window}。{tail_zh}"),
            format!("The file is too small ({kb:.1} kB); {window} is required. {tail_en}"),
        ),
        Verdict::Fail => (
            format!("文件太大（{kb:.1}k），要求 {window}。{tail_zh}"),
            format!("The file is too large ({kb:.1} kB); {window} is required. {tail_en}"),
        ),
    };
    Some(check(
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
    ))
}

pub(super) fn aspect_ratio(c: &Ctx) -> Option<Check> {
    let asp = c.spec.aspect.as_ref()?;
    let (width, height) = (c.width, c.height);
    let target = asp.w / asp.h;
    let r = width as f32 / height.max(1) as f32;
    let wrong_way = match &*asp.orientation {
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
    let (tail_zh, tail_en) = c.then(
        (
            "点「一键修正」按 5:7 裁剪。",
            "“Fix it for me” crops it to 5:7.",
        ),
        (
            "请按下面的提示重拍，竖着拍半身照。",
            "Retake as advised below: a portrait, head and shoulders.",
        ),
    );
    let (zh, en) = match (status, c.spec.material) {
        (Verdict::Pass, _) => ("比例正确。".to_string(), "Aspect ratio is right.".to_string()),
        (_, Material::Photo) if wrong_way => (
            format!("照片是横的，一寸照应为竖版（宽:高 = 5:7）。{tail_zh}"),
            format!("The photo is landscape; a 1-inch photo is portrait (5:7). {tail_en}"),
        ),
        (_, Material::Photo) => (
            format!("比例不是一寸照的 5:7（宽÷高应约为 0.714，现在是 {r:.3}），会被判为比例错误。{tail_zh}"),
            format!("The ratio is not 5:7 (width/height should be about 0.714, it is {r:.3}); sites reject it as wrongly proportioned. {tail_en}"),
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
    Some(check(
        "aspect_ratio",
        status,
        format!("{r:.3}"),
        format!("{ratio_txt} = {target:.3} ± {:.0}%", asp.pass_tol * 100.0),
        zh,
        en,
    ))
}

pub(super) fn resolution(c: &Ctx) -> Option<Check> {
    let r = &c.spec.resolution;
    let (width, height) = (c.width, c.height);
    let (short, long) = (width.min(height), width.max(height));
    let status = if short < r.min_short || long < r.min_long {
        Verdict::Fail
    } else if short < r.good_short || long < r.good_long {
        Verdict::Warn
    } else {
        Verdict::Pass
    };
    let (zh, en) = match (status, c.spec.material) {
        (Verdict::Pass, _) => ("像素足够。".to_string(), "Resolution is enough.".to_string()),
        (_, Material::Photo) => (
            format!("像素太少（{width}×{height}），一寸照至少 {}×{}。请用原图（不要用截图或聊天里的缩略图）。", r.min_short, r.min_long),
            format!("Too few pixels ({width}×{height}); a 1-inch photo needs at least {}×{}. Use the original photo, not a screenshot or a chat thumbnail.", r.min_short, r.min_long),
        ),
        _ => (
            format!("像素偏少（{width}×{height}），文字可能看不清。请靠近一些、用原图重新拍摄。"),
            format!("Low resolution ({width}×{height}); text may be unreadable. Move closer and send the original photo."),
        ),
    };
    Some(check(
        "resolution",
        status,
        format!("{width}×{height}"),
        format!("≥ {}×{}", r.min_short, r.min_long),
        zh,
        en,
    ))
}

pub(super) fn edited(c: &Ctx) -> Option<Check> {
    if c.spec.edited_software.is_empty() {
        return None;
    }
    let sw = c.probe.software.as_deref().unwrap_or("");
    let lower = sw.to_lowercase();
    let hit = !lower.is_empty() && c.spec.edited_software.iter().any(|k| lower.contains(&**k));
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
    Some(check(
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
    ))
}
