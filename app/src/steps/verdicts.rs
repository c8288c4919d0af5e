//! Live verdicts per condition, and the error summary of the answers.

use crate::answers::{Answers, FieldError};
use crate::host::RootElement;
use crate::i18n::{tr, Lang};
use crate::session::Session;
use crate::steps::about::{condition_topics, Topic, TopicView};
use leptos::prelude::*;
use precheck_core::engine::{ConditionOutcome, Evaluation, Status};
use precheck_core::rules::Plan;
use wasm_bindgen::JsCast;

/// A condition's verdict as shown: the engine's status, except that a
/// condition the engine finds unknown while a topic it asks about has not
/// been answered yet shows as pending (待填写), naming those topics (the
/// profile's `unanswered` tells the engine "not told" from "none"). Every
/// status badge of the widget goes through this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Engine(Status),
    Pending,
}

impl Shown {
    /// The badge for this outcome, given the answers.
    pub fn of(plan: &Plan, outcome: &ConditionOutcome, answers: &Answers) -> Shown {
        shown(outcome, &unanswered_topics(plan, &outcome.id, answers))
    }

    /// `data-status` and CSS: `met`, `not_met`, `needs_info`, `pending`.
    pub fn key(self) -> &'static str {
        match self {
            Shown::Engine(status) => status.as_str(),
            Shown::Pending => "pending",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Shown::Engine(status) => {
                let (zh, en) = status.label();
                tr(lang, zh, en)
            }
            Shown::Pending => tr(lang, "待填写", "Not answered yet"),
        }
    }

    pub fn is_met(self) -> bool {
        self == Shown::Engine(Status::Met)
    }
}

/// A condition's status badge.
#[component]
pub fn StatusBadge(shown: Shown) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    // Pending looks like "needs information": both wait for the candidate.
    let class = match shown {
        Shown::Pending => "pc-status needs_info",
        Shown::Engine(status) => match status {
            Status::Met => "pc-status met",
            Status::NotMet => "pc-status not_met",
            Status::NeedsInfo => "pc-status needs_info",
        },
    };
    view! { <span class=class>{move || shown.label(lang.get())}</span> }
}

/// The engine already judges an unanswered topic as unknown (`needs_info`,
/// the profile's `unanswered`); the walk-through names it 待填写.
fn shown(outcome: &ConditionOutcome, unanswered: &[Topic]) -> Shown {
    if outcome.status == Status::NeedsInfo && !unanswered.is_empty() {
        Shown::Pending
    } else {
        Shown::Engine(outcome.status)
    }
}

/// The topics a condition asks about that the candidate has not answered.
fn unanswered_topics(plan: &Plan, id: &str, answers: &Answers) -> Vec<Topic> {
    plan.condition(id)
        .map(condition_topics)
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !t.answered(answers))
        .collect()
}

