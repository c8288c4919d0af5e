//! The widget's root: the five steps of the walk-through (plan, about you,
//! materials, registering on the site, summary), the saved answers, and the
//! events the host page hears.

use crate::about::{topics_for, Errors, Topic, TopicEditor};
use crate::answers::{field_id, Answers, FieldError};
use crate::host::{today, Config, HostElement, RootElement};
use crate::i18n::{pick, tr, Lang};
use crate::materials::{missing_materials, Materials};
use crate::photo_slot::PhotoSlot;
use crate::register_steps::RegisterSteps;
use crate::storage::{self, Loaded};
use crate::summary::Summary;
use crate::verdicts::{ErrorSummary, Verdicts};
use leptos::prelude::*;
use precheck_core::engine::{self, Evaluation};
use precheck_core::rules::{self, Plan};
use serde_json::json;
use wasm_bindgen::JsCast;

/// The plan shown when neither the host page nor the candidate chose one.
const DEFAULT_PLAN: &str = "ecommerce-4-beijing";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Plan,
    About,
    Materials,
    Register,
    Summary,
}

const STEPS: [Step; 5] = [
    Step::Plan,
    Step::About,
    Step::Materials,
    Step::Register,
    Step::Summary,
];

impl Step {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Step::Plan => tr(lang, "认定计划", "Plan"),
            Step::About => tr(lang, "关于你", "About you"),
            Step::Materials => tr(lang, "填报资料", "Materials"),
            Step::Register => tr(lang, "网上报名", "Registering"),
            Step::Summary => tr(lang, "总结", "Summary"),
        }
    }
    /// The label in the step bar: short enough for five in a row at 360 px.
    fn short_label(self, lang: Lang) -> &'static str {
        match self {
            Step::Plan => tr(lang, "计划", "Plan"),
            Step::About => tr(lang, "关于你", "You"),
            Step::Materials => tr(lang, "材料", "Papers"),
            Step::Register => tr(lang, "报名", "Register"),
            Step::Summary => tr(lang, "总结", "Summary"),
        }
    }
    fn index(self) -> usize {
        STEPS.iter().position(|s| *s == self).unwrap_or(0)
    }
}

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
    if config.photo_tool {
        return view! { <PhotoTool plan=config.plan.clone() /> }.into_any();
    }
    let host = expect_context::<HostElement>();
    let root = expect_context::<RootElement>();

    let loaded = storage::load();
    let discarded = matches!(loaded, Loaded::Discarded);
    let notice = RwSignal::new(discarded);
    let answers = RwSignal::new(match loaded {
        Loaded::Restored(a) => a,
        _ => Answers::default(),
    });
    let fixed_plan = config
        .plan
        .clone()
        .filter(|id| rules::catalog().plan(id).is_some());
    let plan = Memo::new(move |_| match &fixed_plan {
        Some(id) => plan_by_id(id),
        None => answers.with(|a| plan_by_id(a.plan.as_deref().unwrap_or(DEFAULT_PLAN))),
    });
    let plan_is_fixed = config.plan.is_some();
    let today = today();

    let translated = Memo::new(move |_| answers.with(|a| a.to_profile(today)));
    let evaluation = Memo::new(move |_| {
        let chosen = answers.with(|a| a.chosen_condition.clone());
        let p = plan.get();
        let chosen = chosen.filter(|c| p.condition(c).is_some());
        translated.with(|(profile, _)| {
            let as_of = profile.as_of.unwrap_or(today);
            engine::evaluate(p, profile, as_of, chosen.as_deref())
        })
    });
    let errors = Memo::new(move |_| {
        let mut all: Vec<FieldError> = translated.with(|(_, e)| e.clone());
        evaluation.with(|ev| {
            for p in &ev.problems {
                let field = field_id(&p.field);
                if !all.iter().any(|e| e.field == field) {
                    all.push(FieldError {
                        field,
                        zh: p.message_zh.clone(),
                        en: p.message_en.clone(),
                    });
                }
            }
        });
        all
    });
    provide_context(Errors(errors));

    // The one place that writes storage. Its first run only subscribes: the
    // answers were just read from there. Unless what was there could not be
    // read: then a fresh, readable state is written at once.
    Effect::new(move |prev: Option<()>| {
        if prev.is_some() || discarded {
            answers.with(storage::save);
        } else {
            answers.track();
        }
    });

    // The step's body, the buttons and the footer come in the task after the
    // header: start-up is then shorter tasks, and the page answers a tap
    // sooner on a slow phone. They only add below what is there (no shift).
    let body_shown = RwSignal::new(false);
    set_timeout(move || body_shown.set(true), std::time::Duration::ZERO);

    // Tell the host page whenever readiness changes. The first evaluation
    // waits for a task of its own after the first render (Lighthouse's TBT,
    // BENCHMARKS.md).
    let readiness =
        Memo::new(move |_| evaluation.with(|ev| answers.with(|a| readiness_detail(ev, a))));
    let owner = Owner::current();
    set_timeout(
        move || {
            let announce = move || {
                Effect::new(move |_| host.emit("precheck:readiness", &readiness.get()));
            };
            match owner {
                Some(owner) => owner.with(announce),
                None => announce(),
            }
        },
        std::time::Duration::ZERO,
    );

    let step = RwSignal::new(Step::Plan);
    let topic = RwSignal::new(0usize);
    let topics = Memo::new(move |_| topics_for(plan.get()));
    let heading = NodeRef::<leptos::html::H2>::new();
    // Move focus to the new step's heading, so screen readers and keyboard
    // users start at the top of it (not on first render).
    Effect::new(move |prev: Option<(Step, usize)>| {
        let now = (step.get(), topic.get());
        if prev.is_some_and(|p| p != now) {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
            if let Some(el) = root.0.dyn_ref::<web_sys::Element>() {
                el.scroll_into_view();
            }
        }
        now
    });

    let go = move |s: Step| {
        step.set(s);
        topic.set(0);
    };
    let next = move || match step.get_untracked() {
        Step::About if topic.get_untracked() + 1 < topics.get_untracked().len() => {
            topic.update(|t| *t += 1)
        }
        s => go(STEPS[(s.index() + 1).min(STEPS.len() - 1)]),
    };
    let back = move || match step.get_untracked() {
        Step::About if topic.get_untracked() > 0 => topic.update(|t| *t -= 1),
        s => {
            step.set(STEPS[s.index().saturating_sub(1)]);
            if step.get_untracked() == Step::About {
                topic.set(topics.get_untracked().len().saturating_sub(1));
            }
        }
    };
    let clear = move |_| {
        storage::clear();
        answers.set(Answers::default());
        notice.set(false);
        go(Step::Plan);
    };

    view! {
        <header class="pc-topbar">
            <span class="pc-brand">{move || tr(lang.get(), "报名预检", "Registration pre-check")}</span>
            <button type="button" class="pc-button secondary" lang=move || lang.get().other().html_lang()
                on:click=move |_| lang.update(|l| *l = l.other())>
                {move || tr(lang.get(), "English", "中文")}
            </button>
        </header>
        <Show when=move || notice.get()>
            <div class="pc-notice" role="status" data-testid="storage-notice">
                {move || tr(lang.get(),
                    "之前保存的填写内容已无法读取（版本过旧或已损坏），已清除。请重新填写。",
                    "Your saved answers could not be read (an old version or damaged) and were cleared. Please answer again.")}
                <button type="button" class="pc-button secondary" on:click=move |_| notice.set(false)>{move || tr(lang.get(), "知道了", "OK")}</button>
            </div>
        </Show>
        <nav class="pc-steps" aria-label=move || tr(lang.get(), "步骤", "Steps")>
            <ol>
                {STEPS.iter().map(|&s| view! {
                    <li>
                        <button type="button" class="pc-step" data-step=format!("{s:?}").to_lowercase()
                            aria-current=move || (step.get() == s).then_some("step")
                            on:click=move |_| go(s)>
                            <span class="pc-step-n">{s.index() + 1}</span>
                            <span class="pc-step-label">{move || s.short_label(lang.get())}</span>
                        </button>
                    </li>
                }).collect_view()}
            </ol>
        </nav>
        <h2 class="pc-step-heading" tabindex="-1" node_ref=heading>
            {move || match step.get() {
                Step::About => format!("{} · {}", Step::About.label(lang.get()), topics.with(|t| t.get(topic.get()).copied().unwrap_or(Topic::Identity)).label(lang.get())),
                s => s.label(lang.get()).to_owned(),
            }}
        </h2>
        <Show when=move || body_shown.get()>
        {move || match step.get() {
            Step::Plan => view! { <PlanStep plan=plan answers=answers fixed=plan_is_fixed /> }.into_any(),
            Step::About => view! {
                <AboutStep answers=answers plan=plan evaluation=evaluation topic=topic topics=topics />
            }.into_any(),
            Step::Materials => view! { <Materials evaluation=evaluation plan=plan answers=answers /> }.into_any(),
            Step::Register => view! { <RegisterSteps evaluation=evaluation plan=plan /> }.into_any(),
            Step::Summary => view! { <Summary evaluation=evaluation plan=plan answers=answers /> }.into_any(),
        }}
        <div class="pc-nav-buttons">
            <Show when=move || step.get() != Step::Plan>
                <button type="button" class="pc-button secondary" on:click=move |_| back()>{move || tr(lang.get(), "上一步", "Back")}</button>
            </Show>
            <Show when=move || step.get() != Step::Summary>
                <button type="button" class="pc-button" data-testid="next" on:click=move |_| next()>{move || tr(lang.get(), "下一步", "Next")}</button>
            </Show>
        </div>
        <Footer clear=clear />
        </Show>
    }
    .into_any()
}

