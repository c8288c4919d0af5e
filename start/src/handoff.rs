//! What the first-load module hands the full widget when it takes over an
//! element: the language and plan on screen and the step the candidate
//! asked for. It crosses between the two wasm modules as a plain JS object
//! (`{element, lang, step, plan, levels}`) through precheck.js, which passes
//! it on untouched.

use crate::chrome::Step;
use crate::i18n::Lang;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

#[derive(Debug, Clone, PartialEq)]
pub struct Handoff {
    pub lang: Lang,
    pub step: Step,
    /// The candidate's plan choice (`None` when the host fixed the plan).
    pub plan: Option<String>,
    /// The candidate chose 「不知道报哪个？先填我的情况」: the full widget opens
    /// the about-you questions of every plan, then the overview.
    pub levels: bool,
}

impl Handoff {
    pub fn to_js(&self, element: &HtmlElement) -> JsValue {
        let out = js_sys::Object::new();
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&out, &key.into(), &value);
        };
        set("element", element.into());
        set("lang", self.lang.code().into());
        set("step", self.step.slug().into());
        set(
            "plan",
            self.plan.as_deref().map_or(JsValue::NULL, JsValue::from),
        );
        set("levels", self.levels.into());
        out.into()
    }

    /// Reads one entry; `None` if it is not one (no element). Unknown steps
    /// fall back to the plan step, so a mismatch never blocks the widget.
    pub fn from_js(value: &JsValue) -> Option<(HtmlElement, Handoff)> {
        let get = |key: &str| js_sys::Reflect::get(value, &key.into()).ok();
        let element = get("element")?.dyn_into::<HtmlElement>().ok()?;
        let text = |key: &str| get(key).and_then(|v| v.as_string());
        let handoff = Handoff {
            lang: Lang::from_attr(text("lang").as_deref()),
            step: text("step")
                .and_then(|s| Step::from_slug(&s))
                .unwrap_or(Step::Plan),
            plan: text("plan"),
            levels: get("levels").and_then(|v| v.as_bool()).unwrap_or(false),
        };
        Some((element, handoff))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_handoff_survives_the_trip_through_js() {
        let document = web_sys::window().unwrap().document().unwrap();
        let el: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
        let sent = Handoff {
            lang: Lang::En,
            step: Step::Materials,
            plan: Some("level1-beijing".into()),
            levels: true,
        };
        let (back_el, back) = Handoff::from_js(&sent.to_js(&el)).expect("reads back");
        assert_eq!(back, sent);
        assert!(back_el == el);
        // A fixed plan travels as null; a foreign object is refused.
        let fixed = Handoff { plan: None, ..sent };
        assert_eq!(Handoff::from_js(&fixed.to_js(&el)).unwrap().1.plan, None);
        assert!(Handoff::from_js(&js_sys::Object::new().into()).is_none());
    }

    #[wasm_bindgen_test]
    fn every_step_has_a_slug_that_reads_back() {
        for s in crate::chrome::STEPS {
            assert_eq!(Step::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Step::from_slug("nope"), None);
    }
}
