//! Turning measurements into checks with bilingual advice: the report's types,
//! the table of checks (`CHECKS`) and what every check reads (`Ctx`). The checks
//! live by what they judge: `file.rs` (the file itself: format, size, ratio,
//! pixels, editing apps), `face.rs` (the face and where the head sits, from the
//! models or the backdrop fill), `picture.rs` (backdrop, colour, clarity,
//! exposure, glare).

mod face;
mod file;
mod picture;

use face::{face, framing};
use file::{aspect_ratio, edited, file_size, format, resolution};
use picture::{background, clarity, colour, exposure, glare};

use super::analyze::Analysis;
use super::error::PhotoError;
use super::header::{Format, Probe};
use super::spec_types::{PhotoSpec, Verdict};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// `format`, `file_size`, `aspect_ratio`, `resolution`, `background`, `colour`,
    /// `clarity`, `exposure`, `framing`, `edited`, `glare`, `orientation`.
    pub id: Cow<'static, str>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixOutlook {
    pub possible: bool,
    /// Empty when possible; else why not (`no_fix` for materials without a fix,
    /// `no_face`, `several_faces`, `group_photo`, `face_turned`, `head_cut_off`, `eyes_hidden`, `face_too_small`,
    /// `too_small`, `background_not_flat`, `no_subject`).
    pub code: Cow<'static, str>,
    /// What to do instead (empty when possible).
    pub message_zh: String,
    pub message_en: String,
}

impl FixOutlook {
    pub(crate) fn from(refusal: Option<PhotoError>) -> FixOutlook {
        match refusal {
            None => FixOutlook {
                possible: true,
                code: Cow::Borrowed(""),
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

impl FixOutlook {
    /// Whether the candidate should read what to do instead of the fix: the fix
    /// cannot help this picture, though the material has one (`no_fix` materials,
    /// ID cards and documents, are retaken as their checks say).
    pub fn says_instead(&self) -> bool {
        !self.possible && self.code != "no_fix"
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
        id: Cow::Borrowed(id),
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
