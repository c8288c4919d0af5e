//! The first screen without a framework: what the first-load module shows.
//!
//! Why not Leptos here: the first screen is a few dozen elements that change
//! on four events (language, plan, a request for a later step, the clear
//! dialog), and a Leptos runtime in the first-load module cost more than
//! half of its bytes (BENCHMARKS.md, issue #29: first load ≤ 60 KB gzip). So
//! this module draws the screen with plain DOM calls and draws it again on
//! every change; the full widget's Leptos components ([`crate::chrome`],
//! [`crate::plan_step`]) draw the same markup, which a test here keeps equal
//! (`the_plain_screen_matches_the_widgets_components`).
//!
//! One click and one change listener on the container serve every control
//! (found by `closest()`), so redrawing never drops a listener that is
//! running, and focus is put back on the same control after a redraw.

use crate::chrome::{words as frame, Step, STEPS};
use crate::host::HostElement;
use crate::i18n::{tr, Lang};
use crate::plan_step::{brief_or_default, is_plan, words as plan_words, DEFAULT_PLAN};
use crate::saved;
use precheck_core::rules::briefs;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlElement, HtmlSelectElement};

/// Where one element's first screen stands.
pub struct Screen {
    pub lang: Cell<Lang>,
    pub plan: RefCell<String>,
    /// The step the candidate asked for beyond this screen, while the full
    /// widget is on its way.
    pub wanted: Cell<Option<Step>>,
    /// The candidate asked for the overview (「不知道报哪个？」).
    pub levels: Cell<bool>,
    /// The full widget could not be loaded.
    pub failed: Cell<bool>,
    /// The clear dialog is open.
    asking: Cell<bool>,
    /// The host page fixed the plan (`data-plan`): no chooser, no overview.
    pub fixed: bool,
    /// Only the photo tool: nothing but the loading line until the full widget.
    photo_tool: bool,
    root: HtmlElement,
    host: HostElement,
    /// Asks precheck.js for the full widget.
    ask_full: Rc<dyn Fn()>,
}

/// A mounted first screen; dropping it removes its listeners.
pub struct Mounted {
    pub screen: Rc<Screen>,
    _listeners: [Closure<dyn FnMut(Event)>; 2],
}

/// Draws the first screen into `root` (an empty `.pc-root`) and starts
/// listening. `plan` is the plan to show, `fixed` whether the host chose it.
pub fn mount(
    root: HtmlElement,
    host: HostElement,
    lang: Lang,
    plan: String,
    fixed: bool,
    photo_tool: bool,
    ask_full: Rc<dyn Fn()>,
) -> Result<Mounted, JsValue> {
    let screen = Rc::new(Screen {
        lang: Cell::new(lang),
        plan: RefCell::new(plan),
        wanted: Cell::new(photo_tool.then_some(Step::Plan)),
        levels: Cell::new(false),
        failed: Cell::new(false),
        asking: Cell::new(false),
        fixed,
        photo_tool,
        root,
        host,
        ask_full,
    });
    screen.draw()?;
    let on_click = {
        let screen = screen.clone();
        Closure::<dyn FnMut(Event)>::new(move |ev: Event| screen.clicked(&ev))
    };
    let on_change = {
        let screen = screen.clone();
        Closure::<dyn FnMut(Event)>::new(move |ev: Event| screen.changed(&ev))
    };
    screen
        .root
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    screen
        .root
        .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
    Ok(Mounted {
        screen,
        _listeners: [on_click, on_change],
    })
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let root = &self.screen.root;
        for (name, listener) in ["click", "change"].iter().zip(&self._listeners) {
            let _ =
                root.remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    }
}

impl Screen {
    /// The full widget could not be loaded: say so, with a retry button.
    pub fn load_failed(&self) {
        self.failed.set(true);
        self.redraw();
    }

