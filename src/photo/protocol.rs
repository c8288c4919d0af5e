//! The photo worker's protocol: one typed [`Request`] / [`Reply`] pair, shared by
//! the worker (worker/src/main.rs matches on the request), the page
//! (app/src/photo_worker.rs awaits the reply) and the vision glue's progress
//! (public/photo-worker.js posts a [`Stage`]). A status is a variant here, never a
//! string compared by hand.
//!
//! On the wire each message is `{id, request | reply: <this type as JSON text>}`;
//! bytes travel beside it as transferred `ArrayBuffer`s, never as JSON: the
//! photo as the request's `bytes`, the fixed JPEG as the reply's `jpeg`
//! ([`Fixed::jpeg`] is skipped by serde and filled from it).

use super::{Fixed, Material, PhotoError, Report};
use serde::{Deserialize, Serialize};

/// What the page asks of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// The checks only.
    #[default]
    Check,
    /// The checks and the one-tap fix, both from one analysis of the picture.
    Fix,
}

/// Who decodes the picture in the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decoder {
    /// The worker chooses (the widget always asks this).
    #[default]
    Auto,
    /// The core's own decoder, which applies the EXIF orientation.
    Rust,
    /// The browser's `createImageBitmap`, which orients the picture itself.
    Browser,
}

impl Op {
    /// The JSON name: `check`, `fix`.
    pub fn name(self) -> &'static str {
        match self {
            Op::Check => "check",
            Op::Fix => "fix",
        }
    }

    pub fn parse(s: &str) -> Option<Op> {
        [Op::Check, Op::Fix].into_iter().find(|o| o.name() == s)
    }
}

impl Decoder {
    /// The JSON name: `auto`, `rust`, `browser`.
    pub fn name(self) -> &'static str {
        match self {
            Decoder::Auto => "auto",
            Decoder::Rust => "rust",
            Decoder::Browser => "browser",
        }
    }

    pub fn parse(s: &str) -> Option<Decoder> {
        [Decoder::Auto, Decoder::Rust, Decoder::Browser]
            .into_iter()
            .find(|d| d.name() == s)
    }
}

impl Request {
    /// The request from its fields as the JSON names them, for a reader that
    /// has them from elsewhere: the worker reads the request's JSON with the
    /// browser's own `JSON.parse`, so that it carries no JSON deserialiser (10 KB
    /// gzip of wasm). `None` for an unknown op or material; no decoder is `Auto`.
    pub fn from_names(
        op: &str,
        material: &str,
        plan: Option<String>,
        decoder: Option<&str>,
    ) -> Option<Request> {
        Some(Request {
            op: Op::parse(op)?,
            material: Material::parse(material)?,
            plan,
            decoder: match decoder {
                None => Decoder::Auto,
                Some(d) => Decoder::parse(d)?,
            },
        })
    }
}

/// Page → worker. The photo's bytes go beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub op: Op,
    pub material: Material,
    /// The plan, for plan-specific thresholds.
    #[serde(default)]
    pub plan: Option<String>,
    /// For benchmarks and tests.
    #[serde(default)]
    pub decoder: Decoder,
}

/// Worker → page: progress while it works, then one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// One reply a request, made once and serialised at once: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Reply {
    Stage(Stage),
    Done(Done),
    /// The picture could not be looked at (empty, not an image, HEIC the browser
    /// cannot read either, …): what to do, in zh and en.
    Failed(PhotoError),
}

/// What the worker is doing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Downloading the face and person models (bytes so far and in all, 0 when
    /// unknown); posted by the vision glue in public/photo-worker.js.
    Models {
        loaded: f64,
        total: f64,
    },
    Fixing,
}

/// The answer to a request that could look at the picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Done {
    pub outcome: Outcome,
    /// Whether the on-device models ran.
    pub models: bool,
    /// The decoder that was used ([`Decoder::Rust`] or [`Decoder::Browser`]).
    pub decoder: Decoder,
    /// The worker's wasm memory after the request (its peak so far).
    pub memory_bytes: f64,
}