#[component]
pub fn Verdicts() -> impl IntoView {
    let Session {
        evaluation,
        plan,
        answers,
        ..
    } = expect_context::<Session>();
    let lang = expect_context::<RwSignal<Lang>>();
    let pending = Memo::new(move |_| {
        let p = plan.get();
        evaluation.with(|ev| {
            answers.with(|a| {
                ev.conditions
                    .iter()
                    .map(|c| unanswered_topics(p, &c.id, a))
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <div aria-live="polite" aria-atomic="false">
            <p class="pc-summary" class:ok=move || evaluation.with(|e| e.eligible) data-testid="overall">
                {move || pending.with(|u| overall_text(lang.get(), &evaluation.get(), u))}
            </p>
            {move || {
                let p = plan.get();
                let unanswered = pending.get();
                let ev = evaluation.get();
                let eligible = ev.eligible;
                let items: Vec<(bool, AnyView)> = ev.conditions.into_iter().zip(unanswered).map(|(outcome, unanswered)| {
                    let met = outcome.status == Status::Met;
                    let condition_text = p.conditions.iter().find(|c| c.id == outcome.id).map(|c| (c.text.to_string(), c.text_en.to_string())).unwrap_or_default();
                    let notes: Vec<_> = p.ambiguities.iter().filter(|a| a.condition.as_deref() == Some(outcome.id.as_str())).map(|a| (a.text_zh.to_string(), a.text_en.to_string())).collect();
                    (met, view! { <VerdictItem outcome=outcome unanswered=unanswered condition_text=condition_text notes=notes /> }.into_any())
                }).collect();
                if !eligible {
                    return view! { <ol class="pc-verdicts">{items.into_iter().map(|(_, v)| v).collect_view()}</ol> }.into_any();
                }
                // One condition met is what counts: the others fold away
                // (a red 不符合 beside a 符合 only worries).
                let (met, others): (Vec<_>, Vec<_>) = items.into_iter().partition(|(m, _)| *m);
                let n = others.len();
                view! {
                    <ol class="pc-verdicts">{met.into_iter().map(|(_, v)| v).collect_view()}</ol>
                    {(n > 0).then(|| view! {
                        <details class="pc-others" data-testid="other-conditions">
                            <summary>{move || match lang.get() {
                                Lang::Zh => format!("其他条件（{n} 条，不用都符合）"),
                                Lang::En => format!("The other conditions ({n}; one is enough)"),
                            }}</summary>
                            <ol class="pc-verdicts">{others.into_iter().map(|(_, v)| v).collect_view()}</ol>
                        </details>
                    })}
                }.into_any()
            }}
        </div>
    }
}

fn overall_text(lang: Lang, ev: &Evaluation, unanswered: &[Vec<Topic>]) -> String {
    let met = ev.met_ids();
    if met.is_empty() {
        let waiting = ev
            .conditions
            .iter()
            .zip(unanswered)
            .filter(|(c, u)| shown(c, u) != Shown::Engine(Status::NotMet))
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
    unanswered: Vec<Topic>,
    condition_text: (String, String),
    notes: Vec<(String, String)>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let shown = shown(&outcome, &unanswered);
    let class = match shown {
        Shown::Engine(Status::Met) => "pc-verdict met",
        Shown::Engine(Status::NotMet) => "pc-verdict not_met",
        Shown::Engine(Status::NeedsInfo) | Shown::Pending => "pc-verdict needs_info",
    };
    let id = outcome.id.clone();
    let earliest = outcome.earliest;
    let checked: Vec<(String, String)> = outcome
        .checked_zh
        .iter()
        .cloned()
        .zip(outcome.checked_en.iter().cloned())
        .collect();
    let pending_hint = (shown == Shown::Pending).then(|| {
        view! {
            <p class="pc-pending">{move || {
                let l = lang.get();
                let names: Vec<&str> = unanswered.iter().map(|t| t.label(l)).collect();
                match l {
                    Lang::Zh => format!("还没填写：{}。没有的话，看过后点「下一步」即可。", names.join("、")),
                    Lang::En => format!("Not answered yet: {}. If you have none, look at it and tap Next.", names.join(", ")),
                }
            }}</p>
        }
    });
    view! {
        <li class=class data-condition=outcome.id.clone() data-status=shown.key()>
            <h3>
                <span class="pc-status">{move || shown.label(lang.get())}</span>
                {move || format!("{} {}", tr(lang.get(), "条件", "Condition"), id)}
            </h3>
            {pending_hint}
            <p class="pc-explanation">{move || match shown {
                // The badge says 待填写; the reason without a verdict word.
                Shown::Pending => format!("{}{}", tr(lang.get(), "目前：", "So far: "), tr(lang.get(), &outcome.reason_zh, &outcome.reason_en)),
                Shown::Engine(_) => tr(lang.get(), &outcome.explanation_zh, &outcome.explanation_en).to_owned(),
            }}</p>
            {earliest.map(|d| view! {
                <p class="pc-earliest">{move || match lang.get() {
                    // Neutral: the wait may be for work, a certificate held long enough or a graduation.
                    Lang::Zh => format!("如情况不变，预计 {d} 起符合此条件。"),
                    Lang::En => format!("If nothing changes, you will meet it on {d}."),
                }}</p>
            })}
            <blockquote class="pc-quote">{move || tr(lang.get(), &condition_text.0, &condition_text.1).to_owned()}</blockquote>
            // The citation (the name lists checked) and what the guide leaves
            // unsettled concern few: behind a tap, plain words first.
            {(!notes.is_empty() || !checked.is_empty()).then(|| view! {
                <details class="pc-why">
                    <summary>{move || tr(lang.get(), "依据（核对了哪些名单、指南没说清的地方）", "Sources (the lists checked, what the guide leaves unclear)")}</summary>
                    {checked.into_iter().map(|(zh, en)| view! {
                        <p class="pc-checked" data-testid="checked-list">{move || format!("{}{}", tr(lang.get(), "对照的职业名单：", "Occupation list checked: "), tr(lang.get(), &zh, &en))}</p>
                    }).collect_view()}
                    {notes.into_iter().map(|(zh, en)| view! {
                        <p class="pc-note" role="note">{move || format!("{}{}", tr(lang.get(), "注意：", "Note: "), tr(lang.get(), &zh, &en))}</p>
                    }).collect_view()}
                </details>
            })}
        </li>
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
                                }>{move || tr(lang.get(), &e.zh, &e.en).to_owned()}</a>
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