    fn ask_for(&self, step: Step) {
        if step == Step::Plan {
            return;
        }
        self.failed.set(false);
        self.wanted.set(Some(step));
        self.redraw();
        (self.ask_full)();
    }

    fn clicked(&self, ev: &Event) {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let hit = |selector: &str| target.closest(selector).ok().flatten();
        if hit(".pc-topbar button").is_some() {
            self.lang.set(self.lang.get().other());
            let _ = self.root.set_attribute("lang", self.lang.get().html_lang());
        } else if let Some(step) = hit(".pc-step[data-step]") {
            if let Some(step) = step
                .get_attribute("data-step")
                .and_then(|s| Step::from_slug(&s))
            {
                self.ask_for(step);
            }
            return;
        } else if hit("[data-testid=levels-entry]").is_some() {
            self.levels.set(true);
            self.ask_for(Step::About);
            return;
        } else if hit("[data-testid=next]").is_some() {
            self.ask_for(Step::About);
            return;
        } else if hit("[data-testid=load-failed] button").is_some() {
            self.failed.set(false);
            self.redraw();
            (self.ask_full)();
            return;
        } else if hit("[data-testid=clear]").is_some() {
            self.asking.set(true);
        } else if hit("[data-testid=clear-no]").is_some() {
            self.asking.set(false);
        } else if hit("[data-testid=clear-yes]").is_some() {
            self.asking.set(false);
            saved::clear();
            if !self.fixed {
                *self.plan.borrow_mut() = DEFAULT_PLAN.to_owned();
            }
            self.host.emit_unanswered_readiness(&self.plan.borrow());
        } else {
            return;
        }
        self.redraw();
    }

    fn changed(&self, ev: &Event) {
        let Some(select) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            .filter(|s| s.id() == "pc-plan")
        else {
            return;
        };
        let id = select.value();
        if is_plan(&id) {
            saved::save_plan(&id);
            *self.plan.borrow_mut() = id.clone();
            self.host.emit_unanswered_readiness(&id);
            self.redraw();
        }
    }

