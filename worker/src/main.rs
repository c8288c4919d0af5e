//! The photo worker: a second, separately loaded wasm module that runs the
//! core's photo checks and fix inside a Web Worker, so decoding a 12 MP phone
//! photo never freezes the page. The page loads it only when a photo is first
//! chosen, which also keeps the decoders out of the first-load bundle.
//!
//! Protocol: `precheck_core::photo::protocol` (one typed `Request` / `Reply`
//! pair, as JSON text: page → worker `{id, request, bytes: ArrayBuffer}` with the
//! buffer transferred; worker → page `{id, reply}` while working (`Stage`) and
//! once done, with the fixed JPEG as a transferred `jpeg: ArrayBuffer`). The check
//! and the fix come from one analysis (`photo::examine`): the models run once.
//!
//! Who decodes (decided here, measured in BENCHMARKS.md): pictures whose long side
//! is over `WORK_LONG`, HEIC/HEIF, and every PNG, WebP and GIF (this module links
//! the JPEG decoder only) go through the browser's own decoder
//! (`createImageBitmap` with a resize straight to the working size, orientation
//! applied by the browser), then `check_pixels` / `fix_pixels`, which do **not**
//! orient again. Everything else, and any picture the browser cannot decode,
//! goes through the Rust decoder, which applies the EXIF orientation itself.
//! Either way orientation is applied exactly once and at most one full-size
//! buffer ever exists (on the browser path none in wasm memory).
//!
//! Architecture invariant: no rule or threshold lives here; this file only
//! moves bytes between the page and `precheck_core::photo`.

use js_sys::{Array, Object, Reflect, Uint8Array};
use precheck_core::photo::protocol::{Decoder, Done, Reply, Request, Stage};
use precheck_core::photo::{self, Face, Format, Models, PersonMask, PhotoError, Probe, WORK_LONG};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, DedicatedWorkerGlobalScope, ImageBitmap, ImageBitmapOptions, MessageEvent,
    OffscreenCanvas, OffscreenCanvasRenderingContext2d, ResizeQuality,
};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let scope = reply_scope.clone();
        wasm_bindgen_futures::spawn_local(async move { handle(&scope, &event.data()).await });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Tell the page the module is ready (it queues requests until then).
    let ready = Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

// The vision module's glue, defined in public/photo-worker.js.
#[wasm_bindgen]
extern "C" {
    /// Resolves to `true` once the module is ready, `false` if it cannot load;
    /// posts `{id, stage: "models", loaded, total}` while downloading.
    #[wasm_bindgen(js_namespace = precheckVision, js_name = load)]
    fn vision_load(id: &JsValue) -> js_sys::Promise;
    /// 17 numbers per face (score, box, six keypoints), normalised.
    #[wasm_bindgen(js_namespace = precheckVision, js_name = faces, catch)]
    fn vision_faces(rgb: &[u8], width: u32, height: u32) -> Result<Vec<f32>, JsValue>;
    /// 256×256 person confidences.
    #[wasm_bindgen(js_namespace = precheckVision, js_name = person, catch)]
    fn vision_person(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, JsValue>;
}

/// The models as the core asks for them, answered by the vision module.
struct JsModels;

impl Models for JsModels {
    fn faces(&self, rgb: &[u8], width: u32, height: u32) -> Result<Vec<Face>, String> {
        let floats = vision_faces(rgb, width, height).map_err(|e| format!("{e:?}"))?;
        Ok(floats
            .chunks_exact(17)
            .filter_map(Face::from_floats)
            .collect())
    }

    fn person(&self, rgb: &[u8], width: u32, height: u32) -> Result<PersonMask, String> {
        let alpha = vision_person(rgb, width, height).map_err(|e| format!("{e:?}"))?;
        Ok(PersonMask {
            width: 256,
            height: 256,
            alpha,
        })
    }
}

/// RGBA pixels the browser decoded, already upright, possibly reduced.
struct Pixels {
    rgba: Vec<u8>,
    width: u32,
    height: u32,
    /// The picture's own displayed size (before any reduction).
    full: (u32, u32),
}

async fn handle(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let id = Reflect::get(data, &"id".into()).unwrap_or(JsValue::NULL);
    // The request's JSON read by the browser's own parser: this module carries no
    // JSON deserialiser (`Request::from_names`).
    let request = get_string(data, "request")
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|r| {
            Request::from_names(
                &get_string(&r, "op")?,
                &get_string(&r, "material")?,
                get_string(&r, "plan"),
                get_string(&r, "decoder").as_deref(),
            )
        });
    let Some(request) = request else {
        return post(
            scope,
            &id,
            &Reply::Failed(PhotoError {
                code: "bad_request".into(),
                message_zh: "照片检查组件收到了无法识别的请求，请刷新页面重试。".into(),
                message_en:
                    "The photo checker got a request it cannot read; reload the page and try again."
                        .into(),
            }),
            None,
        );
    };
    let bytes = Reflect::get(data, &"bytes".into())
        .ok()
        .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
        .map(|b| Uint8Array::new(&b).to_vec())
        .unwrap_or_default();
    let spec = photo::spec(request.material, request.plan.as_deref());

    let probe = match photo::probe(&bytes) {
        Ok(p) => p,
        Err(err) => return post(scope, &id, &Reply::Failed(err), None),
    };
    let pixels = if wants_browser(request.decoder, &probe) {
        match browser_decode(scope, &bytes, &probe).await {
            Ok(px) => Some(px),
            // HEIC the browser cannot read: the core's message says how to get a JPG.
            Err(_) if probe.format == Format::Heif => {
                return post(scope, &id, &Reply::Failed(PhotoError::heic()), None)
            }
            Err(_) => None, // fall back to the Rust decoder
        }
    } else {
        None
    };

    // The face detector and person segmentation live in their own module, fetched
    // on the first photo that needs them (photo-worker.js: precheckVision). If it
    // cannot load, the checks go on without it (backdrop fill only).
    let models = if spec.wants_models() {
        post(
            scope,
            &id,
            &Reply::Stage(Stage::Models {
                loaded: 0.0,
                total: 0.0,
            }),
            None,
        );
        let loaded = JsFuture::from(vision_load(&id)).await;
        loaded
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
            .then_some(JsModels)
    } else {
        None
    };
    let models = models.as_ref().map(|m| m as &dyn Models);

    if request.op == photo::Op::Fix {
        post(scope, &id, &Reply::Stage(Stage::Fixing), None);
    }
    let mut outcome = match &pixels {
        Some(px) => {
            // Report the picture's own size: HEIC's header may not have it right.
            let shown = Probe {
                width: px.full.0,
                height: px.full.1,
                ..probe.clone()
            };
            photo::examine_pixels(
                &px.rgba, px.width, px.height, &shown, spec, models, request.op,
            )
        }
        None => match photo::examine(&bytes, spec, models, request.op) {
            Ok(outcome) => outcome,
            Err(err) => return post(scope, &id, &Reply::Failed(err), None),
        },
    };
    // The JPEG goes beside the reply as a transferred buffer, not in its JSON.
    let jpeg = match &mut outcome.fix {
        Some(Ok(fixed)) => Some(std::mem::take(&mut fixed.jpeg)),
        _ => None,
    };
    let done = Done {
        outcome,
        models: models.is_some(),
        decoder: if pixels.is_some() {
            Decoder::Browser
        } else {
            Decoder::Rust
        },
        memory_bytes: wasm_memory_bytes(),
    };
    post(scope, &id, &Reply::Done(done), jpeg.as_deref());
}

