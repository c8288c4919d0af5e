//! 「不知道报哪个？」: the about-you questions of every plan, then the
//! overview (every plan with its verdict, and the path up the levels of each
//! occupation). The verdicts are `engine::levels::overview`'s; this file only
//! shows them. Tapping a plan chooses it and opens the walk-through with the
//! same answers.

use crate::answers::Answers;
use crate::i18n::{tr, Lang};
use crate::steps::about::{topics_for_all, Errors, Revealed, TopicEditor, TopicView};
use crate::steps::verdicts::ErrorSummary;
use leptos::prelude::*;
use precheck_core::date::Date;
use precheck_core::engine::levels::{overview, Overview, PlanVerdict, Rung, Source, Verdict};
use precheck_core::engine::Evaluation;
use precheck_core::profile::Profile;
use precheck_core::rules::{catalog, Plan};

/// Whether the widget shows the overview flow instead of the walk-through,
/// and where in it (a topic's index, or the overview after the last topic).
/// Shared through context so the summary can link here.
#[derive(Clone, Copy)]
pub struct LevelsMode {
    pub on: RwSignal<bool>,
    pub stage: RwSignal<usize>,
}

impl LevelsMode {
    /// Opens the overview itself (after the questions), as the summary's link does.
    pub fn open_overview(self) {
        self.stage.set(topics_for_all().len());
        self.on.set(true);
    }
}

/// From the core's one table of level names.
fn level_word(lang: Lang, l: u8) -> String {
    match lang {
        Lang::Zh => precheck_core::engine::level_word(l).to_string(),
        Lang::En => format!("Level {l}"),
    }
}

/// The verdict's words: 已取得 / 现在可以报 / 2027-07-01 起可以报 / 需补充信息 / 不符合.
fn verdict_text(
    lang: Lang,
    v: Verdict,
    earliest: Option<Date>,
    held: Option<u8>,
    level: u8,
) -> String {
    match held {
        Some(h) if h == level => return tr(lang, "已取得", "Already held").into(),
        Some(h) => {
            return match lang {
                Lang::Zh => format!("已有更高等级（{}）", level_word(lang, h)),
                Lang::En => format!("You hold a higher level ({})", level_word(lang, h)),
            }
        }
        None => {}
    }
    match (v, earliest) {
        (Verdict::Now, _) => tr(lang, "现在可以报", "You can register now").into(),
        (Verdict::Later, Some(d)) => match lang {
            Lang::Zh => format!("{d} 起可以报"),
            Lang::En => format!("From {d}"),
        },
        (Verdict::Later, None) => tr(lang, "以后可以报", "Later").into(),
        (Verdict::NeedsInfo, _) => tr(lang, "需补充信息", "Needs information").into(),
        (Verdict::NotMet, _) => tr(lang, "不符合", "Not met").into(),
    }
}

fn plan(id: &str) -> Option<&'static Plan> {
    catalog().plan(id)
}