    /// Draws again, keeping focus on the control that had it.
    fn redraw(&self) {
        let focused = self
            .root
            .get_root_node()
            .dyn_into::<web_sys::ShadowRoot>()
            .ok()
            .and_then(|s| s.active_element())
            .or_else(|| self.root.owner_document()?.active_element())
            .filter(|e| self.root.contains(Some(e)))
            .and_then(|e| focus_key(&e));
        if let Err(err) = self.draw() {
            web_sys::console::warn_2(&"precheck: could not draw the first screen".into(), &err);
            return;
        }
        if let Some(key) = focused {
            if let Some(el) = self
                .root
                .query_selector(&key)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
    }

    fn draw(&self) -> Result<(), JsValue> {
        let d = Draw {
            doc: self.root.owner_document().ok_or("no document")?,
            lang: self.lang.get(),
        };
        self.root.set_text_content(None);
        if !self.photo_tool {
            d.top_bar(&self.root)?;
            d.step_bar(&self.root)?;
            d.child(
                &self.root,
                "h2",
                &[("class", "pc-step-heading"), ("tabindex", "-1")],
            )?
            .set_text_content(Some(Step::Plan.label(d.lang)));
            if !self.fixed {
                let p = d.child(&self.root, "p", &[("class", "pc-levels-entry")])?;
                d.button(
                    &p,
                    "pc-button secondary",
                    Some("levels-entry"),
                    frame::levels_entry(d.lang),
                )?;
            }
            d.plan_step(&self.root, &self.plan.borrow(), self.fixed)?;
        }
        self.waiting(&d)?;
        if !self.photo_tool {
            let nav = d.child(&self.root, "div", &[("class", "pc-nav-buttons")])?;
            d.button(&nav, "pc-button", Some("next"), frame::next(d.lang))?;
            d.footer(&self.root, self.asking.get())?;
        }
        Ok(())
    }

    /// While the full widget is on its way: a status line; if it failed, an
    /// alert with a button to try again.
    fn waiting(&self, d: &Draw) -> Result<(), JsValue> {
        let lang = d.lang;
        if self.failed.get() {
            let alert = d.child(
                &self.root,
                "div",
                &[
                    ("class", "pc-notice"),
                    ("role", "alert"),
                    ("data-testid", "load-failed"),
                ],
            )?;
            alert.append_with_str_1(tr(
                lang,
                "下一步需要的文件没能下载，请检查网络后重试。已填写的内容不会丢失。",
                "The files for the next step could not be downloaded. Check the network and try again; your answers are kept.",
            ))?;
            d.button(
                &alert,
                "pc-button secondary",
                None,
                tr(lang, "重试", "Try again"),
            )?;
        } else if self.wanted.get().is_some() {
            d.child(
                &self.root,
                "p",
                &[
                    ("class", "pc-notice"),
                    ("role", "status"),
                    ("data-testid", "loading-more"),
                ],
            )?
            .set_text_content(Some(tr(
                lang,
                "正在加载，请稍候…",
                "Loading, one moment…",
            )));
        }
        Ok(())
    }
}

/// A selector that finds the same control after a redraw.
fn focus_key(el: &Element) -> Option<String> {
    if !el.id().is_empty() {
        return Some(format!("#{}", el.id()));
    }
    if let Some(id) = el.get_attribute("data-testid") {
        return Some(format!("[data-testid=\"{id}\"]"));
    }
    if let Some(step) = el.get_attribute("data-step") {
        return Some(format!(".pc-step[data-step=\"{step}\"]"));
    }
    [".pc-topbar button", "[data-testid=load-failed] button"]
        .into_iter()
        .find(|s| el.matches(s).unwrap_or(false))
        .map(str::to_owned)
}

/// Element-making helpers for one drawing, in one language. The markup is
/// the full widget's (`chrome.rs`, `plan_step.rs`), element for element.
pub struct Draw {
    pub doc: Document,
    pub lang: Lang,
}

impl Draw {
    fn child(
        &self,
        parent: &Element,
        tag: &str,
        attrs: &[(&str, &str)],
    ) -> Result<Element, JsValue> {
        let el = self.doc.create_element(tag)?;
        for (name, value) in attrs {
            el.set_attribute(name, value)?;
        }
        parent.append_child(&el)?;
        Ok(el)
    }

