//! The widget's place in a host page: finding `[data-precheck]` elements,
//! reading their attributes, isolating styles in a shadow root, and telling
//! the host what is ready through DOM events on the element.

use crate::app::App;
use crate::i18n::Lang;
use leptos::prelude::*;
use precheck_core::date::{date, Date};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

/// What the host page asked for through attributes on the element.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `data-plan`: fixes the plan (the candidate then does not pick one).
    pub plan: Option<String>,
    /// `data-lang`: `zh` (default) or `en`.
    pub lang: Lang,
    /// `data-mode`: `standalone` on the widget's own page, else embedded.
    pub standalone: bool,
    /// `data-tool="photo"` (or `?tool=photo`): only the photo check-and-fix.
    pub photo_tool: bool,
}

impl Config {
    /// Attributes first; on the standalone page the address's query
    /// (`?plan=…&lang=en`) may set them too, so a link can open a plan.
    fn from_element(el: &Element) -> Config {
        let standalone = el.get_attribute("data-mode").as_deref() == Some("standalone");
        let query = standalone
            .then(|| web_sys::window()?.location().search().ok())
            .flatten()
            .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
        let setting = |name: &str| {
            query
                .as_ref()
                .and_then(|q| q.get(name))
                .or_else(|| el.get_attribute(&format!("data-{name}")))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Config {
            plan: setting("plan"),
            lang: Lang::from_attr(setting("lang").as_deref()),
            standalone,
            photo_tool: setting("tool").as_deref() == Some("photo"),
        }
    }
}

/// The element the widget lives in; events are dispatched on it.
#[derive(Clone)]
pub struct HostElement(SendWrapper<HtmlElement>);

impl HostElement {
    /// Dispatches `name` with a JSON `detail`, bubbling, so a host can listen
    /// on the element or on any ancestor.
    pub fn emit(&self, name: &str, detail: &serde_json::Value) {
        let detail = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
        self.emit_js(name, &detail);
    }

    pub fn emit_js(&self, name: &str, detail: &JsValue) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.0.dispatch_event(&event);
        }
    }
}

pub fn mount_all(base: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(found) = document.query_selector_all("[data-precheck]") else {
        return;
    };
    for i in 0..found.length() {
        let Some(el) = found.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        if el.get_attribute("data-precheck-started").as_deref() == Some("yes") {
            continue;
        }
        if let Err(err) = mount_one(&document, &el, base) {
            web_sys::console::warn_2(&"precheck: could not mount".into(), &err);
        }
    }
}

fn mount_one(document: &web_sys::Document, el: &HtmlElement, base: &str) -> Result<(), JsValue> {
    let config = Config::from_element(el);
    // A shadow root keeps the host's CSS out and ours in.
    let shadow = match el.shadow_root() {
        Some(existing) => existing,
        None => el.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    shadow.set_inner_html("");
    let link = document.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    link.set_attribute("href", &format!("{base}precheck.css"))?;
    shadow.append_child(&link)?;
    let container: HtmlElement = document.create_element("div")?.dyn_into()?;
    container.set_class_name("pc-root");
    container.set_attribute("lang", config.lang.html_lang())?;
    shadow.append_child(&container)?;

    let host = HostElement(SendWrapper::new(el.clone()));
    let base = Base(base.to_owned());
    let root = container.clone();
    leptos::mount::mount_to(container, move || {
        provide_context(host);
        provide_context(base);
        provide_context(RootElement(SendWrapper::new(root)));
        view! { <App config=config /> }
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