#[component]
pub fn LevelsView(
    answers: RwSignal<Answers>,
    plan: Memo<&'static Plan>,
    evaluation: Memo<Evaluation>,
    translated: Memo<(Profile, Vec<crate::answers::FieldError>)>,
    today: Date,
    /// The host page fixed this plan: only it can be chosen.
    fixed: Option<String>,
    /// Chooses a plan and opens the walk-through.
    #[prop(into)]
    choose: Callback<String>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let mode = expect_context::<LevelsMode>();
    // While answering, the revealed errors (about.rs `Revealed`).
    let errors = Errors(expect_context::<Revealed>().0);
    provide_context(errors);
    let field_errors = Signal::derive(move || errors.0.get());
    let topics = topics_for_all();
    let n = topics.len();
    let stage = mode.stage;
    let heading = NodeRef::<leptos::html::H2>::new();

    // Leaving a topic marks it as gone through, as in the walk-through: an
    // empty topic then means "none", not "not answered yet".
    let left_topics = topics.clone();
    Effect::new(move |prev: Option<usize>| {
        let now = stage.get();
        if let Some(t) = prev.filter(|p| *p != now) {
            if let Some(slug) = left_topics.get(t).map(|t| t.slug()) {
                if !answers.with_untracked(|a| a.visited_topics.contains(slug)) {
                    answers.update(|a| {
                        a.visited_topics.insert(slug.to_owned());
                    });
                }
            }
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
        now
    });

    let ov = Memo::new(move |_| {
        translated.with(|(profile, _)| overview(profile, profile.as_of.unwrap_or(today)))
    });
    let asking = move || stage.get() < n;
    let tab_topics = topics.clone();
    let head_topics = topics.clone();
    let body_topics = topics.clone();
    view! {
        <h2 class="pc-step-heading" tabindex="-1" node_ref=heading data-testid="levels-heading">
            {move || {
                let l = lang.get();
                match head_topics.get(stage.get()) {
                    Some(t) => format!("{} · {}", tr(l, "我的情况", "About you"), t.label(l)),
                    None => tr(l, "我能报哪些、什么时候能报", "Which plans and levels, and when").to_owned(),
                }
            }}
        </h2>
        <Show when=asking>
            <p class="pc-hint">{move || tr(lang.get(),
                "先说说你自己：下面的问题涵盖所有认定计划会问到的内容，只填一次。填完后看每个计划和每个级别的结论。",
                "Tell us about yourself once: these questions cover everything any plan asks. Then see every plan and every level.")}</p>
        </Show>
        <div class="pc-topics" role="tablist" aria-label=move || tr(lang.get(), "话题", "Topics")>
            {tab_topics.iter().copied().enumerate().map(|(i, t)| view! {
                <button type="button" role="tab" class="pc-topic" data-topic=t.slug()
                    aria-selected=move || (stage.get() == i).to_string()
                    on:click=move |_| stage.set(i)>
                    {move || t.label(lang.get())}
                </button>
            }).collect_view()}
            <button type="button" role="tab" class="pc-topic" data-topic="overview"
                aria-selected=move || (stage.get() >= n).to_string()
                on:click=move |_| stage.set(n)>
                {move || tr(lang.get(), "总览", "Overview")}
            </button>
        </div>
        {move || {
            let i = stage.get();
            match body_topics.get(i).copied() {
                Some(t) => view! {
                    <ErrorSummary errors=field_errors />
                    <div role="tabpanel">
                        <TopicEditor topic=t answers=answers plan=plan evaluation=evaluation />
                    </div>
                    <div class="pc-nav-buttons">
                        {(i > 0).then(|| view! {
                            <button type="button" class="pc-button secondary" on:click=move |_| stage.set(i - 1)>
                                {move || tr(lang.get(), "上一步", "Back")}
                            </button>
                        })}
                        <button type="button" class="pc-button" data-testid="levels-next" on:click=move |_| stage.set(i + 1)>
                            {move || if i + 1 == n { tr(lang.get(), "看结果", "See the overview") } else { tr(lang.get(), "下一步", "Next") }}
                        </button>
                    </div>
                }.into_any(),
                None => view! { <OverviewPanel ov=ov fixed=fixed.clone() choose=choose /> }.into_any(),
            }
        }}
    }
}

#[component]
fn OverviewPanel(
    ov: Memo<Overview>,
    fixed: Option<String>,
    choose: Callback<String>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let fixed_note = fixed.clone().and_then(|id| plan(&id)).map(|p| {
        view! {
            <p class="pc-notice" role="note">{move || match lang.get() {
                Lang::Zh => format!("本页面只办理「{}」；其他计划仅供参考。", p.title_zh),
                Lang::En => format!("This page handles \"{}\" only; the others are for reference.", p.title_en),
            }}</p>
        }
    });
    // The plan to take, first: what the candidate came to find out.
    let fixed_plan = fixed.clone();
    let recommendation = move || {
        let v = ov.with(|o| {
            let id = o.recommended.clone()?;
            o.plans.iter().find(|v| v.plan == id).cloned()
        })?;
        let p = plan(&v.plan)?;
        let can_choose = fixed_plan.as_deref().is_none_or(|f| f == v.plan);
        let id = v.plan.clone();
        let (title_zh, title_en) = (p.title_zh.to_string(), p.title_en.to_string());
        let (status, earliest, cond) = (
            v.status,
            v.earliest,
            v.condition.clone().unwrap_or_default(),
        );
        let when = move || match (status, earliest, lang.get()) {
            (Verdict::Now, _, Lang::Zh) => format!("现在就可以报（条件 {cond}）。"),
            (Verdict::Now, _, Lang::En) => format!("You can register now (condition {cond})."),
            (_, Some(d), Lang::Zh) => format!("{d} 起可以报（如情况不变、工作继续）。"),
            (_, Some(d), Lang::En) => {
                format!("From {d}, if nothing changes and your work goes on.")
            }
            (_, None, l) => tr(l, "以后可以报。", "Later.").to_owned(),
        };
        Some(view! {
            <section class="pc-recommend" data-testid="recommendation" data-plan=v.plan.clone()>
                <h3>{move || tr(lang.get(), "建议报考", "Take this one")}</h3>
                <p class="pc-recommend-title">{move || tr(lang.get(), &title_zh, &title_en).to_owned()}</p>
                <p>{when}</p>
                {can_choose.then(|| view! {
                    <button type="button" class="pc-button" data-testid="recommendation-go"
                        on:click=move |_| choose.run(id.clone())>
                        {move || tr(lang.get(), "按这个计划继续", "Continue with this plan")}
                    </button>
                })}
            </section>
        })
    };
    // The path up the levels (15 rungs) comes in the task after the rest: the
    // tap on 总览 paints the recommendation and the plans first (issue 29: a
    // tap ≤ 150 ms at 4× CPU; BENCHMARKS.md).
    let path_shown = RwSignal::new(false);
    set_timeout(move || path_shown.set(true), std::time::Duration::ZERO);
    view! {
        <div class="pc-levels" data-testid="overview">
            {recommendation}
            <p class="pc-summary" role="status" data-testid="overview-headline">{move || {
                let l = lang.get();
                ov.with(|o| {
                    let now = o.plans.iter().filter(|v| v.status == Verdict::Now).count();
                    let next = o.plans.iter().filter(|v| v.status == Verdict::Later).min_by_key(|v| v.earliest);
                    match (now, next, l) {
                        (n, _, Lang::Zh) if n > 0 => format!("你现在可以报 {n} 个计划（标“现在可以报”）。点一个计划，按它继续准备报名。"),
                        (n, _, Lang::En) if n > 0 => format!("You can register for {n} plan(s) now (marked). Tap one to continue with it."),
                        (_, Some(v), Lang::Zh) => format!("现在还没有可以报的计划；最早 {} 起可以报“{}”。", v.earliest.map(|d| d.to_string()).unwrap_or_default(), plan(&v.plan).map_or(v.plan.clone(), |p| p.title_zh.to_string())),
                        (_, Some(v), Lang::En) => format!("No plan yet; the earliest is \"{}\" from {}.", plan(&v.plan).map_or(v.plan.clone(), |p| p.title_en.to_string()), v.earliest.map(|d| d.to_string()).unwrap_or_default()),
                        (_, None, Lang::Zh) => "现在还没有可以报的计划；下面写着每个计划还差什么。".to_string(),
                        (_, None, Lang::En) => "No plan yet; each plan below says what is missing.".to_string(),
                    }
                })
            }}</p>
            <p class="pc-hint">{move || {
                let d = ov.with(|o| o.as_of);
                match lang.get() {
                    Lang::Zh => format!("按 {d} 和你填写的情况计算；日期指“情况不变、工作继续”时最早可以报的一天。点一个计划，按它继续准备报名（已填内容会带过去）。"),
                    Lang::En => format!("Counted at {d} from your answers; a date is the earliest day if nothing changes and your work goes on. Tap a plan to continue with it (your answers come along)."),
                }
            }}</p>
            {fixed_note}
            <section aria-labelledby="pc-levels-plans">
                <h3 id="pc-levels-plans">{move || tr(lang.get(), "各认定计划", "Every plan")}</h3>
                {move || {
                    let plans = ov.with(|o| o.plans.clone());
                    let mut groups: Vec<(String, Vec<PlanVerdict>)> = Vec::new();
                    for v in plans {
                        match groups.last_mut() {
                            Some((occ, list)) if *occ == v.occupation => list.push(v),
                            _ => groups.push((v.occupation.clone(), vec![v])),
                        }
                    }
                    groups.into_iter().map(|(occ, list)| {
                        let fixed = fixed.clone();
                        view! {
                            <h4 class="pc-levels-occ">{occ}</h4>
                            <ul class="pc-levels-list">
                                {list.into_iter().map(|v| {
                                    let can_choose = fixed.as_deref().is_none_or(|f| f == v.plan);
                                    view! { <PlanRow v=v can_choose=can_choose choose=choose /> }
                                }).collect_view()}
                            </ul>
                        }
                    }).collect_view()
                }}
            </section>
            <Show when=move || path_shown.get()>
            <section aria-labelledby="pc-levels-path">
                <h3 id="pc-levels-path">{move || tr(lang.get(), "逐级路径：五级到一级", "The path up the levels: 5 to 1")}</h3>
                <p class="pc-hint" data-testid="template-note">{move || {
                    let ladder = &catalog().ladder;
                    format!("＊{}", tr(lang.get(), &ladder.label_zh, &ladder.label_en))
                }}</p>
                {move || {
                    let rungs = ov.with(|o| o.ladder.clone());
                    let mut groups: Vec<(String, Vec<Rung>)> = Vec::new();
                    for r in rungs {
                        match groups.last_mut() {
                            Some((occ, list)) if *occ == r.occupation => list.push(r),
                            _ => groups.push((r.occupation.clone(), vec![r])),
                        }
                    }
                    groups.into_iter().map(|(occ, list)| view! {
                        <h4 class="pc-levels-occ">{occ}</h4>
                        <ol class="pc-levels-path">
                            {list.into_iter().map(|r| view! { <RungRow r=r /> }).collect_view()}
                        </ol>
                    }).collect_view()
                }}
            </section>
            </Show>
        </div>
    }
}

fn status_class(v: Verdict, held: Option<u8>) -> &'static str {
    if held.is_some() {
        return "pc-badge held";
    }
    match v {
        Verdict::Now => "pc-badge met",
        Verdict::Later => "pc-badge later",
        Verdict::NeedsInfo => "pc-badge info",
        Verdict::NotMet => "pc-badge not-met",
    }
}

