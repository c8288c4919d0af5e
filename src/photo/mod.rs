//! Photo and document checks with a one-tap fix, entirely local.
//!
//! Pure Rust, no web dependency, no I/O: the CLI reads files and the web worker hands
//! over bytes (or pixels already decoded by the browser). No input can panic: every
//! header is read through bounds-checked helpers and decoding runs under explicit
//! [`image::Limits`] ([`limits`]): at most 16,384 px a side, 50 MP, 192 MiB.
//!
//! Flow: [`probe`] (main thread, header only) → [`examine`] in the worker (the
//! check, and on request the fix, from **one** analysis: the models run once per
//! picture; the fixed photo is checked with what they saw carried through the
//! fix's crop and turn, `carried.rs`). The worker's messages: [`protocol`].
//! When the browser decoded the picture itself (`createImageBitmap`, e.g. HEIC on
//! macOS Safari), pass its RGBA to [`check_pixels`] / [`fix_pixels`]: those pixels are
//! already upright, so orientation is **not** applied again. On the bytes path the
//! EXIF orientation is applied exactly once, after decoding.
//!
//! Memory: after decoding, the picture is reduced at once by an integer box factor to
//! a working copy of at most ~2 × 1280 px on the long side and the full-size buffer is
//! dropped; the fix renders the output (≤ 590×826) from that copy.
//!
//! Thresholds are per material spec in rules/photo-specs.toml (see [`spec`]).

// Per-channel pixel loops read more clearly with an index than zipped iterators.
#![allow(clippy::needless_range_loop)]

mod analyze;
mod carried;
mod decode;
mod error;
mod eyes;
mod fix;
mod header;
mod matte;
pub mod measure;
mod pixels;
pub mod protocol;
mod report;
mod seen;
mod spec;
mod spec_types;

pub use decode::{working_size, WORK_LONG};
pub use error::{PhotoError, MAX_PIXELS, MAX_SIDE};
pub use header::{probe, sniff, Format, Probe};
pub use protocol::{Op, Outcome};
pub use report::{group_digits, Check, FixOutlook, Report};
pub use seen::{Face, Models, PersonMask, MODEL_VIEW_LONG};
pub use spec::{all_specs, spec};
pub use spec_types::{
    AspectSpec, BackgroundSpec, ClaritySpec, ExposureSpec, FixSpec, FramingSpec, GlareSpec,
    Material, PhotoSpec, ResolutionSpec, SizeSpec, Verdict,
};

use serde::{Deserialize, Serialize};

/// A fixed photo: the JPEG bytes and the report of checking those very bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fixed {
    /// Not in the JSON: the worker transfers it beside the reply ([`protocol`]).
    #[serde(skip)]
    pub jpeg: Vec<u8>,
    pub report: Report,
    /// The turn the fix applied to level the eyes, in degrees (the eye line's
    /// tilt it took out: the output's tilt is the input's minus this); 0 when it
    /// left the photo as it was. For the quality command and tests.
    #[serde(skip)]
    pub levelled_deg: f32,
}

/// Look at a file's bytes once: the check's [`Report`] and, for [`Op::Fix`], the
/// fix made from that same analysis. Errors (`empty`, `truncated`,
/// `not_an_image`, `pdf`, `heic`, `too_many_pixels`, `decode`) mean the picture
/// could not be looked at; everything else is a report whose checks say what to
/// do. With `models` (for specs that judge a face: [`PhotoSpec::wants_models`])
/// the face and the person mask decide the framing, exposure, clarity and the
/// fix; they run once, on the picture: the fixed photo is judged by the same
/// checks with what they saw carried through the fix (`carried.rs`).
pub fn examine(
    bytes: &[u8],
    spec: &PhotoSpec,
    models: Option<&dyn Models>,
    op: Op,
) -> Result<Outcome, PhotoError> {
    let p = probe(bytes)?;
    let work = decode::decode_work(bytes, &p)?;
    let a = analyze::analyze(&work, spec, models);
    Ok(Outcome {
        report: report::build(&p, p.width, p.height, &a, spec),
        fix: (op == Op::Fix).then(|| fix_analysed(&work, &a, spec)),
    })
}

/// [`examine`] for pixels the browser already decoded **and oriented**
/// (`createImageBitmap` with default `imageOrientation`). `original` is the
/// [`probe`] of the file's bytes (format, byte size and EXIF Software still come
/// from the file). The pixels may be a reduced copy: size and ratio are judged on
/// `original`'s dimensions when it has them, else on the pixels'. Malformed input
/// (wrong buffer length, zero or huge dimensions) gives a failing report (and a
/// refused fix).
pub fn examine_pixels(
    rgba: &[u8],
    width: u32,
    height: u32,
    original: &Probe,
    spec: &PhotoSpec,
    models: Option<&dyn Models>,
    op: Op,
) -> Outcome {
    let (shown_w, shown_h) = if original.width > 0 && original.height > 0 {
        (original.width, original.height)
    } else {
        (width, height)
    };
    match decode::work_from_rgba(rgba, width, height) {
        Ok(work) => {
            let a = analyze::analyze(&work, spec, models);
            Outcome {
                report: report::build(original, shown_w, shown_h, &a, spec),
                fix: (op == Op::Fix).then(|| fix_analysed(&work, &a, spec)),
            }
        }
        Err(e) => Outcome {
            report: Report {
                format: original.format,
                bytes: original.bytes,
                width,
                height,
                pass: false,
                fix: FixOutlook::from(Some(e.clone())),
                checks: vec![Check {
                    id: "pixels".into(),
                    status: Verdict::Fail,
                    value: e.code.to_string(),
                    threshold: format!("{width}×{height}×4 bytes"),
                    message_zh: e.message_zh.clone(),
                    message_en: e.message_en.clone(),
                }],
            },
            fix: (op == Op::Fix).then_some(Err(e)),
        },
    }
}

