//! The widget's root: plan, questions, live verdicts, photo slot.

use crate::answers::Answers;
use crate::host::{today, Config, HostElement};
use crate::i18n::{tr, Lang};
use crate::photo_slot::PhotoSlot;
use crate::verdicts::{ErrorSummary, Verdicts};
use leptos::prelude::*;
use precheck_core::engine::{self, Evaluation, Status};
use precheck_core::rules::{self, Plan};
use serde_json::json;

/// The plan shown when the host page fixes none.
const DEFAULT_PLAN: &str = "ecommerce-4-beijing";

fn plan_by_id(id: &str) -> &'static Plan {
    let catalog = rules::catalog();
    catalog
        .plan(id)
        .or_else(|| catalog.plan(DEFAULT_PLAN))
        .unwrap_or(&catalog.plans()[0])
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    let lang = RwSignal::new(config.lang);
    provide_context(lang);
    let host = expect_context::<HostElement>();
    let fixed_plan = config
        .plan
        .clone()
        .filter(|id| rules::catalog().plan(id).is_some());
    let plan_id = RwSignal::new(
        fixed_plan
            .clone()
            .unwrap_or_else(|| DEFAULT_PLAN.to_owned()),
    );
    let answers = RwSignal::new(Answers::default());
    let as_of = today();

    let plan = Memo::new(move |_| plan_by_id(&plan_id.get()));
    let translated =
        Memo::new(move |_| answers.with(|a| a.to_profile(&plan.get().occupation, as_of)));
    let field_errors = Signal::derive(move || translated.with(|(_, errors)| errors.clone()));
    let evaluation = Memo::new(move |_| {
        let p = plan.get();
        translated.with(|(profile, _)| engine::evaluate(p, profile, as_of, None))
    });

    // Tell the host page whenever readiness changes.
    Effect::new(move |_| {
        let ev = evaluation.get();
        host.emit("precheck:readiness", &readiness_detail(&ev));
    });

    let plan_label = Signal::derive(move || plan_id.get());
    view! {
        <header class="pc-topbar">
            <span class="pc-brand">{move || tr(lang.get(), "报名预检", "Registration pre-check")}</span>
            <button
                type="button"
                class="pc-button secondary"
                lang=move || lang.get().other().html_lang()
                on:click=move |_| lang.update(|l| *l = l.other())
            >
                {move || tr(lang.get(), "English", "中文")}
            </button>
        </header>
        <PlanHeader plan=plan plan_id=plan_id fixed=fixed_plan.is_some() />
        <section aria-labelledby="pc-about">
            <h2 id="pc-about">{move || tr(lang.get(), "关于你", "About you")}</h2>
            <ErrorSummary errors=field_errors />
            <QuickQuestions answers=answers errors=field_errors />
        </section>
        <section aria-labelledby="pc-conditions">
            <h2 id="pc-conditions">{move || tr(lang.get(), "报考条件", "Conditions")}</h2>
            <Verdicts evaluation=evaluation plan=plan />
        </section>
        <section aria-labelledby="pc-photo">
            <h2 id="pc-photo">{move || tr(lang.get(), "一寸照片", "ID photo")}</h2>
            <p class="pc-hint">{move || tr(lang.get(), "指南要求：白底个人一寸照片（JPG 格式，40k-80k）。", "The guide asks for a white-background 1-inch photo (JPG, 40k–80k).")}</p>
            <PhotoSlot
                material="photo"
                plan=plan_label
                label=Signal::derive(move || tr(lang.get(), "选择或拍摄照片", "Choose or take a photo").to_owned())
            />
        </section>
    }
}

/// The detail of the `precheck:readiness` event (documented in README.md).
fn readiness_detail(ev: &Evaluation) -> serde_json::Value {
    let met: Vec<&str> = ev
        .conditions
        .iter()
        .filter(|c| c.status == Status::Met)
        .map(|c| c.id.as_str())
        .collect();
    json!({
        "plan": ev.plan_id,
        "eligible": ev.eligible,
        "condition": ev.chosen_condition,
        "met": met,
    })
}

