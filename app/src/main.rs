//! 报名预检 widget: the Leptos (client-side rendered) face of `precheck-core`.
//!
//! Architecture invariant: this crate holds no rules and no checks. It reads
//! the candidate's answers, asks the core, and shows what the core says; the
//! only logic here is turning form answers into a [`Profile`] and talking to
//! the browser (mounting, storage, events, files).
//!
//! [`Profile`]: precheck_core::profile::Profile

mod answers;
mod app;
mod history;
mod host;
mod photo;
mod session;
mod steps;
mod storage;
mod walk;

use app::App;
use host::{Base, RootElement};
use leptos::prelude::*;
use precheck_start::chrome::Step;
use precheck_start::handoff::Handoff;
use precheck_start::host::{prepare_root, Config, HostElement};
use precheck_start::i18n;
use precheck_start::i18n::Lang;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn main() {
    console_error_panic_hook::set_once();
}

/// Called by `precheck.js` once the wasm module is ready: takes over the
/// elements the first-load module hands over (`handed`, from its
/// `take_over`: `[{element, lang, step, plan, levels}]`), then mounts into any other
/// `[data-precheck]` element of the page. `base` is the URL of the folder the
/// widget's files are served from.
#[wasm_bindgen]
pub fn mount_all(base: String, handed: JsValue) {
    mount_elements(&base, &handed);
}

/// Called by `precheck.js` when the browser is idle after fetching this
/// module while the candidate reads the first screen: see [`warm_up_offscreen`].
#[wasm_bindgen]
pub fn warm_up(base: String) {
    warm_up_offscreen(&base);
}

fn mount_elements(base: &str, handed: &JsValue) {
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

/// Renders the about-you step once into an element in no document, then
/// throws it away. V8 compiles each wasm function on its first call, on the
/// main thread; doing that while the candidate is still reading the first
/// screen takes it off their tap on Next (BENCHMARKS.md). Nothing is shown,
/// sent or stored: answers are only read, and a saved state that cannot be
/// read is left for the real mount to discard with its notice.
fn warm_up_offscreen(base: &str) {
    let readable_or_none = precheck_start::saved::local_storage()
        .and_then(|s| s.get_item(precheck_start::saved::KEY).ok().flatten())
        .is_none_or(|text| crate::storage::decode(&text).is_some());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if !readable_or_none {
        return;
    }
    let (Ok(host), Ok(container)) = (
        document.create_element("div"),
        document.create_element("div"),
    ) else {
        return;
    };
    let (Ok(host), Ok(container)) = (
        host.dyn_into::<HtmlElement>(),
        container.dyn_into::<HtmlElement>(),
    ) else {
        return;
    };
    let config = Config {
        plan: None,
        lang: Lang::Zh,
        photo_tool: false,
    };
    let handoff = Some(Handoff {
        lang: Lang::Zh,
        step: Step::About,
        plan: None,
        levels: false,
    });
    let base = Base(base.to_owned());
    let root = container.clone();
    let handle = leptos::mount::mount_to(container, move || {
        provide_context(HostElement::new(host));
        provide_context(base);
        provide_context(RootElement(SendWrapper::new(root)));
        provide_context(app::WarmUp);
        view! { <App config=config handoff=handoff /> }
    });
    // The step's body and the first evaluation come in later tasks.
    let handle = SendWrapper::new(handle);
    set_timeout(
        move || {
            drop(handle);
            // A mark for the browser tests (and DevTools): the warm-up render
            // has come and gone, so whatever it did, it has done.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("precheck:warmed-up");
            }
        },
        std::time::Duration::from_millis(200),
    );
}
