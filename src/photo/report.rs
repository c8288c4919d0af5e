//! Turning measurements into checks with bilingual advice.

use super::analyze::{Analysis, GRAY_CHROMA};
use super::error::PhotoError;
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
    /// Whether the one-tap fix can make a compliant photo of this picture; the
    /// messages above offer it only when it can.
    pub fix: FixOutlook,
}

/// What the one-tap fix would do with this picture, decided before anyone taps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FixOutlook {
    pub possible: bool,
    /// Empty when possible; else why not (`no_fix` for materials without a fix,
    /// `no_face`, `several_faces`, `group_photo`, `face_turned`, `head_cut_off`, `eyes_hidden`, `face_too_small`,
    /// `too_small`, `background_not_flat`, `no_subject`).
    pub code: &'static str,
    /// What to do instead (empty when possible).
    pub message_zh: String,
    pub message_en: String,
}

impl FixOutlook {
    pub(crate) fn from(refusal: Option<PhotoError>) -> FixOutlook {
        match refusal {
            None => FixOutlook {
                possible: true,
                code: "",
                message_zh: String::new(),
                message_en: String::new(),
            },
            Some(e) => FixOutlook {
                possible: false,
                code: e.code,
                message_zh: e.message_zh,
                message_en: e.message_en,
            },
        }
    }
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

pub(crate) fn format_check(format: Format, spec: &PhotoSpec, fixable: bool) -> Check {
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
            format!("The file is really {label} (renaming does not change that); the site wants JPG. Use the one-tap fix to convert it."),
        ),
        _ => (
            format!("文件实际是 {label} 格式（改扩展名不算），报名系统要求 JPG。请在手机相册里另存为 JPG，或按下面的提示重拍。"),
            format!("The file is really {label} (renaming does not change that); the site wants JPG. Save it as JPG from the phone's gallery, or retake it as advised below."),
        ),
    };
    check("format", status, label.into(), "JPG".into(), zh, en)
}

/// What every check reads: the file's facts, the measurements, the spec, and
/// whether the one-tap fix can help (so no message promises a fix that refuses).
struct Ctx<'a> {
    probe: &'a Probe,
    width: u32,
    height: u32,
    a: &'a Analysis,
    spec: &'a PhotoSpec,
    fixable: bool,
}

impl Ctx<'_> {
    /// The advice's tail: the fix when it will work, else the way that will.
    fn then(&self, fix: (&str, &str), instead: (&str, &str)) -> (String, String) {
        if self.fixable {
            (fix.0.to_string(), fix.1.to_string())
        } else {
            (instead.0.to_string(), instead.1.to_string())
        }
    }
}

/// Every check, in the order the report lists them. A check that does not apply
/// to the spec (or has nothing to measure) returns `None`. Add a check here.
const CHECKS: &[fn(&Ctx) -> Option<Check>] = &[
    format,
    file_size,
    aspect_ratio,
    resolution,
    face,
    background,
    colour,
    clarity,
    exposure,
    framing,
    glare,
    edited,
];

pub(crate) fn build(
    probe: &Probe,
    width: u32,
    height: u32,
    a: &Analysis,
    spec: &PhotoSpec,
) -> Report {
    let fix = FixOutlook::from(super::fix::refusal(a, spec));
    let ctx = Ctx {
        probe,
        width,
        height,
        a,
        spec,
        fixable: fix.possible,
    };
    let checks: Vec<Check> = CHECKS.iter().filter_map(|c| c(&ctx)).collect();
    let pass = checks.iter().all(|c| c.status != Verdict::Fail);
    Report {
        format: probe.format,
        bytes: probe.bytes,
        width,
        height,
        pass,
        checks,
        fix,
    }
}

fn format(c: &Ctx) -> Option<Check> {
    Some(format_check(c.probe.format, c.spec, c.fixable))
}

fn file_size(c: &Ctx) -> Option<Check> {
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
            &format!("The one-tap fix re-encodes it to within {fix_window}."),
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

fn aspect_ratio(c: &Ctx) -> Option<Check> {
    let asp = c.spec.aspect.as_ref()?;
    let (width, height) = (c.width, c.height);
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
    let (tail_zh, tail_en) = c.then(
        (
            "点「一键修正」按 5:7 裁剪。",
            "The one-tap fix crops it to 5:7.",
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

fn resolution(c: &Ctx) -> Option<Check> {
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

/// One face, frontal, level, eyes visible: only when the face detector ran.
fn face(c: &Ctx) -> Option<Check> {
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
        let e = super::fix::group_photo();
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

fn background(c: &Ctx) -> Option<Check> {
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
            ("点「一键修正」会把人像抠出来放到纯白背景上（在手机上完成，不上传）。", "The one-tap fix cuts the person out onto pure white (on this phone, nothing uploaded)."),
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
                "The one-tap fix turns it white.",
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
                "The one-tap fix makes it pure white; or retake against an evenly lit white wall.",
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

fn colour(c: &Ctx) -> Option<Check> {
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

fn clarity(c: &Ctx) -> Option<Check> {
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

fn exposure(c: &Ctx) -> Option<Check> {
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

/// Where the head sits: from the face when the detector ran, else from the
/// backdrop fill (which needs a plain backdrop).
fn framing(c: &Ctx) -> Option<Check> {
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
        format!("The one-tap fix re-crops with about {advise_top:.0}% above the head and the {size_word_en} about {advise_w:.0}% of the width."),
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

fn glare(c: &Ctx) -> Option<Check> {
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

fn edited(c: &Ctx) -> Option<Check> {
    if c.spec.edited_software.is_empty() {
        return None;
    }
    let sw = c.probe.software.as_deref().unwrap_or("");
    let lower = sw.to_lowercase();
    let hit = !lower.is_empty()
        && c.spec
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