#[component]
fn PlanHeader(plan: Memo<&'static Plan>, plan_id: RwSignal<String>, fixed: bool) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let chooser = (!fixed).then(|| {
        view! {
            <div class="pc-field">
                <label for="pc-plan">{move || tr(lang.get(), "认定计划（职业、等级、地区）", "Plan (occupation, level, region)")}</label>
                <select id="pc-plan" on:change=move |ev| plan_id.set(event_target_value(&ev))>
                    {rules::catalog().plans().iter().map(|p| {
                        let id = p.id.clone();
                        let selected = move || plan_id.get() == id;
                        view! { <option value=p.id.clone() selected=selected>{p.title_zh.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        <h1>{move || { let p = plan.get(); match lang.get() { Lang::Zh => p.title_zh.clone(), Lang::En => p.title_en.clone() } }}</h1>
        <p class="pc-source">
            {move || tr(lang.get(), "依据：", "Source: ")}
            {move || plan.get().source.title.clone()}
            {move || plan.get().source.title_missing.then(|| tr(lang.get(), "（指南文字缺少标题）", " (the guide's text has lost its title)"))}
        </p>
        {chooser}
    }
}

#[component]
fn QuickQuestions(
    answers: RwSignal<Answers>,
    errors: Signal<Vec<crate::answers::FieldError>>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let error_for = move |field: &'static str| {
        move || {
            errors.with(|errs| {
                errs.iter()
                    .find(|e| e.field == field)
                    .map(|e| match lang.get() {
                        Lang::Zh => e.zh.clone(),
                        Lang::En => e.en.clone(),
                    })
            })
        }
    };
    let years_error = error_for("years_worked");
    let date_error = error_for("level5_issued");
    view! {
        <div class="pc-field" class:invalid=move || years_error().is_some()>
            <label for="years_worked">{move || tr(lang.get(), "从事本职业或相关职业共几年？", "Years worked in this or a related occupation")}</label>
            <span class="pc-hint" id="years_worked-hint">{move || tr(lang.get(), "到今天为止，可填小数，例如 4.5。", "Up to today; decimals allowed, e.g. 4.5.")}</span>
            <input
                id="years_worked"
                type="text"
                inputmode="decimal"
                autocomplete="off"
                aria-describedby="years_worked-hint years_worked-error"
                aria-invalid=move || years_error().is_some().to_string()
                prop:value=move || answers.with(|a| a.years_worked.clone())
                on:input=move |ev| answers.update(|a| a.years_worked = event_target_value(&ev))
            />
            <span class="pc-error" id="years_worked-error">{years_error}</span>
        </div>
        <fieldset>
            <legend class="pc-legend">{move || tr(lang.get(), "是否持有本职业或相关职业的五级/初级工证书？", "Do you hold a level 5 (初级工) certificate in this or a related occupation?")}</legend>
            <div class="pc-choices">
                <label class="pc-choice">
                    <input type="radio" name="holds_level5" value="yes"
                        prop:checked=move || answers.with(|a| a.holds_level5 == Some(true))
                        on:change=move |_| answers.update(|a| a.holds_level5 = Some(true)) />
                    {move || tr(lang.get(), "有", "Yes")}
                </label>
                <label class="pc-choice">
                    <input type="radio" name="holds_level5" value="no"
                        prop:checked=move || answers.with(|a| a.holds_level5 == Some(false))
                        on:change=move |_| answers.update(|a| a.holds_level5 = Some(false)) />
                    {move || tr(lang.get(), "没有", "No")}
                </label>
            </div>
        </fieldset>
        <Show when=move || answers.with(|a| a.holds_level5 == Some(true))>
            <div class="pc-field" class:invalid=move || date_error().is_some()>
                <label for="level5_issued">{move || tr(lang.get(), "五级证书的取证日期", "Issue date of the level 5 certificate")}</label>
                <input
                    id="level5_issued"
                    type="date"
                    aria-describedby="level5_issued-error"
                    aria-invalid=move || date_error().is_some().to_string()
                    prop:value=move || answers.with(|a| a.level5_issued.clone())
                    on:input=move |ev| answers.update(|a| a.level5_issued = event_target_value(&ev))
                    on:change=move |ev| answers.update(|a| a.level5_issued = event_target_value(&ev))
                />
                <span class="pc-error" id="level5_issued-error">{date_error}</span>
            </div>
        </Show>
    }
}
