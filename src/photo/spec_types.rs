// Plain data types shared by the core and the build step (build/photo_specs.rs
// `include!`s this file and writes the specs as a Rust expression of these very
// types, through build/rust_literal.rs). Only serde here: no crate-internal paths.
// Strings are `Cow<'static, str>` and lists `Cow<'static, [T]>`, so the baked
// specs are a `static`, as the rule catalog is; the model renames only with
// `rename_all` (rust_literal.rs turns the names back).

use std::borrow::Cow;

/// A check's outcome. JSON: `"pass"`, `"warn"`, `"fail"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    /// The JSON name: `pass`, `warn`, `fail` (the widget's CSS class and
    /// `data-status` too).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        }
    }
}

/// Which material a picture is. JSON/CLI: `photo`, `id-front`, `id-back`, `document`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Material {
    /// 一寸 white-background portrait.
    Photo,
    /// 身份证人像面.
    IdFront,
    /// 身份证国徽面.
    IdBack,
    /// Photo of a paper document (申报表, 承诺书, certificate).
    Document,
}

/// Thresholds for one material spec, from rules/photo-specs.toml (see the comments
/// there for why each number was chosen). Baked at build time; read with
/// [`spec`](crate::photo::spec).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoSpec {
    pub id: Cow<'static, str>,
    pub material: Material,
    pub name_zh: Cow<'static, str>,
    pub name_en: Cow<'static, str>,
    /// Plan ids that select this spec instead of the material's default.
    #[serde(default)]
    pub plans: Cow<'static, [Cow<'static, str>]>,
    /// Formats (`jpeg`, `png`, …) that pass; `format_warn` ones warn; others fail.
    pub format_pass: Cow<'static, [Cow<'static, str>]>,
    #[serde(default)]
    pub format_warn: Cow<'static, [Cow<'static, str>]>,
    #[serde(default)]
    pub file_size: Option<SizeSpec>,
    #[serde(default)]
    pub aspect: Option<AspectSpec>,
    pub resolution: ResolutionSpec,
    #[serde(default)]
    pub background: Option<BackgroundSpec>,
    /// Verdict for a grayscale picture; absent: colour is not checked.
    #[serde(default)]
    pub grayscale: Option<Verdict>,
    pub clarity: ClaritySpec,
    pub exposure: ExposureSpec,
    #[serde(default)]
    pub framing: Option<FramingSpec>,
    #[serde(default)]
    pub glare: Option<GlareSpec>,
    /// Lower-case substrings of EXIF Software naming beauty/retouch apps (warn).
    #[serde(default)]
    pub edited_software: Cow<'static, [Cow<'static, str>]>,
    #[serde(default)]
    pub fix: Option<FixSpec>,
}

/// File size in bytes: pass inside `pass_min..=pass_max`, warn inside
/// `warn_min..=warn_max`, fail outside.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeSpec {
    pub pass_min: u64,
    pub pass_max: u64,
    pub warn_min: u64,
    pub warn_max: u64,
}

/// Width:height ratio `w/h` after orientation; relative tolerances.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AspectSpec {
    pub w: f32,
    pub h: f32,
    pub pass_tol: f32,
    pub warn_tol: f32,
    /// Verdict beyond `warn_tol` (fail for the 一寸 photo; warn for ID cards, whose
    /// ratio only holds when the card fills the frame).
    pub outside: Verdict,
    /// `portrait`, `landscape` or `any`; the wrong one fails.
    pub orientation: Cow<'static, str>,
}

/// Minimum short/long side in pixels: below `min_*` fails, below `good_*` warns.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionSpec {
    pub min_short: u32,
    pub min_long: u32,
    pub good_short: u32,
    pub good_long: u32,
}

/// Backdrop measured on the border strip minus the subject.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundSpec {
    /// Lowest per-channel mean: pass at or above `level_pass`, warn above `level_warn`.
    pub level_pass: f32,
    pub level_warn: f32,
    /// Mean per-pixel chroma (max−min channel).
    pub chroma_pass: f32,
    pub chroma_warn: f32,
    /// Standard deviation of luma.
    pub spread_pass: f32,
    pub spread_warn: f32,
    /// Colour distance (max channel difference) from the backdrop reference that the
    /// flood fill accepts, and the step between neighbours.
    pub fill_tolerance: f32,
    pub fill_step: f32,
    /// Least share of the border strip the fill must reach to call the backdrop flat.
    pub flat_coverage: f32,
    /// Largest luma standard deviation of the filled border for a flat backdrop.
    pub flat_spread: f32,
}

/// Variance of the Laplacian (4-neighbour) of luma after scaling the picture so its
/// long side is `long_side` (never upscaled).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaritySpec {
    pub long_side: u32,
    pub pass_min: f32,
    pub warn_min: f32,
}

/// Mean luma of the subject's face band (photo) or the whole picture (others), and
/// the share of blown-out pixels (luma ≥ 250) there.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExposureSpec {
    pub dark_fail: f32,
    pub dark_warn: f32,
    pub bright_warn: f32,
    pub bright_fail: f32,
    pub blown_warn: f32,
    pub blown_fail: f32,
}

/// Head position from the background mask (fractions of the picture height/width).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FramingSpec {
    pub top_cut: f32,
    pub top_pass_min: f32,
    pub top_pass_max: f32,
    pub top_warn_max: f32,
    pub head_fail_min: f32,
    pub head_pass_min: f32,
    pub head_pass_max: f32,
    pub head_fail_max: f32,
    pub centre_warn: f32,
    /// With a face detector: eye-line roll in degrees above which the head counts
    /// as tilted (warn), and the yaw proxy (nose offset from the eyes' midpoint in
    /// eye distances) above which the face is turned (warn, fail).
    pub tilt_warn: f32,
    pub turn_warn: f32,
    pub turn_fail: f32,
    /// Face box width (share of the picture width) below which no crop can make a
    /// head-and-shoulders photo: a distant shot, a group, a card or a screen.
    pub face_fail_min: f32,
    /// With a face detector the head's size is judged by the face's width (ear to
    /// ear, share of the picture width), not the head's with its hair: pass
    /// inside `face_pass_min..=face_pass_max`, fail above `face_fail_max` (only a
    /// face), warn between.
    pub face_pass_min: f32,
    pub face_pass_max: f32,
    pub face_fail_max: f32,
}

/// Share of pixels with luma ≥ 250 (reflections on an ID card).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlareSpec {
    pub warn_share: f32,
    pub fail_share: f32,
}

/// How the one-tap fix crops, whitens and encodes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixSpec {
    /// 5:7 output sizes, tried in this order.
    pub sizes: Cow<'static, [[u32; 2]]>,
    pub min_bytes: u64,
    pub max_bytes: u64,
    pub max_encodes: u32,
    pub quality_min: u8,
    pub quality_max: u8,
    pub dpi: u16,
    /// Without models (the backdrop fill's subject): the head top's margin and the
    /// head's width (hair included) as shares of the crop.
    pub head_top_margin: f32,
    pub head_width_share: f32,
    /// With the face detector: the face's width (ear to ear) as a share of the
    /// crop's width, the crown's margin below the top as a share of its height,
    /// and the lowest the eye line may sit (share of the height from the top).
    pub face_width_share: f32,
    pub crown_margin: f32,
    pub crown_margin_min: f32,
    pub eyes_max: f32,
    /// The smallest crop (in source pixels, its height) worth enlarging to a
    /// 一寸: below it the fix refuses (`too_small`) rather than blow up a blur.
    pub min_crop_height: u32,
}
