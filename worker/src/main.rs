//! The photo worker: a second, separately loaded wasm module that runs the
//! core's photo checks and fix inside a Web Worker, so decoding a 12 MP phone
//! photo never freezes the page. The page loads it only when a photo is first
//! chosen, which also keeps the decoders out of the first-load bundle.
//!
//! Protocol (all messages are plain objects):
//! - page → worker: `{id, op: "check" | "fix", material, plan, bytes: ArrayBuffer}`
//!   (the buffer is transferred, not copied);
//! - worker → page: `{id, stage}` while working, then `{id, ok: true, report,
//!   fixed?, fixedReport?}` with reports as JSON text and the fixed JPEG as a
//!   transferred ArrayBuffer, or `{id, ok: false, error: {code, message_zh,
//!   message_en}}`.
//!
//! Architecture invariant: no rule or threshold lives here; this file only
//! moves bytes between the page and `precheck_core::photo`.

use js_sys::{Array, Object, Reflect, Uint8Array};
use precheck_core::photo::{self, Material, PhotoError};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        handle(&reply_scope, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Tell the page the module is ready (it queues requests until then).
    let ready = Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

fn handle(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let id = Reflect::get(data, &"id".into()).unwrap_or(JsValue::NULL);
    let op = get_string(data, "op").unwrap_or_default();
    let material = get_string(data, "material")
        .and_then(|m| Material::parse(&m))
        .unwrap_or(Material::Photo);
    let plan = get_string(data, "plan");
    let bytes = Reflect::get(data, &"bytes".into())
        .ok()
        .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
        .map(|b| Uint8Array::new(&b).to_vec())
        .unwrap_or_default();
    let spec = photo::spec(material, plan.as_deref());

    let reply = Object::new();
    set(&reply, "id", &id);
    let mut transfer = Array::new();
    let report = match photo::check(&bytes, spec) {
        Ok(report) => report,
        Err(err) => return post_error(scope, &id, &err),
    };
    set(&reply, "ok", &JsValue::TRUE);
    set(&reply, "report", &json(&report).into());
    if op == "fix" {
        post_stage(scope, &id, "fixing");
        match photo::fix(&bytes, spec) {
            Ok(fixed) => {
                let out = Uint8Array::from(fixed.jpeg.as_slice());
                let buffer = out.buffer();
                set(&reply, "fixed", &buffer);
                set(&reply, "fixedReport", &json(&fixed.report).into());
                transfer = Array::of1(&buffer);
            }
            Err(err) => set(&reply, "fixError", &error_object(&err)),
        }
    }
    let _ = scope.post_message_with_transfer(&reply, &transfer);
}

fn post_stage(scope: &DedicatedWorkerGlobalScope, id: &JsValue, stage: &str) {
    let msg = Object::new();
    set(&msg, "id", id);
    set(&msg, "stage", &stage.into());
    let _ = scope.post_message(&msg);
}

fn post_error(scope: &DedicatedWorkerGlobalScope, id: &JsValue, err: &PhotoError) {
    let msg = Object::new();
    set(&msg, "id", id);
    set(&msg, "ok", &JsValue::FALSE);
    set(&msg, "error", &error_object(err));
    let _ = scope.post_message(&msg);
}

fn error_object(err: &PhotoError) -> JsValue {
    let obj = Object::new();
    set(&obj, "code", &err.code.into());
    set(&obj, "message_zh", &err.message_zh.as_str().into());
    set(&obj, "message_en", &err.message_en.as_str().into());
    obj.into()
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

fn get_string(data: &JsValue, key: &str) -> Option<String> {
    Reflect::get(data, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}