#[component]
fn Footer(clear: impl Fn(leptos::ev::MouseEvent) + 'static) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <footer class="pc-footer">
            <p class="pc-hint">{move || tr(lang.get(),
                "所有判断都在本机完成，不上传任何信息。结果仅供自查，最终以评价机构审核为准。",
                "Everything is worked out on this device; nothing is uploaded. The result is a self-check; the organiser's review decides.")}</p>
            <button type="button" class="pc-button secondary" data-testid="clear" on:click=clear>
                {move || tr(lang.get(), "清除我的数据", "Clear my data")}
            </button>
        </footer>
    }
}

/// Only the photo check-and-fix (`?tool=photo`, `data-tool="photo"`): many
/// candidates need nothing else. The same slot as in the materials step.
#[component]
fn PhotoTool(plan: Option<String>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let plan_id = plan
        .filter(|id| rules::catalog().plan(id).is_some())
        .unwrap_or_else(|| DEFAULT_PLAN.to_owned());
    view! {
        <header class="pc-topbar">
            <span class="pc-brand">{move || tr(lang.get(), "一寸照片检查", "ID photo check")}</span>
            <button type="button" class="pc-button secondary" lang=move || lang.get().other().html_lang()
                on:click=move |_| lang.update(|l| *l = l.other())>
                {move || tr(lang.get(), "English", "中文")}
            </button>
        </header>
        <h2>{move || tr(lang.get(), "白底一寸照片（JPG，40k–80k）", "White-background 1-inch photo (JPG, 40k–80k)")}</h2>
        <p class="pc-hint">{move || tr(lang.get(),
            "指南要求：白底个人一寸照片（JPG 格式，40k-80k）；不得有拍摄身份证上照片、美颜过度或比例错误的自拍照。",
            "The guide asks for a white-background 1-inch photo (JPG, 40k–80k); no photo of an ID card, no heavy beautifying, no wrong ratio.")}</p>
        <PhotoSlot material="photo" plan=Signal::derive(move || plan_id.clone())
            label=Signal::derive(move || tr(lang.get(), "选择或拍摄照片", "Choose or take a photo").to_owned()) />
    }
}