#[component]
fn PlanRow(v: PlanVerdict, can_choose: bool, choose: Callback<String>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let p = plan(&v.plan);
    let (title_zh, title_en) = p.map_or((v.plan.clone(), v.plan.clone()), |p| {
        (p.title_zh.to_string(), p.title_en.to_string())
    });
    let id = v.plan.clone();
    let status = v.status;
    let earliest = v.earliest;
    let (held, level) = (v.held, v.level);
    let cond = v.condition.clone().unwrap_or_default();
    let (rz, re) = (v.reason_zh.clone(), v.reason_en.clone());
    let detail = move || {
        let l = lang.get();
        match status {
            Verdict::Now => match l {
                Lang::Zh => format!("条件 {cond}"),
                Lang::En => format!("condition {cond}"),
            },
            Verdict::Later => match l {
                Lang::Zh => format!("条件 {cond}：{rz}"),
                Lang::En => format!("condition {cond}: {re}"),
            },
            Verdict::NotMet => match l {
                Lang::Zh => format!("还差：{rz}"),
                Lang::En => format!("Missing: {re}"),
            },
            Verdict::NeedsInfo => tr(l, &rz, &re).to_owned(),
        }
    };
    let body = view! {
        <span class="pc-levels-title">{move || tr(lang.get(), &title_zh, &title_en).to_owned()}</span>
        <span class=status_class(status, held) data-testid="plan-verdict" data-held=held.map(|h| h.to_string())>{move || verdict_text(lang.get(), status, earliest, held, level)}</span>
        {held.is_none().then(|| view! { <span class="pc-levels-why">{detail}</span> })}
    };
    let item = if can_choose {
        view! {
            <button type="button" class="pc-levels-plan" data-plan=id.clone() data-status=status.as_str()
                data-held=held.is_some().then_some("true")
                on:click=move |_| choose.run(id.clone())>
                {body}
                <span class="pc-levels-go" aria-hidden="true">"›"</span>
            </button>
        }
        .into_any()
    } else {
        view! { <div class="pc-levels-plan" data-plan=id.clone() data-status=status.as_str()>{body}</div> }.into_any()
    };
    view! { <li>{item}</li> }
}

