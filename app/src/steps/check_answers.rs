//! 「核对你的回答」: what the verdict was judged on, topic by topic, each with
//! an 更改 link back to that topic (GOV.UK's "check your answers"). Shown on
//! the summary, so a candidate who came from the overview reviews instead of
//! stepping through every topic again.

use crate::answers::Answers;
use crate::i18n::{tr, Lang};
use crate::steps::about::{Topic, TopicView};
use crate::walk::Walk;
use leptos::prelude::*;
use precheck_start::chrome::Step;

/// Moves the walk-through to a step and topic (provided by `App`).
#[derive(Clone, Copy)]
pub struct GoTo(pub Callback<Walk>);

/// Chooses a plan and shows its summary (provided by `App`; the overview's
/// and the outcome page's plan links).
#[derive(Clone, Copy)]
pub struct ChoosePlan(pub Callback<String>);

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s.trim()
    }
}

/// One line per entry of `topic`, in the candidate's own words.
pub fn answer_lines(topic: Topic, a: &Answers, lang: Lang) -> Vec<String> {
    let now = tr(lang, "至今", "now");
    let lines: Vec<String> = match topic {
        Topic::Work => a
            .work
            .iter()
            .map(|w| {
                let end = if w.ongoing { now } else { or_dash(&w.end) };
                let part = if w.part_time {
                    tr(lang, "（兼职）", " (part-time)")
                } else {
                    ""
                };
                format!(
                    "{}{part} · {} · {}–{end}",
                    or_dash(&w.occupation),
                    or_dash(&w.employer),
                    or_dash(&w.start)
                )
            })
            .collect(),
        Topic::Certificates => a
            .certificates
            .iter()
            .map(|c| {
                let level = match (c.level.parse::<u8>(), lang) {
                    (Ok(l), Lang::Zh) => precheck_core::engine::level_word(l).to_string(),
                    (Ok(l), Lang::En) => format!("level {l}"),
                    _ => "—".to_string(),
                };
                format!(
                    "{} {level} · {}",
                    or_dash(&c.occupation),
                    or_dash(&c.issued)
                )
            })
            .collect(),
        Topic::Titles => a
            .titles
            .iter()
            .map(|t| format!("{} · {}", or_dash(&t.rank), or_dash(&t.issued)))
            .collect(),
        Topic::Education => a
            .education
            .iter()
            .map(|e| {
                let when = if e.enrolled {
                    tr(lang, "在读", "enrolled").to_string()
                } else {
                    or_dash(&e.graduated).to_string()
                };
                format!("{} · {} · {when}", or_dash(&e.school), or_dash(&e.major))
            })
            .collect(),
        Topic::Training => a
            .training
            .iter()
            .map(|t| {
                let hours = match lang {
                    Lang::Zh => format!("{} 学时", or_dash(&t.hours)),
                    Lang::En => format!("{} hours", or_dash(&t.hours)),
                };
                format!("{} · {hours}", or_dash(&t.occupation))
            })
            .collect(),
        Topic::Identity => {
            // Never the number itself: the summary may be printed or shown.
            let id = a.id_number.trim();
            vec![if id.len() >= 4 {
                match lang {
                    Lang::Zh => format!("身份证号：已填（尾号 {}）", &id[id.len() - 4..]),
                    Lang::En => format!("ID number: given (ending {})", &id[id.len() - 4..]),
                }
            } else {
                tr(lang, "身份证号：未填", "ID number: not given").to_string()
            }]
        }
    };
    if lines.is_empty() {
        let none = if topic.answered(a) {
            tr(lang, "无", "None")
        } else {
            tr(lang, "还没有回答", "Not answered yet")
        };
        vec![none.to_string()]
    } else {
        lines
    }
}

#[component]
pub fn CheckAnswers(answers: RwSignal<Answers>, topics: Memo<Vec<Topic>>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let go = use_context::<GoTo>();
    view! {
        <section class="pc-summary-part" data-testid="check-answers">
            <h3>{move || tr(lang.get(), "核对你的回答", "Check your answers")}</h3>
            <p class="pc-hint">{move || tr(lang.get(),
                "上面的结论按这些回答得出。有不对的，点“更改”。",
                "The verdict above was judged on these answers. Tap Change to correct one.")}</p>
            <dl class="pc-check">
                {move || topics.get().into_iter().enumerate().map(|(i, t)| {
                    let lines = answers.with(|a| answer_lines(t, a, lang.get()));
                    view! {
                        <div class="pc-check-row" data-topic=t.slug()>
                            <dt>{t.label(lang.get())}</dt>
                            <dd>{lines.into_iter().map(|l| view! { <span class="pc-check-line">{l}</span> }).collect_view()}</dd>
                            <dd class="pc-check-change">
                                {go.map(|GoTo(go)| view! {
                                    <button type="button" class="pc-link" data-testid="change"
                                        on:click=move |_| go.run(Walk { step: Step::About, topic: i })>
                                        {move || tr(lang.get(), "更改", "Change")}
                                        <span class="pc-visually-hidden">{move || format!(" {}", t.label(lang.get()))}</span>
                                    </button>
                                })}
                            </dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
        </section>
    }
}
