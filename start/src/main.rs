//! 报名预检's first-load module. precheck.js loads it first: it mounts the
//! first screen (header, step bar, plan step, footer) into every
//! `[data-precheck]` element. The full widget (`precheck-app`) is fetched
//! while the candidate reads (precheck.js); when they leave the plan step (or at once,
//! when answers were saved before, or for the photo tool), precheck.js calls
//! [`take_over`] and hands what it returns to the full widget's `mount_all`.

use precheck_start::host::{prepare_root, Config, HostElement};
use precheck_start::plain::{self, Mounted};
use precheck_start::plan_step::{brief_or_default, is_plan, DEFAULT_PLAN};
use precheck_start::{chrome::Step, handoff::Handoff, saved};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

fn main() {
    console_error_panic_hook_lite();
}

/// A panic aborts the module (panic = "abort"); say where in the console.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("precheck: {info}").into());
    }));
}

/// One `[data-precheck]` element's first screen.
struct Element {
    element: HtmlElement,
    /// Dropping it stops the first screen's listeners.
    mounted: Mounted,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Element>> = const { RefCell::new(Vec::new()) };
    static HAND_OVER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

fn ask_for_full_widget() {
    HAND_OVER.with(|f| {
        if let Some(f) = f.borrow().as_ref() {
            let _ = f.call0(&JsValue::NULL);
        }
    });
}

/// Mounts the first screen into every `[data-precheck]` element. `base` is
/// the folder the widget's files are served from; `hand_over` is called when
/// the full widget is needed. Returns true when it is needed at once.
#[wasm_bindgen]
pub fn mount_all(base: String, hand_over: js_sys::Function) -> bool {
    HAND_OVER.with(|f| *f.borrow_mut() = Some(hand_over));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return true;
    };
    let Ok(found) = document.query_selector_all("[data-precheck]") else {
        return true;
    };
    let returning = saved::exists();
    let mut need_full = returning;
    for i in 0..found.length() {
        let Some(el) = found.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        if el.get_attribute("data-precheck-started").is_some() {
            continue;
        }
        let config = Config::from_element(&el);
        need_full |= config.photo_tool;
        if let Err(err) = mount_one(&el, &base, config, !returning) {
            web_sys::console::warn_2(&"precheck: could not mount".into(), &err);
            need_full = true;
        }
    }
    need_full
}

fn mount_one(el: &HtmlElement, base: &str, config: Config, announce: bool) -> Result<(), JsValue> {
    let root = prepare_root(el, base, config.lang)?;
    let host = HostElement::new(el.clone());
    let fixed_plan = config.plan.clone().filter(|id| is_plan(id));
    let initial = fixed_plan
        .or_else(saved::plan)
        .unwrap_or_else(|| DEFAULT_PLAN.to_owned());
    let plan = brief_or_default(&initial).id.to_string();
    if announce && !config.photo_tool {
        host.emit_unanswered_readiness(&plan);
    }
    let mounted = plain::mount(
        root,
        host,
        config.lang,
        plan,
        config.plan.is_some(),
        config.photo_tool,
        Rc::new(ask_for_full_widget),
    )?;
    MOUNTED.with(|m| {
        m.borrow_mut().push(Element {
            element: el.clone(),
            mounted,
        })
    });
    el.set_attribute("data-precheck-started", "yes")?;
    Ok(())
}

/// Unmounts every first screen and returns, per element, what the full
/// widget needs to carry on: `[{element, lang, step, plan, levels}]`.
#[wasm_bindgen]
pub fn take_over() -> js_sys::Array {
    let handed = js_sys::Array::new();
    for m in MOUNTED.with(|m| std::mem::take(&mut *m.borrow_mut())) {
        let s = &m.mounted.screen;
        let handoff = Handoff {
            lang: s.lang.get(),
            step: s.wanted.get().unwrap_or(Step::Plan),
            plan: (!s.fixed).then(|| s.plan.borrow().clone()),
            levels: s.levels.get(),
        };
        handed.push(&handoff.to_js(&m.element));
    }
    handed
}

/// The full widget could not be loaded: each screen waiting for it says so
/// and offers to try again (the candidate's answers stay).
#[wasm_bindgen]
pub fn hand_over_failed() {
    MOUNTED.with(|m| {
        for m in m.borrow().iter() {
            m.mounted.screen.load_failed();
        }
    });
}