#[component]
fn RungRow(r: Rung) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let status = r.status;
    let earliest = r.earliest;
    let level = r.level;
    let held = r.held;
    let (route_zh, route_en) = (r.route_zh.clone(), r.route_en.clone());
    // 「先考四级」: the sooner way through the level below, when there is one.
    let chain = r.after_level_below.map(|d| {
        let below = level + 1;
        view! {
            <span class="pc-levels-chain" data-testid="level-chain">{move || {
                let l = lang.get();
                let w = level_word(l, below);
                match l {
                    Lang::Zh => format!("更快：先考{w}。若今天取得{w}证书、工作继续，最早 {d} 起可以报本级（按真实取证日顺延）。"),
                    Lang::En => format!("Sooner: take {w} first. With that certificate today and your work going on, this level opens on {d} (later if the certificate comes later)."),
                }
            }}</span>
        }
    });
    let from = match (&r.source, r.plan.as_deref().and_then(plan)) {
        (Source::Guide, Some(p)) => {
            let (zh, en) = (p.title_zh.to_string(), p.title_en.to_string());
            view! {
                <span class="pc-levels-from">{move || match lang.get() {
                    Lang::Zh => format!("本机构指南：{zh}"),
                    Lang::En => format!("This organiser's guide: {en}"),
                }}</span>
            }
            .into_any()
        }
        // The template's disclaimer is said once, under the path's heading.
        _ => view! {
            <span class="pc-levels-from template">{move || tr(lang.get(), "按国家规程模板＊", "National template*")}</span>
        }
        .into_any(),
    };
    let source = match r.source {
        Source::Guide => "guide",
        Source::Standard => "standard",
    };
    view! {
        <li class="pc-levels-rung" data-level=level data-source=source data-status=status.as_str()
            data-held=held.map(|h| h.to_string())>
            <span class="pc-levels-level">{move || level_word(lang.get(), level)}</span>
            <span class=status_class(status, held)>{move || verdict_text(lang.get(), status, earliest, held, level)}</span>
            {held.is_none().then(|| view! { <span class="pc-levels-why">{move || tr(lang.get(), &route_zh, &route_en).to_owned()}</span> })}
            {chain}
            {from}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::about::Topic;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_questions_cover_every_topic_any_plan_asks() {
        let all = topics_for_all();
        for p in catalog().plans() {
            for t in crate::steps::about::topics_for(p) {
                assert!(all.contains(&t), "{} asks {:?}", p.id, t.slug());
            }
        }
        assert_eq!(all.last(), Some(&Topic::Identity));
    }
}