/// The detail of the `precheck:readiness` event (documented in README.md).
fn readiness_detail(ev: &Evaluation, answers: &Answers) -> serde_json::Value {
    let met = ev.met_ids();
    let missing: Vec<&str> = missing_materials(ev, answers)
        .into_iter()
        .map(|m| m.name.as_str())
        .collect();
    json!({
        "plan": ev.plan_id,
        "eligible": ev.eligible,
        "ready": ev.ready && missing.is_empty(),
        "condition": ev.chosen_condition.clone().or_else(|| ev.materials_for.clone()),
        "met": met,
        "missing": missing,
    })
}

#[component]
fn PlanStep(plan: Memo<&'static Plan>, answers: RwSignal<Answers>, fixed: bool) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let chooser = (!fixed).then(|| {
        view! {
            <div class="pc-field">
                <label for="pc-plan">{move || tr(lang.get(), "选择认定计划（职业、等级、地区）", "Choose the plan (occupation, level, region)")}</label>
                <select id="pc-plan" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    answers.update(|a| { a.plan = Some(id); a.chosen_condition = None; });
                }>
                    {rules::catalog().plans().iter().map(|p| {
                        let id = p.id.clone();
                        let selected = move || plan.get().id == id;
                        view! { <option value=p.id.clone() selected=selected>{p.title_zh.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        {chooser}
        <h3 data-testid="plan-title">{move || { let p = plan.get(); pick(lang.get(), &p.title_zh, &p.title_en).to_owned() }}</h3>
        <p class="pc-source" data-testid="plan-source">
            {move || tr(lang.get(), "依据：", "Source: ")}
            {move || plan.get().source.title.clone()}
            {move || plan.get().source.title_missing.then(|| tr(lang.get(), "（指南文字缺少标题）", " (the guide's text has lost its title)"))}
            " · "
            {move || plan.get().source.organiser.clone()}
        </p>
        <p class="pc-hint">{move || { let p = plan.get(); pick(lang.get(), &p.standard_zh, &p.standard_en).to_owned() }}</p>
        <h3>{move || tr(lang.get(), "满足以下条件之一即可报名", "You can register if you meet one of these")}</h3>
        <ol class="pc-condition-list">
            {move || plan.get().conditions.iter().map(|c| {
                let (zh, en) = (c.text.clone(), c.text_en.clone());
                view! { <li>{move || pick(lang.get(), &zh, &en).to_owned()}</li> }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn AboutStep(
    answers: RwSignal<Answers>,
    plan: Memo<&'static Plan>,
    evaluation: Memo<Evaluation>,
    topic: RwSignal<usize>,
    topics: Memo<Vec<Topic>>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    let field_errors = Signal::derive(move || errors.0.get());
    view! {
        <div class="pc-topics" role="tablist" aria-label=move || tr(lang.get(), "话题", "Topics")>
            {move || topics.get().into_iter().enumerate().map(|(i, t)| view! {
                <button type="button" role="tab" class="pc-topic" data-topic=t.slug()
                    aria-selected=move || (topic.get() == i).to_string()
                    on:click=move |_| topic.set(i)>
                    {move || t.label(lang.get())}
                </button>
            }).collect_view()}
        </div>
        <ErrorSummary errors=field_errors />
        <div role="tabpanel">
            {move || {
                let t = topics.with(|ts| ts.get(topic.get()).copied().unwrap_or(Topic::Identity));
                view! { <TopicEditor topic=t answers=answers plan=plan evaluation=evaluation /> }
            }}
        </div>
        <section class="pc-live" aria-labelledby="pc-conditions">
            <h3 id="pc-conditions">{move || tr(lang.get(), "报考条件（随填写即时更新）", "Conditions (updated as you answer)")}</h3>
            <Verdicts evaluation=evaluation plan=plan />
        </section>
    }
}
