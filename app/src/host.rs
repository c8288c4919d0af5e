//! The widget's place in a host page: taking over the elements the
//! first-load module hands over (or finding `[data-precheck]` elements),
//! isolating styles in a shadow root, and telling the host what is ready
//! through DOM events on the element (`HostElement`, shared with the
//! first-load module).

use crate::app::App;
use leptos::prelude::*;
use precheck_core::date::{date, Date};
pub use precheck_start::handoff::Handoff;
pub use precheck_start::host::{prepare_root, Config, HostElement};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

/// Dispatches `name` on the host element with a JSON `detail` (through the
/// browser's `JSON`, so the host gets a plain object).
pub fn emit(host: &HostElement, name: &str, detail: &serde_json::Value) {
    let detail = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
    host.emit_js(name, &detail);
}

pub fn mount_all(base: &str, handed: &JsValue) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let mount = |el: &HtmlElement, handoff: Option<Handoff>| {
        if let Err(err) = mount_one(el, base, handoff) {
            web_sys::console::warn_2(&"precheck: could not mount".into(), &err);
        }
    };
    if let Some(handed) = handed.dyn_ref::<js_sys::Array>() {
        for entry in handed.iter() {
            if let Some((el, handoff)) = Handoff::from_js(&entry) {
                mount(&el, Some(handoff));
            }
        }
    }
    let Ok(found) = document.query_selector_all("[data-precheck]") else {
        return;
    };
    for i in 0..found.length() {
        let Some(el) = found.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        if el.get_attribute("data-precheck-started").is_none() {
            mount(&el, None);
        }
    }
}

fn mount_one(el: &HtmlElement, base: &str, handoff: Option<Handoff>) -> Result<(), JsValue> {
    let mut config = Config::from_element(el);
    if let Some(h) = &handoff {
        config.lang = h.lang;
    }
    let container = prepare_root(el, base, config.lang)?;
    let host = HostElement::new(el.clone());
    let base = Base(base.to_owned());
    let root = container.clone();
    leptos::mount::mount_to(container, move || {
        provide_context(host);
        provide_context(base);
        provide_context(RootElement(SendWrapper::new(root)));
        view! { <App config=config handoff=handoff /> }
    })
    .forget();
    el.set_attribute("data-precheck-started", "yes")?;
    Ok(())
}

/// The URL of the folder the widget's files are served from (ends with `/`).
#[derive(Debug, Clone)]
pub struct Base(pub String);

/// The widget's own root element inside the shadow root (for `lang`, focus).
#[derive(Clone)]
pub struct RootElement(pub SendWrapper<HtmlElement>);

/// Today in the candidate's local time zone (the phone's clock): the default
/// signing date of the form.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let (year, month, day) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    Date::new(year as i32, month as i32, day as i32).unwrap_or(date(2026, 1, 1))
}
