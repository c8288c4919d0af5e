//! The widget's root: the five steps of the walk-through (plan, about you,
//! materials, registering on the site, summary), the saved answers, and the
//! events the host page hears.

use crate::answers::{field_id, Answers, FieldError};
use crate::history;
use crate::host::{emit, today, Config, Handoff, HostElement, RootElement};
use crate::i18n::{tr, Lang};
use crate::photo::PhotoSlot;
use crate::session::Session;
use crate::steps::about::{
    field_topic, topics_for, Errors, Revealed, Topic, TopicEditor, TopicView,
};
use crate::steps::check_answers::{ChoosePlan, GoTo};
use crate::steps::levels::{LevelsMode, LevelsView};
use crate::steps::materials::{missing_materials, Materials};
use crate::steps::register::RegisterSteps;
use crate::steps::summary::Summary;
use crate::steps::verdicts::{ErrorSummary, Verdicts};
use crate::storage::{self, Loaded};
use crate::walk::{Place, Walk};
use leptos::prelude::*;
use precheck_core::engine::sheet::Sheet;
use precheck_core::engine::{self, Evaluation};
use precheck_core::photo;
use precheck_core::rules::{self, Plan};
use precheck_start::chrome::{Footer, Step, StepBar, TaskState, TopBar};
use precheck_start::host::follow_lang;
use precheck_start::plan_step::{PlanStep, DEFAULT_PLAN};
use serde_json::json;
use wasm_bindgen::JsCast;

fn plan_by_id(id: &str) -> &'static Plan {
    let catalog = rules::catalog();
    catalog
        .plan(id)
        .or_else(|| catalog.plan(DEFAULT_PLAN))
        .unwrap_or(&catalog.plans()[0])
}

/// In context only in the warm-up render (main.rs), which must show, send,
/// store and push into the history nothing.
#[derive(Clone, Copy)]
pub struct WarmUp;

