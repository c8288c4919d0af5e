//! The widget's place in a host page: the `[data-precheck]` element's
//! attributes, and the DOM events the host hears on it.

use crate::i18n::Lang;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

/// What the host page asked for through attributes on the element.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `data-plan`: fixes the plan (the candidate then does not pick one).
    pub plan: Option<String>,
    /// `data-lang`: `zh` (default) or `en`.
    pub lang: Lang,
    /// `data-tool="photo"` (or `?tool=photo`): only the photo check-and-fix.
    pub photo_tool: bool,
}

impl Config {
    /// Attributes first; on the standalone page (`data-mode="standalone"`) the address's query
    /// (`?plan=…&lang=en`) may set them too, so a link can open a plan.
    pub fn from_element(el: &Element) -> Config {
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
            photo_tool: setting("tool").as_deref() == Some("photo"),
        }
    }
}

/// The element the widget lives in; events are dispatched on it.
#[derive(Clone)]
pub struct HostElement(pub SendWrapper<HtmlElement>);

impl HostElement {
    pub fn new(el: HtmlElement) -> HostElement {
        HostElement(SendWrapper::new(el))
    }

    /// Dispatches `name` with `detail`, bubbling and crossing the shadow
    /// root, so a host can listen on the element or on any ancestor.
    pub fn emit_js(&self, name: &str, detail: &JsValue) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.0.dispatch_event(&event);
        }
    }

    /// `precheck:readiness` before anything is answered: for every plan an
    /// empty profile meets no condition and needs no material (a core test,
    /// `an_empty_profile_meets_nothing_and_needs_no_materials_in_every_plan`,
    /// keeps this true), so the first screen can say so without the engine.
    pub fn emit_unanswered_readiness(&self, plan: &str) {
        let detail = js_sys::Object::new();
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&detail, &key.into(), &value);
        };
        set("plan", plan.into());
        set("eligible", false.into());
        set("ready", false.into());
        set("condition", JsValue::NULL);
        set("met", js_sys::Array::new().into());
        set("missing", js_sys::Array::new().into());
        self.emit_js("precheck:readiness", &detail);
    }
}

/// Keeps the widget root's `lang` attribute on the language shown, so that
/// screen readers and fonts treat English text as English.
pub fn follow_lang(root: HtmlElement, lang: leptos::prelude::RwSignal<Lang>) {
    use leptos::prelude::*;
    let root = send_wrapper::SendWrapper::new(root);
    Effect::new(move |_| {
        let _ = root.set_attribute("lang", lang.get().html_lang());
    });
}

/// Gives `el` an open shadow root (reusing one the other module made), links
/// `precheck.css` from `base` inside it, and returns a fresh, empty
/// `.pc-root` container to mount into. The shadow root keeps the host's CSS
/// out and ours in.
///
/// The container stays `hidden` until the sheet has loaded (or failed): the
/// small first module can be running before the sheet is there, and an
/// unstyled first paint would shift the page. On a hand-over the first
/// module's link stays attached, never taken out and put back (a link put
/// back is fetched and applied anew, and the frames in between would show
/// the full widget unstyled), so a loaded sheet shows the full widget styled
/// at once.
pub fn prepare_root(el: &HtmlElement, base: &str, lang: Lang) -> Result<HtmlElement, JsValue> {
    let document = el.owner_document().ok_or("no document")?;
    let shadow = match el.shadow_root() {
        Some(existing) => existing,
        None => el.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let href = format!("{base}precheck.css");
    let kept = shadow
        .query_selector("link[data-precheck-styles]")?
        .filter(|l| l.get_attribute("href").as_deref() == Some(href.as_str()));
    let children = shadow.child_nodes();
    for i in (0..children.length()).rev() {
        let Some(node) = children.item(i) else {
            continue;
        };
        if !kept.as_ref().is_some_and(|k| k.is_same_node(Some(&node))) {
            shadow.remove_child(&node)?;
        }
    }
    let container: HtmlElement = document.create_element("div")?.dyn_into()?;
    container.set_class_name("pc-root");
    container.set_attribute("lang", lang.html_lang())?;
    let link = match kept {
        Some(link) => link,
        None => {
            let link = document.create_element("link")?;
            link.set_attribute("rel", "stylesheet")?;
            link.set_attribute("data-precheck-styles", "")?;
            link.set_attribute("href", &href)?;
            shadow.append_child(&link)?;
            link
        }
    };
    if link.get_attribute("data-loaded").is_none() {
        container.set_hidden(true);
        let shown = container.clone();
        let loaded = link.clone();
        let show = Closure::<dyn Fn()>::new(move || {
            let _ = loaded.set_attribute("data-loaded", "");
            shown.set_hidden(false);
        });
        link.add_event_listener_with_callback("load", show.as_ref().unchecked_ref())?;
        link.add_event_listener_with_callback("error", show.as_ref().unchecked_ref())?;
        // Lives as long as the page: one small closure per mount.
        show.forget();
    }
    shadow.append_child(&container)?;
    Ok(container)
}