/// One look at a picture: the check's report and, for [`Op::Fix`], the fix made
/// from the same analysis (the fixed photo with its own report, or why the fix
/// refused). See [`super::examine`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub report: Report,
    pub fix: Option<Result<Fixed, PhotoError>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shapes the JavaScript side writes or reads by hand stay as they are.
    #[test]
    fn the_wire_shapes_javascript_relies_on() {
        // public/photo-worker.js posts the models' download progress itself.
        let progress: Reply =
            serde_json::from_str(r#"{"stage":{"models":{"loaded":1,"total":2}}}"#).unwrap();
        assert_eq!(
            progress,
            Reply::Stage(Stage::Models {
                loaded: 1.0,
                total: 2.0
            })
        );
        // scripts/bench.mjs posts requests by hand.
        let request: Request =
            serde_json::from_str(r#"{"op":"fix","material":"photo","plan":null,"decoder":"rust"}"#)
                .unwrap();
        assert_eq!(
            request,
            Request {
                op: Op::Fix,
                material: Material::Photo,
                plan: None,
                decoder: Decoder::Rust
            }
        );
        let minimal: Request =
            serde_json::from_str(r#"{"op":"check","material":"id-front"}"#).unwrap();
        assert_eq!(minimal.decoder, Decoder::Auto);
    }

    /// `from_names` reads what serde writes, for every op, material and decoder.
    #[test]
    fn from_names_agrees_with_serde() {
        use crate::photo::Material;
        for op in [Op::Check, Op::Fix] {
            for material in [
                Material::Photo,
                Material::IdFront,
                Material::IdBack,
                Material::Document,
            ] {
                for decoder in [Decoder::Auto, Decoder::Rust, Decoder::Browser] {
                    let r = Request {
                        op,
                        material,
                        plan: Some("p".into()),
                        decoder,
                    };
                    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
                    let read = Request::from_names(
                        v["op"].as_str().unwrap(),
                        v["material"].as_str().unwrap(),
                        v["plan"].as_str().map(str::to_owned),
                        v["decoder"].as_str(),
                    );
                    assert_eq!(read, Some(r));
                }
            }
        }
        assert_eq!(
            Request::from_names("fix", "photo", None, None)
                .unwrap()
                .decoder,
            Decoder::Auto
        );
        assert_eq!(Request::from_names("crop", "photo", None, None), None);
    }

    /// A reply survives the trip (the fixed JPEG travels beside it).
    #[test]
    fn a_reply_round_trips_through_json() {
        // A head and shoulders, dark on a light grey backdrop.
        let img = image::RgbImage::from_fn(600, 840, |x, y| {
            let (dx, dy) = (x as f32 - 300.0, y as f32 - 300.0);
            let head = dx * dx / 110.0f32.powi(2) + dy * dy / 140.0f32.powi(2) <= 1.0;
            let body = y > 470 && dx.abs() < 230.0;
            image::Rgb(if head || body {
                [90, 60, 50]
            } else {
                [225, 225, 225]
            })
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&img)
            .unwrap();
        let spec = super::super::spec(Material::Photo, None);
        let outcome = super::super::examine(&bytes, spec, None, Op::Fix).unwrap();
        let reply = Reply::Done(Done {
            outcome,
            models: false,
            decoder: Decoder::Rust,
            memory_bytes: 1.0,
        });
        let back: Reply = serde_json::from_str(&serde_json::to_string(&reply).unwrap()).unwrap();
        let (Reply::Done(a), Reply::Done(b)) = (&reply, &back) else {
            panic!("{back:?}")
        };
        assert_eq!(a.outcome.report, b.outcome.report);
        match (&a.outcome.fix, &b.outcome.fix) {
            (Some(Ok(x)), Some(Ok(y))) => {
                assert_eq!(x.report, y.report);
                assert!(y.jpeg.is_empty(), "the JPEG is not in the JSON");
            }
            (Some(Err(x)), Some(Err(y))) => assert_eq!(x, y),
            other => panic!("{other:?}"),
        }
    }
}
