//! Live verdicts per condition, and the error summary of the answers.

use crate::answers::FieldError;
use crate::host::RootElement;
use crate::i18n::{pick, tr, Lang};
use leptos::prelude::*;
use precheck_core::engine::{ConditionOutcome, Evaluation, Status};
use precheck_core::rules::Plan;
use wasm_bindgen::JsCast;

#[component]
pub fn Verdicts(evaluation: Memo<Evaluation>, plan: Memo<&'static Plan>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <div aria-live="polite" aria-atomic="false">
            <p class="pc-summary" class:ok=move || evaluation.with(|e| e.eligible) data-testid="overall">
                {move || overall_text(lang.get(), &evaluation.get())}
            </p>
            <ol class="pc-verdicts">
                {move || {
                    let p = plan.get();
                    evaluation.get().conditions.into_iter().map(|outcome| {
                        let condition_text = p.conditions.iter().find(|c| c.id == outcome.id).map(|c| (c.text.to_string(), c.text_en.to_string())).unwrap_or_default();
                        let notes: Vec<_> = p.ambiguities.iter().filter(|a| a.condition.as_deref() == Some(outcome.id.as_str())).map(|a| (a.text_zh.to_string(), a.text_en.to_string())).collect();
                        view! { <VerdictItem outcome=outcome condition_text=condition_text notes=notes /> }
                    }).collect_view()
                }}
            </ol>
        </div>
    }
}

fn overall_text(lang: Lang, ev: &Evaluation) -> String {
    let met = ev.met_ids();
    if met.is_empty() {
        let waiting = ev
            .conditions
            .iter()
            .filter(|c| c.status == Status::NeedsInfo)
            .count();
        match lang {
            Lang::Zh if waiting > 0 => format!("暂未满足任何条件；还有 {waiting} 项需要补充信息。"),
            Lang::Zh => "暂未满足任何条件。".to_owned(),
            Lang::En if waiting > 0 => {
                format!("No condition met yet; {waiting} need more information.")
            }
            Lang::En => "No condition met yet.".to_owned(),
        }
    } else {
        let list = met.join("、");
        match lang {
            Lang::Zh => format!("可以报名：符合条件 {list}。"),
            Lang::En => format!("You can register: condition {} met.", met.join(", ")),
        }
    }
}

#[component]
fn VerdictItem(
    outcome: ConditionOutcome,
    condition_text: (String, String),
    notes: Vec<(String, String)>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let status = outcome.status;
    let class = match status {
        Status::Met => "pc-verdict met",
        Status::NotMet => "pc-verdict not_met",
        Status::NeedsInfo => "pc-verdict needs_info",
    };
    let id = outcome.id.clone();
    let earliest = outcome.earliest;
    view! {
        <li class=class data-condition=outcome.id.clone() data-status=status_key(status)>
            <h3>
                <span class="pc-status">{move || status_label(lang.get(), status)}</span>
                {move || format!("{} {}", tr(lang.get(), "条件", "Condition"), id)}
            </h3>
            <p class="pc-explanation">{move || pick(lang.get(), &outcome.explanation_zh, &outcome.explanation_en).to_owned()}</p>
            {earliest.map(|d| view! {
                <p class="pc-earliest">{move || match lang.get() {
                    Lang::Zh => format!("按目前的工作继续下去，预计 {d} 起符合此条件。"),
                    Lang::En => format!("If your current work continues, you will meet it on {d}."),
                }}</p>
            })}
            <blockquote class="pc-quote">{move || pick(lang.get(), &condition_text.0, &condition_text.1).to_owned()}</blockquote>
            {notes.into_iter().map(|(zh, en)| view! {
                <p class="pc-note" role="note">{move || format!("{}{}", tr(lang.get(), "注意：", "Note: "), pick(lang.get(), &zh, &en))}</p>
            }).collect_view()}
        </li>
    }
}

pub fn status_key(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::NotMet => "not_met",
        Status::NeedsInfo => "needs_info",
    }
}

fn status_label(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::Met => tr(lang, "符合", "Met"),
        Status::NotMet => tr(lang, "不符合", "Not met"),
        Status::NeedsInfo => tr(lang, "需补充信息", "Needs info"),
    }
}

/// GOV.UK-style error summary: every problem once, each a link to its field.
#[component]
pub fn ErrorSummary(errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let root = expect_context::<RootElement>();
    move || {
        let errs = errors.get();
        if errs.is_empty() {
            return None;
        }
        let root = root.clone();
        Some(view! {
            <div class="pc-error-summary" role="alert" tabindex="-1">
                <h3>{move || tr(lang.get(), "请检查以下填写：", "Please check these answers:")}</h3>
                <ul>
                    {errs.into_iter().map(move |e| {
                        let root = root.clone();
                        let field = e.field.clone();
                        view! {
                            <li>
                                <a href=format!("#{}", e.field) on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_field(&root, &field);
                                }>{move || pick(lang.get(), &e.zh, &e.en).to_owned()}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}

/// Ids inside a shadow root are not reachable by `#fragment` links: focus the
/// field directly.
fn focus_field(root: &RootElement, field: &str) {
    if let Ok(Some(el)) = root.0.query_selector(&format!("#{field}")) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
