//! The page's side of the photo worker (see worker/src/main.rs for the
//! protocol). The worker is started on first use, so its decoders cost
//! nothing until a candidate chooses a photo. Requests carry an id; replies
//! settle the matching promise.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// A check as the worker reports it (the wire form of `photo::Check`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckView {
    pub id: String,
    pub status: String,
    pub value: String,
    #[serde(default)]
    pub threshold: String,
    pub message_zh: String,
    pub message_en: String,
}

/// A report as the worker sends it (the wire form of `photo::Report`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReportView {
    pub format: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    pub pass: bool,
    pub checks: Vec<CheckView>,
    /// Whether the one-tap fix can help (the wire form of `photo::FixOutlook`).
    pub fix: FixOutlookView,
}

/// The core's verdict on the fix, decided with the check: the button is offered
/// only when `possible`, else `message_*` says what to do instead.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FixOutlookView {
    pub possible: bool,
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
}

/// Progress the worker reports while it works on a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// `models` (downloading the face and person models), `fixing`.
    pub name: String,
    /// Bytes downloaded so far and in all (0 when unknown), for `models`.
    pub loaded: f64,
    pub total: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ErrorView {
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
}

impl ErrorView {
    pub fn worker_failed(detail: &str) -> ErrorView {
        ErrorView {
            code: "worker".into(),
            message_zh: format!("照片检查组件未能启动（{detail}）。请刷新页面重试，或在手机自带浏览器中打开。"),
            message_en: format!("The photo checker could not start ({detail}). Reload the page, or open it in your phone's own browser."),
        }
    }
}

/// What a finished request brings back.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub report: ReportView,
    pub fixed: Option<(Vec<u8>, ReportView)>,
    pub fix_error: Option<ErrorView>,
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
        if let Some(name) = get(&data, "stage").as_string() {
            let listener = replies.borrow().get(&id).map(|(_, _, l)| l.clone());
            if let Some(listener) = listener {
                listener(Stage {
                    name,
                    loaded: get(&data, "loaded").as_f64().unwrap_or(0.0),
                    total: get(&data, "total").as_f64().unwrap_or(0.0),
                });
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

/// Sends `bytes` to the worker and waits for its reply. `op` is `check` or
/// `fix`; `on_stage` hears this request's progress (models download, fixing).
///
/// A worker that dies on the request (a wasm trap, out of memory on a small
/// phone, a module that failed to start) is replaced and the request sent once
/// more to the fresh one: its state went with it, and the candidate should not
/// have to reload the page for a one-off failure. A second death is reported.
pub async fn run(
    base: &str,
    op: &str,
    material: &str,
    plan: Option<&str>,
    bytes: &[u8],
    on_stage: Rc<dyn Fn(Stage)>,
) -> Result<Outcome, ErrorView> {
    let mut replaced = false;
    loop {
        let promise = post(base, op, material, plan, bytes, &on_stage)?;
        // Rejected only by `fail_all`: the worker died (or never started), and
        // `fail_all` dropped it, so the next `post` starts a fresh one.
        let why = match JsFuture::from(promise).await {
            Ok(data) => return parse_reply(&data),
            Err(e) => e.as_string().unwrap_or_else(|| format!("{e:?}")),
        };
        if replaced {
            return Err(ErrorView::worker_failed(&why));
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
    op: &str,
    material: &str,
    plan: Option<&str>,
    bytes: &[u8],
    on_stage: &Rc<dyn Fn(Stage)>,
) -> Result<Promise, ErrorView> {
    let needs_start = CLIENT.with(|c| c.borrow().is_none());
    if needs_start {
        start(base).map_err(|e| ErrorView::worker_failed(&format!("{e:?}")))?;
    }
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
        Reflect::set(&msg, &"op".into(), &op.into())?;
        Reflect::set(&msg, &"material".into(), &material.into())?;
        Reflect::set(
            &msg,
            &"plan".into(),
            &plan.map(JsValue::from).unwrap_or(JsValue::NULL),
        )?;
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
    promise.map_err(|e| ErrorView::worker_failed(&format!("{e:?}")))
}

fn parse_reply(data: &JsValue) -> Result<Outcome, ErrorView> {
    if get(data, "ok").as_bool() != Some(true) {
        return Err(from_js::<ErrorView>(&get(data, "error"))
            .unwrap_or_else(|| ErrorView::worker_failed("bad reply")));
    }
    let report = parse_json::<ReportView>(&get(data, "report"))
        .ok_or_else(|| ErrorView::worker_failed("bad report"))?;
    let fixed_buffer = get(data, "fixed");
    let fixed = if fixed_buffer.is_instance_of::<js_sys::ArrayBuffer>() {
        let jpeg = Uint8Array::new(&fixed_buffer).to_vec();
        parse_json::<ReportView>(&get(data, "fixedReport")).map(|r| (jpeg, r))
    } else {
        None
    };
    let fix_error = from_js::<ErrorView>(&get(data, "fixError"));
    Ok(Outcome {
        report,
        fixed,
        fix_error,
    })
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn parse_json<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Option<T> {
    serde_json::from_str(&value.as_string()?).ok()
}

fn from_js<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Option<T> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}