    fn text(
        &self,
        parent: &Element,
        tag: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> Result<Element, JsValue> {
        let el = self.child(parent, tag, attrs)?;
        el.set_text_content(Some(text));
        Ok(el)
    }

    fn button(
        &self,
        parent: &Element,
        class: &str,
        testid: Option<&str>,
        label: &str,
    ) -> Result<Element, JsValue> {
        let b = self.text(
            parent,
            "button",
            &[("class", class), ("type", "button")],
            label,
        )?;
        if let Some(id) = testid {
            b.set_attribute("data-testid", id)?;
        }
        Ok(b)
    }

    /// `chrome::TopBar`.
    pub fn top_bar(&self, parent: &Element) -> Result<(), JsValue> {
        let lang = self.lang;
        let header = self.child(parent, "header", &[("class", "pc-topbar")])?;
        self.text(
            &header,
            "span",
            &[("class", "pc-brand")],
            frame::brand(lang),
        )?;
        self.button(
            &header,
            "pc-button secondary",
            None,
            frame::other_language(lang),
        )?
        .set_attribute("lang", lang.other().html_lang())
    }

    /// `chrome::StepBar` on the plan step, without task states.
    pub fn step_bar(&self, parent: &Element) -> Result<(), JsValue> {
        let nav = self.child(
            parent,
            "nav",
            &[
                ("class", "pc-steps"),
                ("aria-label", frame::steps(self.lang)),
            ],
        )?;
        let list = self.child(&nav, "ol", &[])?;
        for s in STEPS {
            let li = self.child(&list, "li", &[])?;
            let b = self.child(
                &li,
                "button",
                &[
                    ("class", "pc-step"),
                    ("type", "button"),
                    ("data-step", s.slug()),
                ],
            )?;
            if s == Step::Plan {
                b.set_attribute("aria-current", "step")?;
            }
            self.text(
                &b,
                "span",
                &[("class", "pc-step-n")],
                &(s.index() + 1).to_string(),
            )?;
            self.text(
                &b,
                "span",
                &[("class", "pc-step-label")],
                s.short_label(self.lang),
            )?;
        }
        Ok(())
    }

    /// `plan_step::PlanStep`.
    pub fn plan_step(&self, parent: &Element, plan_id: &str, fixed: bool) -> Result<(), JsValue> {
        let lang = self.lang;
        let plan = brief_or_default(plan_id);
        if !fixed {
            let field = self.child(parent, "div", &[("class", "pc-field")])?;
            self.text(
                &field,
                "label",
                &[("for", "pc-plan")],
                plan_words::choose(lang),
            )?;
            let select = self.child(&field, "select", &[("id", "pc-plan")])?;
            for p in briefs() {
                let option = self.text(&select, "option", &[("value", &p.id)], &p.title_zh)?;
                if p.id == plan.id {
                    option.set_attribute("selected", "")?;
                }
            }
        }
        self.text(
            parent,
            "h3",
            &[("data-testid", "plan-title")],
            tr(lang, &plan.title_zh, &plan.title_en),
        )?;
        let source = self.child(
            parent,
            "p",
            &[("class", "pc-source"), ("data-testid", "plan-source")],
        )?;
        source.append_with_str_2(plan_words::source(lang), &plan.source.title)?;
        if plan.source.title_missing {
            source.append_with_str_1(plan_words::title_missing(lang))?;
        }
        source.append_with_str_2(" · ", &plan.source.organiser)?;
        self.text(
            parent,
            "p",
            &[("class", "pc-hint")],
            tr(lang, &plan.standard_zh, &plan.standard_en),
        )?;
        self.text(parent, "h3", &[], plan_words::conditions(lang))?;
        let list = self.child(parent, "ol", &[("class", "pc-condition-list")])?;
        for c in plan.conditions.iter() {
            self.text(&list, "li", &[], tr(lang, &c.text, &c.text_en))?;
        }
        Ok(())
    }

    /// `chrome::Footer`, with its clear dialog open or not.
    pub fn footer(&self, parent: &Element, asking: bool) -> Result<(), JsValue> {
        let lang = self.lang;
        let footer = self.child(parent, "footer", &[("class", "pc-footer")])?;
        self.text(&footer, "p", &[("class", "pc-hint")], frame::privacy(lang))?;
        if !asking {
            self.button(
                &footer,
                "pc-button secondary",
                Some("clear"),
                frame::clear(lang),
            )?;
            return Ok(());
        }
        let dialog = self.child(
            &footer,
            "div",
            &[
                ("class", "pc-notice"),
                ("role", "alertdialog"),
                ("data-testid", "clear-confirm"),
            ],
        )?;
        self.text(&dialog, "span", &[], frame::clear_question(lang))?;
        self.button(
            &dialog,
            "pc-button",
            Some("clear-yes"),
            frame::clear_yes(lang),
        )?;
        self.button(
            &dialog,
            "pc-button secondary",
            Some("clear-no"),
            frame::cancel(lang),
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chrome::{Footer, StepBar, TopBar};
    use crate::plan_step::PlanStep;
    use leptos::prelude::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn document() -> Document {
        web_sys::window().unwrap().document().unwrap()
    }

    fn div() -> HtmlElement {
        let el: HtmlElement = document()
            .create_element("div")
            .unwrap()
            .dyn_into()
            .unwrap();
        document().body().unwrap().append_child(&el).unwrap();
        el
    }

    /// Leptos marks its dynamic places with empty comments; they draw nothing.
    fn markup(el: &HtmlElement) -> String {
        el.inner_html().replace("<!---->", "")
    }

    #[wasm_bindgen_test]
    fn the_plain_screen_matches_the_widgets_components() {
        for lang in [Lang::Zh, Lang::En] {
            for fixed in [false, true] {
                // One plan whose guide lost its title, one that has it.
                for plan in ["ecommerce-entry", "ecommerce-1-beijing"] {
                    let components = div();
                    let _handle = leptos::mount::mount_to(components.clone(), move || {
                        provide_context(RwSignal::new(lang));
                        view! {
                            <TopBar brand_zh="报名预检" brand_en="Registration pre-check" />
                            <StepBar current=Signal::derive(|| Step::Plan) go=|_| {} />
                            <PlanStep plan_id=Signal::derive(move || plan.to_owned()) fixed=fixed choose=|_| {} />
                            <Footer clear=|_| {} />
                        }
                    });
                    let plain = div();
                    let d = Draw {
                        doc: document(),
                        lang,
                    };
                    d.top_bar(&plain).unwrap();
                    d.step_bar(&plain).unwrap();
                    d.plan_step(&plain, plan, fixed).unwrap();
                    d.footer(&plain, false).unwrap();
                    assert_eq!(
                        markup(&plain),
                        markup(&components),
                        "{lang:?}, fixed {fixed}, {plan}"
                    );
                }
            }
        }
    }

    fn click(root: &HtmlElement, selector: &str) {
        root.query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    fn text(root: &HtmlElement, selector: &str) -> Option<String> {
        root.query_selector(selector)
            .unwrap()
            .and_then(|e| e.text_content())
    }

    #[wasm_bindgen_test]
    fn taps_redraw_the_screen_and_ask_for_the_full_widget() {
        let host = div();
        let root = div();
        host.append_child(&root).unwrap();
        let asked = Rc::new(Cell::new(0));
        let counter = asked.clone();
        let mounted = mount(
            root.clone(),
            HostElement::new(host.clone()),
            Lang::Zh,
            "ecommerce-1-beijing".into(),
            false,
            false,
            Rc::new(move || counter.set(counter.get() + 1)),
        )
        .unwrap();
        let title = text(&root, "[data-testid=plan-title]").unwrap();
        assert!(title.contains("一级"), "{title}");

        // The language switch redraws in English and keeps its focus.
        root.query_selector(".pc-topbar button")
            .unwrap()
            .unwrap()
            .dyn_into::<HtmlElement>()
            .unwrap()
            .focus()
            .unwrap();
        click(&root, ".pc-topbar button");
        assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
        assert_eq!(text(&root, "[data-testid=next]").as_deref(), Some("Next"));
        let focused = document().active_element().unwrap();
        assert!(focused.matches(".pc-topbar button").unwrap(), "focus kept");

        // Clear asks twice; cancel closes the question.
        click(&root, "[data-testid=clear]");
        assert!(text(&root, "[data-testid=clear-confirm]").is_some());
        click(&root, "[data-testid=clear-no]");
        assert!(text(&root, "[data-testid=clear-confirm]").is_none());

        // Next says it is loading and asks for the full widget once.
        assert_eq!(asked.get(), 0);
        click(&root, "[data-testid=next]");
        assert_eq!(asked.get(), 1);
        assert_eq!(mounted.screen.wanted.get(), Some(Step::About));
        assert!(text(&root, "[data-testid=loading-more]").is_some());

        // A failed download offers a retry, which asks again.
        mounted.screen.load_failed();
        assert!(text(&root, "[data-testid=loading-more]").is_none());
        click(&root, "[data-testid=load-failed] button");
        assert_eq!(asked.get(), 2);
        assert!(text(&root, "[data-testid=load-failed]").is_none());

        // Once dropped, its listeners are gone.
        drop(mounted);
        click(&root, "[data-testid=next]");
        assert_eq!(asked.get(), 2);
    }
}
