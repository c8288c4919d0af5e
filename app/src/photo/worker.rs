//! The page's side of the photo worker: the core's typed protocol
//! (`precheck_core::photo::protocol`: a `Request` posted, `Reply`s back) over
//! `postMessage`. The worker is started on first use, so its decoders cost
//! nothing until a candidate chooses a photo. Requests carry an id; replies
//! settle the matching promise.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use precheck_core::photo::protocol::{Reply, Request, Stage};
use precheck_core::photo::{Outcome, PhotoError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// The worker could not start, died twice on one request, or answered nonsense.
pub fn worker_failed(detail: &str) -> PhotoError {
    PhotoError {
        code: "worker".into(),
        message_zh: format!("照片检查组件未能启动（{detail}）。请刷新页面重试，或在手机自带浏览器中打开。"),
        message_en: format!("The photo checker could not start ({detail}). Reload the page, or open it in your phone's own browser."),
    }
}

/// Per request id: resolve, reject, and who hears its progress.
type Pending = Rc<RefCell<HashMap<u32, (Function, Function, Rc<dyn Fn(Stage)>)>>>;

struct Client {
    worker: Worker,
    pending: Pending,
    next_id: u32,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

fn start(base: &str) -> Result<(), JsValue> {
    let worker = Worker::new(&format!("{base}photo-worker.js"))?;
    let pending: Pending = Rc::default();
    let replies = pending.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if let Some(fatal) = get(&data, "fatal").as_string() {
            fail_all(&replies, &fatal);
            return;
        }
        let Some(id) = get(&data, "id").as_f64().map(|n| n as u32) else {
            return; // the "ready" notice
        };
        let reply = get(&data, "reply")
            .as_string()
            .and_then(|text| serde_json::from_str::<Reply>(&text).ok());
        if let Some(Reply::Stage(stage)) = reply {
            let listener = replies.borrow().get(&id).map(|(_, _, l)| l.clone());
            if let Some(listener) = listener {
                listener(stage);
            }
            return;
        }
        if let Some((resolve, _, _)) = replies.borrow_mut().remove(&id) {
            let _ = resolve.call1(&JsValue::NULL, &data);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let failures = pending.clone();
    let on_error =
        Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            fail_all(&failures, &event.message());
        });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            worker,
            pending,
            next_id: 1,
        })
    });
    Ok(())
}

fn fail_all(pending: &Pending, why: &str) {
    for (_, (_, reject, _)) in pending.borrow_mut().drain() {
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(why));
    }
    // A dead worker is replaced on the next request.
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().take() {
            client.worker.terminate();
        }
    });
}

/// Sends `request` with `bytes` to the worker and waits for its answer (for
/// `Op::Fix`, the fixed photo's JPEG is in `fix`); `on_stage` hears this
/// request's progress (models download, fixing).
///
/// A worker that dies on the request (a wasm trap, out of memory on a small
/// phone, a module that failed to start) is replaced and the request sent once
/// more to the fresh one: its state went with it, and the candidate should not
/// have to reload the page for a one-off failure. A second death is reported.
pub async fn run(
    base: &str,
    request: &Request,
    bytes: &[u8],
    on_stage: Rc<dyn Fn(Stage)>,
) -> Result<Outcome, PhotoError> {
    let mut replaced = false;
    loop {
        let promise = post(base, request, bytes, &on_stage)?;
        // Rejected only by `fail_all`: the worker died (or never started), and
        // `fail_all` dropped it, so the next `post` starts a fresh one.
        let why = match JsFuture::from(promise).await {
            Ok(data) => return parse_reply(&data),
            Err(e) => e.as_string().unwrap_or_else(|| format!("{e:?}")),
        };
        if replaced {
            return Err(worker_failed(&why));
        }
        replaced = true;
        // For DevTools and the browser tests: a one-off death is recovered
        // from, not hidden (`precheck:worker-replaced` counts them).
        web_sys::console::warn_1(&format!("photo worker died, trying a fresh one: {why}").into());
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("precheck:worker-replaced");
        }
    }
}

/// Starts the worker if there is none, posts the request, and returns the
/// promise its reply settles.
fn post(
    base: &str,
    request: &Request,
    bytes: &[u8],
    on_stage: &Rc<dyn Fn(Stage)>,
) -> Result<Promise, PhotoError> {
    let needs_start = CLIENT.with(|c| c.borrow().is_none());
    if needs_start {
        start(base).map_err(|e| worker_failed(&format!("{e:?}")))?;
    }
    let text = serde_json::to_string(request).map_err(|e| worker_failed(&e.to_string()))?;
    let promise = CLIENT.with(|c| -> Result<Promise, JsValue> {
        let mut guard = c.borrow_mut();
        let client = guard
            .as_mut()
            .ok_or_else(|| JsValue::from_str("no worker"))?;
        let id = client.next_id;
        client.next_id += 1;
        let buffer = Uint8Array::from(bytes).buffer();
        let msg = Object::new();
        Reflect::set(&msg, &"id".into(), &id.into())?;
        Reflect::set(&msg, &"request".into(), &text.as_str().into())?;
        Reflect::set(&msg, &"bytes".into(), &buffer)?;
        let pending = client.pending.clone();
        let promise = Promise::new(&mut |resolve, reject| {
            pending
                .borrow_mut()
                .insert(id, (resolve, reject, on_stage.clone()));
        });
        client
            .worker
            .post_message_with_transfer(&msg, &Array::of1(&buffer))?;
        Ok(promise)
    });
    promise.map_err(|e| worker_failed(&format!("{e:?}")))
}

/// The answer in a settled reply: the outcome (the fixed JPEG put back from its
/// transferred buffer) or why the picture could not be looked at.
fn parse_reply(data: &JsValue) -> Result<Outcome, PhotoError> {
    let reply = get(data, "reply")
        .as_string()
        .and_then(|text| serde_json::from_str::<Reply>(&text).ok());
    match reply {
        Some(Reply::Done(done)) => {
            let mut outcome = done.outcome;
            if let Some(Ok(fixed)) = &mut outcome.fix {
                let buffer = get(data, "jpeg");
                if !buffer.is_instance_of::<js_sys::ArrayBuffer>() {
                    return Err(worker_failed("no fixed photo"));
                }
                fixed.jpeg = Uint8Array::new(&buffer).to_vec();
            }
            Ok(outcome)
        }
        Some(Reply::Failed(error)) => Err(error),
        _ => Err(worker_failed("bad reply")),
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}