/// The whole widget. `handoff` is what the first-load module's screen
/// stood at when this one took over (see precheck-start).
#[component]
pub fn App(config: Config, handoff: Option<Handoff>) -> impl IntoView {
    let lang = RwSignal::new(config.lang);
    provide_context(lang);
    follow_lang((*expect_context::<RootElement>().0).clone(), lang);
    if config.photo_tool {
        return view! { <PhotoTool plan=config.plan.clone() /> }.into_any();
    }
    let host = expect_context::<HostElement>();
    let root = expect_context::<RootElement>();

    let loaded = storage::load();
    let discarded = matches!(loaded, Loaded::Discarded);
    let notice = RwSignal::new(discarded);
    let mut restored = match loaded {
        Loaded::Restored(a) => a,
        _ => Answers::default(),
    };
    // The plan chosen on the first screen (saved there too, unless storage
    // is unavailable). Compared with the plan in effect, so that the default
    // plan shown there does not wipe a saved choice of condition.
    if let Some(id) = handoff.as_ref().and_then(|h| h.plan.clone()) {
        if restored.plan.as_deref().unwrap_or(DEFAULT_PLAN) != id {
            restored.plan = Some(id);
            restored.chosen_condition = None;
        }
    }
    let answers = RwSignal::new(restored);
    provide_context(answers);
    let fixed_plan = config
        .plan
        .clone()
        .filter(|id| rules::catalog().plan(id).is_some());
    let plan = Memo::new(move |_| match &fixed_plan {
        Some(id) => plan_by_id(id),
        None => answers.with(|a| plan_by_id(a.plan.as_deref().unwrap_or(DEFAULT_PLAN))),
    });
    let plan_is_fixed = config.plan.is_some();
    let fixed_id = config.plan.clone();
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
    // The fill-in sheet of the condition the candidate will tick (materials step).
    let sheet = Memo::new(move |_| {
        let condition = evaluation.with(crate::steps::materials::condition_to_tick)?;
        // From the evaluation already made: the sheet does not evaluate again.
        translated.with(|(profile, _)| {
            evaluation.with(|ev| engine::sheet::sheet_of(plan.get(), &condition, profile, ev).ok())
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
    let revealed = Memo::new(move |_| {
        let unread: Vec<FieldError> = translated.with(|(_, e)| e.clone());
        errors.with(|all| {
            answers.with(|a| {
                all.iter()
                    .filter(|e| {
                        // A single answer (ID number, phone, date of
                        // signing) is judged as typed; an entry's missing
                        // parts once its topic is left.
                        let topic = field_topic(&e.field);
                        unread.contains(e)
                            || topic == Topic::Identity
                            || a.visited_topics.contains(topic.slug())
                    })
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    provide_context(Revealed(revealed));
    provide_context(Session {
        plan,
        answers,
        translated,
        evaluation,
        sheet,
    });

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
    let readiness = Memo::new(move |_| {
        let unread = translated.with(|(_, e)| e.len());
        evaluation.with(|ev| {
            answers.with(|a| sheet.with(|s| readiness_detail(ev, a, unread, s.as_ref())))
        })
    });
    let owner = Owner::current();
    set_timeout(
        move || {
            let announce = move || {
                Effect::new(move |_| emit(&host, "precheck:readiness", &readiness.get()));
            };
            match owner {
                Some(owner) => owner.with(announce),
                None => announce(),
            }
        },
        std::time::Duration::ZERO,
    );

    // The step the candidate asked for on the first screen; a candidate
    // coming back (a reload, the link opened again) who asked for nothing
    // there returns to where they were, with a 「欢迎回来」 line.
    let topics = Memo::new(move |_| topics_for(plan.get()));
    let all_topics = crate::steps::about::topics_for_all().len();
    let asked_for_nothing = handoff
        .as_ref()
        .is_none_or(|h| h.step == Step::Plan && !h.levels);
    let returned_to = storage::load_place()
        .filter(|_| asked_for_nothing)
        .and_then(|k| Place::from_key(&k, topics.with_untracked(Vec::len), all_topics))
        .filter(|p| p.is_past_start());
    let welcome = RwSignal::new(returned_to.is_some());
    let (first_step, first_topic, first_levels, first_stage) = match returned_to {
        Some(Place::Walk(w)) => (w.step, w.topic, false, 0),
        Some(Place::Levels { stage }) => (Step::Plan, 0, true, stage),
        None => (
            handoff.as_ref().map_or(Step::Plan, |h| h.step),
            0,
            handoff.as_ref().is_some_and(|h| h.levels),
            0,
        ),
    };
    // A photo is never kept (its bytes stay in memory only): a material
    // ticked as photographed in an earlier visit is unticked, and said so.
    let warm_up = use_context::<WarmUp>().is_some();
    let unticked: Vec<String> = if warm_up {
        Vec::new()
    } else {
        // From the plan's rules, not the evaluation: evaluating here would
        // put the first evaluation into start-up's first task.
        answers.with_untracked(|a| {
            let mut names: Vec<String> = Vec::new();
            let plan = plan.get_untracked();
            for m in plan.conditions.iter().flat_map(|c| c.materials.iter()) {
                let photographed = !m.uploads.is_empty();
                if photographed
                    && a.ready_materials.contains(&*m.name)
                    && !names.iter().any(|n| *n == *m.name)
                {
                    names.push(m.name.to_string());
                }
            }
            names
        })
    };
    if !unticked.is_empty() {
        answers.update(|a| {
            for name in &unticked {
                a.ready_materials.remove(name);
            }
        });
    }
    let unticked = RwSignal::new(unticked);
    let step = RwSignal::new(first_step);
    // 「不知道报哪个？」: every plan's questions, then the overview, instead of
    // the walk-through (also opened from the summary).
    let levels = LevelsMode {
        on: RwSignal::new(first_levels),
        stage: RwSignal::new(first_stage),
    };
    provide_context(levels);
    let in_levels = levels.on;
    let topic = RwSignal::new(first_topic);
    let heading = NodeRef::<leptos::html::H2>::new();
    let place = Memo::new(move |_| {
        if in_levels.get() {
            Place::Levels {
                stage: levels.stage.get(),
            }
        } else {
            Place::Walk(Walk {
                step: step.get(),
                topic: topic.get(),
            })
        }
    });
    // The warm-up render neither saves a place nor touches the page's history.
    if !warm_up {
        history::follow(
            place,
            move |p| match p {
                Place::Walk(w) => {
                    in_levels.set(false);
                    step.set(w.step);
                    topic.set(w.topic);
                }
                Place::Levels { stage } => {
                    levels.stage.set(stage);
                    in_levels.set(true);
                }
            },
            topics,
            all_topics,
        );
    }
    // Move focus to the new step's heading, so screen readers and keyboard
    // users start at the top of it (not on first render, unless the
    // candidate moved on from the first screen).
    Effect::new(move |prev: Option<(Step, usize)>| {
        let now = (step.get(), topic.get());
        let moved_on = match prev {
            Some(p) => p != now,
            None => first_step != Step::Plan,
        };
        if moved_on {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
            if let Some(el) = root.0.dyn_ref::<web_sys::Element>() {
                el.scroll_into_view();
            }
        }
        now
    });

    // Leaving an about-you topic marks it as gone through: from then on an
    // empty topic means "none" (不符合), not "not answered yet" (待填写).
    Effect::new(move |prev: Option<(Step, usize)>| {
        let now = (step.get(), topic.get());
        if let Some((Step::About, t)) = prev.filter(|p| *p != now) {
            let left = topics.with_untracked(|ts| ts.get(t).copied());
            if let Some(slug) = left.map(Topic::slug) {
                if !answers.with_untracked(|a| a.visited_topics.contains(slug)) {
                    answers.update(|a| {
                        a.visited_topics.insert(slug.to_owned());
                    });
                }
            }
        }
        now
    });

    // Moving to a step marks it (the step bar's 进行中 / 已完成); the step
    // the widget opens on is marked when left, so opening stores nothing.
    Effect::new(move |prev: Option<Step>| {
        let now = step.get();
        for s in [prev, Some(now)]
            .into_iter()
            .flatten()
            .filter(|_| prev.is_some_and(|p| p != now))
        {
            if !answers.with_untracked(|a| a.visited_steps.contains(s.slug())) {
                answers.update(|a| {
                    a.visited_steps.insert(s.slug().to_owned());
                });
            }
        }
        now
    });
    let plan_chosen = config.plan.is_some();
    let step_states = Memo::new(move |_| {
        let here = step.get();
        let seen = |s: Step| s == here || answers.with(|a| a.visited_steps.contains(s.slug()));
        let of = |done: bool, started: bool| match (done, started) {
            (true, _) => TaskState::Done,
            (false, true) => TaskState::InProgress,
            (false, false) => TaskState::NotStarted,
        };
        let topics_answered =
            topics.with(|ts| answers.with(|a| ts.iter().filter(|t| t.answered(a)).count()));
        let all_topics = topics.with(Vec::len);
        let (ready, total) =
            evaluation.with(|e| answers.with(|a| crate::steps::materials::readiness(e, a)));
        let ready_now = readiness.with(|r| r["ready"].as_bool() == Some(true));
        [
            of(
                plan_chosen || answers.with(|a| a.plan.is_some()),
                seen(Step::Plan),
            ),
            of(
                topics_answered == all_topics,
                topics_answered > 0 || seen(Step::About),
            ),
            of(
                total > 0 && ready == total,
                ready > 0 || seen(Step::Materials),
            ),
            of(seen(Step::Register), false),
            of(ready_now, seen(Step::Summary)),
        ]
    });

    let go = move |s: Step| {
        step.set(s);
        topic.set(0);
    };
    // Next and Back are `Walk`'s (walk.rs, tested there); here they only
    // move the two signals the screens read.
    let walk_to = move |w: Walk| {
        step.set(w.step);
        topic.set(w.topic);
    };
    let here = move || Walk {
        step: step.get_untracked(),
        topic: topic.get_untracked(),
    };
    let next = move || walk_to(here().next(topics.with_untracked(Vec::len)));
    let back = move || walk_to(here().back(topics.with_untracked(Vec::len)));
    let clear = move |()| {
        storage::clear();
        answers.set(Answers::default());
        notice.set(false);
        welcome.set(false);
        unticked.set(Vec::new());
        in_levels.set(false);
        go(Step::Plan);
    };
    provide_context(GoTo(Callback::new(move |w: Walk| {
        in_levels.set(false);
        walk_to(w);
    })));
    // A plan tapped in the overview: chosen, and the walk-through opens at
    // the summary, whose 「核对你的回答」 shows every answer already there with
    // 更改 links (not every topic again with 下一步).
    let choose_from_overview = Callback::new(move |id: String| {
        if fixed_id.as_ref().is_none_or(|f| *f == id) {
            answers.update(|a| {
                if a.plan.as_deref() != Some(id.as_str()) {
                    a.plan = Some(id);
                    a.chosen_condition = None;
                }
            });
        }
        in_levels.set(false);
        go(Step::Summary);
    });
    provide_context(ChoosePlan(choose_from_overview));
    let levels_fixed = StoredValue::new(config.plan.clone());

    view! {
        <TopBar brand_zh="报名预检" brand_en="Registration pre-check" />
        <Show when=move || notice.get()>
            <div class="pc-notice" role="status" data-testid="storage-notice">
                {move || tr(lang.get(),
                    "之前保存的填写内容已无法读取（版本过旧或已损坏），已清除。请重新填写。",
                    "Your saved answers could not be read (an old version or damaged) and were cleared. Please answer again.")}
                <button type="button" class="pc-button secondary" on:click=move |_| notice.set(false)>{move || tr(lang.get(), "知道了", "OK")}</button>
            </div>
        </Show>
        <Show when=move || welcome.get()>
            <div class="pc-notice" role="status" data-testid="welcome-back">
                {move || tr(lang.get(),
                    "欢迎回来：已回到你上次看到的地方，填写的内容都在。",
                    "Welcome back: you are where you left off, with your answers.")}
                <button type="button" class="pc-button secondary" on:click=move |_| welcome.set(false)>{move || tr(lang.get(), "知道了", "OK")}</button>
            </div>
        </Show>
        <Show when=move || !unticked.with(Vec::is_empty)>
            <div class="pc-notice" role="status" data-testid="photo-unticked">
                {move || {
                    let names = unticked.with(|u| u.join("、"));
                    match lang.get() {
                        Lang::Zh => format!("照片只在本次打开时保留，不存到本机：已取消勾选「{names}」，请重新选择照片检查（已保存到相册的修正照片可直接选用）。"),
                        Lang::En => format!("Photos are kept only while the page is open, never stored: \"{names}\" was unticked; choose the photo again to check it (a fixed photo saved to your album can be chosen as is)."),
                    }
                }}
                <button type="button" class="pc-button secondary" on:click=move |_| unticked.set(Vec::new())>{move || tr(lang.get(), "知道了", "OK")}</button>
            </div>
        </Show>
        <Show when=move || !in_levels.get()>
        <StepBar current=step go=go states=step_states />
        <h2 class="pc-step-heading" tabindex="-1" node_ref=heading>
            {move || match step.get() {
                Step::About => format!("{} · {}", Step::About.label(lang.get()), topics.with(|t| t.get(topic.get()).copied().unwrap_or(Topic::Identity)).label(lang.get())),
                s => s.label(lang.get()).to_owned(),
            }}
        </h2>
        </Show>
        <Show when=move || body_shown.get()>
        <Show when=move || !in_levels.get() fallback=move || view! {
            <LevelsView answers=answers plan=plan evaluation=evaluation translated=translated
                today=today fixed=levels_fixed.get_value() choose=choose_from_overview />
        }>
        {move || match step.get() {
            Step::Plan => view! {
                <PlanStep plan_id=Signal::derive(move || plan.get().id.to_string()) fixed=plan_is_fixed
                    choose=move |id: String| answers.update(|a| { a.plan = Some(id); a.chosen_condition = None; }) />
            }.into_any(),
            Step::About => view! {
                <AboutStep answers=answers plan=plan evaluation=evaluation topic=topic topics=topics />
            }.into_any(),
            Step::Materials => view! { <Materials /> }.into_any(),
            Step::Register => view! { <RegisterSteps /> }.into_any(),
            Step::Summary => view! { <Summary /> }.into_any(),
        }}
        <div class="pc-nav-buttons">
            <Show when=move || step.get() != Step::Plan>
                <button type="button" class="pc-button secondary" on:click=move |_| back()>{move || tr(lang.get(), "上一步", "Back")}</button>
            </Show>
            <Show when=move || step.get() != Step::Summary>
                <button type="button" class="pc-button" data-testid="next" on:click=move |_| next()>{move || tr(lang.get(), "下一步", "Next")}</button>
            </Show>
        </div>
        </Show>
        <Footer clear=clear />
        </Show>
    }
    .into_any()
}

/// Only the photo check-and-fix (`?tool=photo`, `data-tool="photo"`): many
/// candidates need nothing else. The same slot as in the materials step.
#[component]
fn PhotoTool(plan: Option<String>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let plan_id = plan
        .filter(|id| rules::catalog().plan(id).is_some())
        .unwrap_or_else(|| DEFAULT_PLAN.to_owned());
    let heading_plan = plan_id.clone();
    view! {
        <TopBar brand_zh="一寸照片检查" brand_en="ID photo check" />
        // Every limit in these words is the plan's photo spec (rules/photo-specs.toml).
        <h2>{
            let (zh, en) = photo::spec(photo::Material::Photo, Some(&heading_plan)).file_words();
            move || match lang.get() {
                Lang::Zh => format!("白底一寸照片（{zh}）"),
                Lang::En => format!("White-background 1-inch photo ({en})"),
            }
        }</h2>
        <p class="pc-hint">{
            let (zh, en) = photo::spec(photo::Material::Photo, Some(&heading_plan)).file_words();
            move || match lang.get() {
                Lang::Zh => format!("要求：白底个人一寸照片（{zh}）；不得有拍摄身份证上照片、美颜过度或比例错误的自拍照。"),
                Lang::En => format!("Required: a white-background 1-inch photo ({en}); no photo of an ID card, no heavy beautifying, no wrong ratio."),
            }
        }</p>
        <PhotoSlot material="photo" plan=Signal::derive(move || plan_id.clone())
            label=Signal::derive(move || tr(lang.get(), "选择或拍摄照片", "Choose or take a photo").to_owned()) />
    }
}

/// The detail of the `precheck:readiness` event (documented in README.md).
/// `ready` is `engine::is_ready`, as the summary's.
fn readiness_detail(
    ev: &Evaluation,
    answers: &Answers,
    unread_answers: usize,
    sheet: Option<&Sheet>,
) -> serde_json::Value {
    let met = ev.met_ids();
    let missing: Vec<&str> = missing_materials(ev, answers)
        .into_iter()
        .map(|m| m.name.as_str())
        .collect();
    json!({
        "plan": ev.plan_id,
        "eligible": ev.eligible,
        "ready": engine::is_ready(ev, sheet, unread_answers, missing.len()),
        "condition": ev.chosen_condition.clone().or_else(|| ev.materials_for.clone()),
        "met": met,
        "missing": missing,
    })
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
    // Inside this step, fields and the summary of errors show the revealed ones.
    let errors = expect_context::<Revealed>().0;
    provide_context(Errors(errors));
    let field_errors = Signal::derive(move || errors.get());
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
            <Verdicts />
        </section>
    }
}