/// Check a file's bytes against a spec, without the on-device models (framing
/// from the backdrop fill; see [`check_with`]).
pub fn check(bytes: &[u8], spec: &PhotoSpec) -> Result<Report, PhotoError> {
    check_with(bytes, spec, None)
}

/// Check a file's bytes against a spec: [`examine`] without the fix.
pub fn check_with(
    bytes: &[u8],
    spec: &PhotoSpec,
    models: Option<&dyn Models>,
) -> Result<Report, PhotoError> {
    examine(bytes, spec, models, Op::Check).map(|o| o.report)
}

/// [`check_pixels_with`] without models.
pub fn check_pixels(
    rgba: &[u8],
    width: u32,
    height: u32,
    original: &Probe,
    spec: &PhotoSpec,
) -> Report {
    check_pixels_with(rgba, width, height, original, spec, None)
}

/// Check browser-decoded, oriented pixels: [`examine_pixels`] without the fix.
pub fn check_pixels_with(
    rgba: &[u8],
    width: u32,
    height: u32,
    original: &Probe,
    spec: &PhotoSpec,
    models: Option<&dyn Models>,
) -> Report {
    examine_pixels(rgba, width, height, original, spec, models, Op::Check).report
}

/// [`fix_with`] without models: only a plain backdrop can be whitened.
pub fn fix(bytes: &[u8], spec: &PhotoSpec) -> Result<Fixed, PhotoError> {
    fix_with(bytes, spec, None)
}

/// One-tap fix of a file: orientation, 5:7 crop, white backdrop, JPEG in the
/// spec's byte window at its dpi with no metadata. With `models` the crop is
/// framed by the face (the spec's face width, crown margin and eye line; the eyes
/// levelled when the eye line is measured surely) and any backdrop is replaced
/// (the person cut out by the segmentation mask refined to the photo's edges, the
/// edge a blend of the subject's own colour and white); without, the crop is
/// framed by the head from the backdrop fill and only a plain backdrop can be
/// whitened (`background_not_flat` otherwise). Refuses where no crop can help:
/// the codes of [`FixOutlook`]. The models run once (see [`examine`]).
pub fn fix_with(
    bytes: &[u8],
    spec: &PhotoSpec,
    models: Option<&dyn Models>,
) -> Result<Fixed, PhotoError> {
    fix_spec(spec)?;
    fixed(examine(bytes, spec, models, Op::Fix)?)
}

/// [`fix_pixels_with`] without models.
pub fn fix_pixels(
    rgba: &[u8],
    width: u32,
    height: u32,
    spec: &PhotoSpec,
) -> Result<Fixed, PhotoError> {
    fix_pixels_with(rgba, width, height, spec, None)
}

/// One-tap fix from browser-decoded, already oriented RGBA pixels.
pub fn fix_pixels_with(
    rgba: &[u8],
    width: u32,
    height: u32,
    spec: &PhotoSpec,
    models: Option<&dyn Models>,
) -> Result<Fixed, PhotoError> {
    fix_spec(spec)?;
    let unknown = Probe {
        format: Format::Other,
        bytes: 0,
        width: 0,
        height: 0,
        orientation: 1,
        software: None,
    };
    fixed(examine_pixels(
        rgba,
        width,
        height,
        &unknown,
        spec,
        models,
        Op::Fix,
    ))
}

fn fixed(outcome: Outcome) -> Result<Fixed, PhotoError> {
    outcome
        .fix
        .unwrap_or_else(|| Err(PhotoError::decode("no fix")))
}

fn fix_spec(spec: &PhotoSpec) -> Result<&FixSpec, PhotoError> {
    spec.fix.as_ref().ok_or_else(|| {
        PhotoError::new(
            "no_fix",
            "这类材料不能自动修正，请按检查结果的提示重新拍摄。",
            "This kind of material cannot be fixed automatically; retake it following the check results.",
        )
    })
}

/// The fix from an analysis already made: the crop and turn it plans, the JPEG in
/// the size window, and that JPEG checked as any photo is — by the same checks,
/// with what the models saw in the picture carried through the crop and turn
/// instead of running them again.
fn fix_analysed(
    work: &image::RgbImage,
    a: &analyze::Analysis,
    spec: &PhotoSpec,
) -> Result<Fixed, PhotoError> {
    let fx = fix_spec(spec)?;
    let plan = fix::plan(a, spec, fx)?;
    // The hair's real top may ask for a second framing (the first render is
    // reused when nothing moves).
    let (plan, first) = fix::reframe(work, plan, a, spec, fx)?;
    let jpeg = fix::encode_in_window(work, &plan, a, spec, fx, first)?;
    let seen = a
        .seen
        .as_ref()
        .map(|s| carried::Carried::through(s, &plan, work.dimensions()));
    let report = check_with(&jpeg, spec, seen.as_ref().map(|m| m as &dyn Models))?;
    Ok(Fixed {
        jpeg,
        report,
        levelled_deg: plan.angle.to_degrees(),
    })
}
