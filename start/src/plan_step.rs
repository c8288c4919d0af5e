//! The plan step: the chooser (unless the host fixed the plan), the plan's
//! title and source, and its conditions in the guide's words. It reads the
//! plans' briefs only, so the first-load module can show it.

use crate::i18n::{tr, Lang};
use leptos::prelude::*;
use precheck_core::rules::{briefs, PlanBrief};

/// The plan shown when neither the host page nor the candidate chose one.
pub const DEFAULT_PLAN: &str = "ecommerce-4-beijing";

/// The plan with this id, else the default plan.
pub fn brief_or_default(id: &str) -> &'static PlanBrief {
    let all = briefs();
    all.iter()
        .find(|b| b.id == id)
        .or_else(|| all.iter().find(|b| b.id == DEFAULT_PLAN))
        .unwrap_or(&all[0])
}

/// Whether a plan with this id exists.
pub fn is_plan(id: &str) -> bool {
    briefs().iter().any(|b| b.id == id)
}

/// The plan step's words, shared with the first-load module's plain
/// drawing (`plain.rs`).
pub mod words {
    use crate::i18n::{tr, Lang};

    pub fn choose(lang: Lang) -> &'static str {
        tr(
            lang,
            "选择认定计划（职业、等级、地区）",
            "Choose the plan (occupation, level, region)",
        )
    }

    pub fn source(lang: Lang) -> &'static str {
        tr(lang, "依据：", "Source: ")
    }

    pub fn title_missing(lang: Lang) -> &'static str {
        tr(
            lang,
            "（指南文字缺少标题）",
            " (the guide's text has lost its title)",
        )
    }

    pub fn conditions(lang: Lang) -> &'static str {
        tr(
            lang,
            "满足以下条件之一即可报名",
            "You can register if you meet one of these",
        )
    }
}

#[component]
pub fn PlanStep(
    #[prop(into)] plan_id: Signal<String>,
    fixed: bool,
    #[prop(into)] choose: Callback<String>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let plan = Memo::new(move |_| plan_id.with(|id| brief_or_default(id)));
    let chooser = (!fixed).then(|| {
        view! {
            <div class="pc-field">
                <label for="pc-plan">{move || words::choose(lang.get())}</label>
                <select id="pc-plan" on:change=move |ev| choose.run(event_target_value(&ev))>
                    {briefs().iter().map(|p| {
                        let id = p.id.clone();
                        let selected = move || plan.get().id == id;
                        view! { <option value=p.id.to_string() selected=selected>{p.title_zh.to_string()}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        {chooser}
        <h3 data-testid="plan-title">{move || { let p = plan.get(); tr(lang.get(), &p.title_zh, &p.title_en).to_owned() }}</h3>
        <p class="pc-source" data-testid="plan-source">
            {move || words::source(lang.get())}
            {move || plan.get().source.title.to_string()}
            {move || plan.get().source.title_missing.then(|| words::title_missing(lang.get()))}
            " · "
            {move || plan.get().source.organiser.to_string()}
        </p>
        <p class="pc-hint">{move || { let p = plan.get(); tr(lang.get(), &p.standard_zh, &p.standard_en).to_owned() }}</p>
        <h3>{move || words::conditions(lang.get())}</h3>
        <ol class="pc-condition-list">
            {move || plan.get().conditions.iter().map(|c| {
                let (zh, en) = (c.text.clone(), c.text_en.clone());
                view! { <li>{move || tr(lang.get(), &zh, &en).to_owned()}</li> }
            }).collect_view()}
        </ol>
    }
}