/// Big pictures, HEIC, and every PNG, WebP and GIF go to the browser's decoder
/// (see the module comment): this module carries only the JPEG decoder.
fn wants_browser(decoder: Decoder, probe: &Probe) -> bool {
    match decoder {
        Decoder::Rust => false,
        Decoder::Browser => true,
        Decoder::Auto => {
            matches!(
                probe.format,
                Format::Heif | Format::Png | Format::Webp | Format::Gif
            ) || (probe.format == Format::Jpeg && probe.width.max(probe.height) > WORK_LONG)
        }
    }
}

/// Decodes with `createImageBitmap` (EXIF orientation applied by the browser),
/// resized to the working size when the header gave the dimensions, and reads
/// the RGBA back through an `OffscreenCanvas`.
async fn browser_decode(
    scope: &DedicatedWorkerGlobalScope,
    bytes: &[u8],
    probe: &Probe,
) -> Result<Pixels, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts)?;
    let options = ImageBitmapOptions::new();
    let resized = probe.format != Format::Heif && probe.width > 0 && probe.height > 0;
    if resized {
        // probe's dimensions are the displayed (oriented) ones, as is the resize
        // (HEIC's `ispe` box gives them before its rotation, so HEIC is not resized)
        let (w, h) = photo::working_size(probe.width, probe.height);
        options.set_resize_width(w);
        options.set_resize_height(h);
        options.set_resize_quality(ResizeQuality::High);
    }
    let promise = scope.create_image_bitmap_with_blob_and_image_bitmap_options(&blob, &options)?;
    let bitmap: ImageBitmap = JsFuture::from(promise).await?.dyn_into()?;
    let full = if resized {
        (probe.width, probe.height)
    } else {
        (bitmap.width(), bitmap.height())
    };
    let result = read_bitmap(&bitmap, full);
    bitmap.close();
    result
}

fn read_bitmap(bitmap: &ImageBitmap, full: (u32, u32)) -> Result<Pixels, JsValue> {
    let (bw, bh) = (bitmap.width(), bitmap.height());
    if bw == 0 || bh == 0 {
        return Err("empty bitmap".into());
    }
    // HEIC arrives full size: reduce while drawing.
    let (width, height) = photo::working_size(bw, bh);
    let canvas = OffscreenCanvas::new(width, height)?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(
        bitmap,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    )?;
    let data = ctx.get_image_data(0.0, 0.0, f64::from(width), f64::from(height))?;
    Ok(Pixels {
        rgba: data.data().0,
        width,
        height,
        full,
    })
}

/// Bytes of this module's linear memory. Wasm memory never shrinks, so after a
/// request this is the peak the module needed so far.
fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            f64::from(
                m.buffer()
                    .unchecked_into::<js_sys::ArrayBuffer>()
                    .byte_length(),
            )
        })
        .unwrap_or(0.0)
}

/// Posts `{id, reply}` (the reply as JSON text), with `jpeg` transferred beside it.
fn post(scope: &DedicatedWorkerGlobalScope, id: &JsValue, reply: &Reply, jpeg: Option<&[u8]>) {
    let msg = Object::new();
    set(&msg, "id", id);
    let text = serde_json::to_string(reply).unwrap_or_else(|_| "null".to_owned());
    set(&msg, "reply", &text.into());
    let transfer = Array::new();
    if let Some(jpeg) = jpeg {
        let buffer = Uint8Array::from(jpeg).buffer();
        set(&msg, "jpeg", &buffer);
        transfer.push(&buffer);
    }
    let _ = scope.post_message_with_transfer(&msg, &transfer);
}

fn get_string(data: &JsValue, key: &str) -> Option<String> {
    Reflect::get(data, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}
