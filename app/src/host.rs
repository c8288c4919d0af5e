//! The widget's place in a host page: what every screen may need of it —
//! the host element and its DOM events (`HostElement`, shared with the
//! first-load module), the folder the files come from, the widget's root
//! element, today's date. Mounting is in main.rs: this file knows no screen.

use precheck_core::date::{date, Date};
pub use precheck_start::handoff::Handoff;
pub use precheck_start::host::{Config, HostElement};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

/// Dispatches `name` on the host element with a JSON `detail` (through the
/// browser's `JSON`, so the host gets a plain object).
pub fn emit(host: &HostElement, name: &str, detail: &serde_json::Value) {
    let detail = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
    host.emit_js(name, &detail);
}

/// The URL of the folder the widget's files are served from (ends with `/`).
#[derive(Debug, Clone)]
pub struct Base(pub String);

/// The widget's own root element inside the shadow root (for `lang`, focus).
#[derive(Clone)]
pub struct RootElement(pub SendWrapper<HtmlElement>);

/// Today in Beijing by the phone's clock: the default signing date of the
/// form (the CLI counts the same way).
pub fn today() -> Date {
    Date::in_china_at(js_sys::Date::now() as i64).unwrap_or(date(2026, 1, 1))
}
