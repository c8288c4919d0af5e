//! 报名预检's first-load module. precheck.js loads it first: it mounts the
//! first screen (header, step bar, plan step, footer) into every
//! `[data-precheck]` element. The full widget (`precheck-app`) is fetched on
//! the candidate's first touch; when they leave the plan step (or at once,
//! when answers were saved before, or for the photo tool), precheck.js calls
//! [`take_over`] and hands what it returns to the full widget's `mount_all`.

use leptos::prelude::*;
use precheck_start::chrome::{Footer, Step, StepBar, TopBar};
use precheck_start::handoff::Handoff;
use precheck_start::host::{follow_lang, prepare_root, Config, HostElement};
use precheck_start::i18n::{tr, Lang};
use precheck_start::plan_step::{brief_or_default, is_plan, PlanStep, DEFAULT_PLAN};
use precheck_start::saved;
use std::cell::RefCell;
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

/// Where the first screen of one element stands.
#[derive(Clone, Copy)]
struct Screen {
    lang: RwSignal<Lang>,
    plan: RwSignal<String>,
    /// The step the candidate asked for beyond this screen, while the full
    /// widget is on its way.
    wanted: RwSignal<Option<Step>>,
    /// The candidate asked for the overview (「不知道报哪个？」).
    levels: RwSignal<bool>,
    failed: RwSignal<bool>,
}

struct Mounted {
    element: HtmlElement,
    fixed_plan: bool,
    screen: Screen,
    /// Dropping it unmounts the first screen and disposes its signals.
    _handle: Box<dyn std::any::Any>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
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
    let container = prepare_root(el, base, config.lang)?;
    let root = container.clone();
    let host = HostElement::new(el.clone());
    let fixed_plan = config.plan.clone().filter(|id| is_plan(id));
    let screen_slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let slot = screen_slot.clone();
    let photo_tool = config.photo_tool;
    let plan_is_fixed = config.plan.is_some();
    let handle = leptos::mount::mount_to(container, move || {
        let initial = fixed_plan
            .clone()
            .or_else(saved::plan)
            .unwrap_or_else(|| DEFAULT_PLAN.to_owned());
        let screen = Screen {
            lang: RwSignal::new(config.lang),
            plan: RwSignal::new(brief_or_default(&initial).id.to_string()),
            wanted: RwSignal::new(photo_tool.then_some(Step::Plan)),
            levels: RwSignal::new(false),
            failed: RwSignal::new(false),
        };
        slot.set(Some(screen));
        provide_context(screen.lang);
        follow_lang(root, screen.lang);
        if announce && !photo_tool {
            host.emit_unanswered_readiness(&screen.plan.get_untracked());
        }
        if photo_tool {
            view! { <Waiting screen=screen /> }.into_any()
        } else {
            view! { <FirstScreen screen=screen host=host fixed=plan_is_fixed /> }.into_any()
        }
    });
    let Some(screen) = screen_slot.take() else {
        return Err("the first screen did not start".into());
    };
    MOUNTED.with(|m| {
        m.borrow_mut().push(Mounted {
            element: el.clone(),
            fixed_plan: plan_is_fixed,
            screen,
            _handle: Box::new(handle),
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
        let s = m.screen;
        let handoff = Handoff {
            lang: s.lang.try_get_untracked().unwrap_or_default(),
            step: s.wanted.try_get_untracked().flatten().unwrap_or(Step::Plan),
            plan: (!m.fixed_plan)
                .then(|| s.plan.try_get_untracked())
                .flatten(),
            levels: s.levels.try_get_untracked().unwrap_or(false),
        };
        handed.push(&handoff.to_js(&m.element));
        drop(m._handle);
    }
    handed
}

/// The full widget could not be loaded: each screen waiting for it says so
/// and offers to try again (the candidate's answers stay).
#[wasm_bindgen]
pub fn hand_over_failed() {
    MOUNTED.with(|m| {
        for m in m.borrow().iter() {
            m.screen.failed.set(true);
        }
    });
}

fn ask_for(screen: Screen, step: Step) {
    if step == Step::Plan {
        return;
    }
    screen.failed.set(false);
    screen.wanted.set(Some(step));
    ask_for_full_widget();
}

#[component]
fn FirstScreen(screen: Screen, host: HostElement, fixed: bool) -> impl IntoView {
    let lang = screen.lang;
    let host_for_clear = host.clone();
    let choose = move |id: String| {
        if is_plan(&id) {
            saved::save_plan(&id);
            screen.plan.set(id.clone());
            host.emit_unanswered_readiness(&id);
        }
    };
    let clear = move |()| {
        saved::clear();
        if !fixed {
            screen.plan.set(DEFAULT_PLAN.to_owned());
        }
        host_for_clear.emit_unanswered_readiness(&screen.plan.get_untracked());
    };
    // The plan step and below come in the task after the header, as in the
    // full widget: shorter start-up tasks on a slow phone (BENCHMARKS.md).
    let body_shown = RwSignal::new(false);
    set_timeout(move || body_shown.set(true), std::time::Duration::ZERO);
    view! {
        <TopBar brand_zh="报名预检" brand_en="Registration pre-check" />
        <StepBar current=Signal::derive(|| Step::Plan) go=move |s| ask_for(screen, s) />
        <h2 class="pc-step-heading" tabindex="-1">{move || Step::Plan.label(lang.get())}</h2>
        <Show when=move || body_shown.get()>
        // The other way in: the candidate's situation first, then every plan
        // and level (the overview lives in the full widget).
        {(!fixed).then(|| view! {
            <p class="pc-levels-entry">
                <button type="button" class="pc-button secondary" data-testid="levels-entry"
                    on:click=move |_| { screen.levels.set(true); ask_for(screen, Step::About); }>
                    {move || tr(lang.get(), "不知道报哪个？先填我的情况", "Not sure which to take? Start with your situation")}
                </button>
            </p>
        })}
        <PlanStep plan_id=screen.plan fixed=fixed choose=choose.clone() />
        <Waiting screen=screen />
        <div class="pc-nav-buttons">
            <button type="button" class="pc-button" data-testid="next"
                on:click=move |_| ask_for(screen, Step::About)>
                {move || tr(lang.get(), "下一步", "Next")}
            </button>
        </div>
        <Footer clear=clear.clone() />
        </Show>
    }
}

/// While the full widget is on its way: a status line; if it failed, an
/// alert with a button to try again.
#[component]
fn Waiting(screen: Screen) -> impl IntoView {
    let lang = screen.lang;
    let retry = move |_| {
        screen.failed.set(false);
        ask_for_full_widget();
    };
    view! {
        <Show when=move || screen.failed.get()
            fallback=move || view! {
                <Show when=move || screen.wanted.get().is_some()>
                    <p class="pc-notice" role="status" data-testid="loading-more">
                        {move || tr(lang.get(), "正在加载，请稍候…", "Loading, one moment…")}
                    </p>
                </Show>
            }>
            <div class="pc-notice" role="alert" data-testid="load-failed">
                {move || tr(lang.get(),
                    "下一步需要的文件没能下载，请检查网络后重试。已填写的内容不会丢失。",
                    "The files for the next step could not be downloaded. Check the network and try again; your answers are kept.")}
                <button type="button" class="pc-button secondary" on:click=retry>{move || tr(lang.get(), "重试", "Try again")}</button>
            </div>
        </Show>
    }
}
