//! The summary: ready to register or not, what is still missing (problems on
//! the form, materials not ticked), what to do next, and a print button. It
//! states what the engine found and what the candidate ticked; nothing new.

use crate::answers::{Answers, FieldError};
use crate::i18n::{tr, Lang};
use crate::session::Session;
use crate::steps::about::{topics_for, Errors};
use crate::steps::check_answers::{CheckAnswers, ChoosePlan};
use crate::steps::materials::{
    condition_to_tick, material_name, missing_materials, readiness, readiness_text,
};
use crate::steps::register::step_showing;
use crate::steps::verdicts::{Shown, StatusBadge};
use leptos::prelude::*;
use precheck_core::engine::levels::{overview, PlanVerdict, Verdict};
use precheck_core::engine::sheet::Sheet;
use precheck_core::engine::{self, uncounted_work, Evaluation, MaterialOut};
use precheck_core::rules::catalog;
use precheck_core::rules::{Plan, StepPart};

/// Where the candidate stands, as one word for tests and styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Eligible, nothing to fix on the form, every listed material ticked.
    Ready,
    /// Eligible, but problems on the form or materials still to prepare.
    Almost,
    /// No condition met (or the chosen one not met).
    NotYet,
}

impl Standing {
    pub fn key(self) -> &'static str {
        match self {
            Standing::Ready => "ready",
            Standing::Almost => "almost",
            Standing::NotYet => "not_yet",
        }
    }
}

/// Where the candidate stands: `engine::is_ready`, with the answers the
/// widget could not read (`unread`: a mistyped signing date is evaluated as
/// today, so "ready" would not be about their form) and the fill-in sheet.
pub fn standing(
    evaluation: &Evaluation,
    answers: &Answers,
    unread: &[FieldError],
    sheet: Option<&Sheet>,
) -> Standing {
    let (ready, total) = readiness(evaluation, answers);
    if !evaluation.eligible {
        Standing::NotYet
    } else if engine::is_ready(evaluation, sheet, unread.len(), total - ready) {
        Standing::Ready
    } else {
        Standing::Almost
    }
}

/// "Register on the site": its address, the identity to choose and the
/// condition to tick, with the steps' numbers, all as the rules have them.
pub fn register_line(plan: &Plan, condition: &str, lang: Lang) -> String {
    let step = |part| step_showing(plan, part);
    let n = |part| step(part).map(|s| s.n);
    let site = step(StepPart::Site).and_then(|s| s.site.as_deref());
    let choose = step(StepPart::Identity).and_then(|s| s.choose.as_deref());
    let mut parts: Vec<String> = Vec::new();
    match lang {
        Lang::Zh => {
            if let (Some(site), Some(k)) = (site, n(StepPart::Site)) {
                parts.push(format!("登录 {site} 报名（第 {k} 步起）"));
            }
            if let (Some(choose), Some(k)) = (choose, n(StepPart::Identity)) {
                parts.push(format!("第 {k} 步身份选择“{choose}”"));
            }
            match n(StepPart::Condition) {
                Some(k) => parts.push(format!(
                    "第 {k} 步资质材料处点选条件 {condition}，再按系统显示上传材料"
                )),
                None => parts.push(format!("点选条件 {condition}，再按系统显示上传材料")),
            }
            format!("{}。", parts.join("，"))
        }
        Lang::En => {
            if let (Some(site), Some(k)) = (site, n(StepPart::Site)) {
                parts.push(format!("Register at {site} (from step {k})"));
            }
            if let (Some(choose), Some(k)) = (choose, n(StepPart::Identity)) {
                parts.push(format!("choose {choose} at step {k}"));
            }
            match n(StepPart::Condition) {
                Some(k) => parts.push(format!(
                    "tick condition {condition} at step {k}, then upload what the site lists"
                )),
                None => parts.push(format!(
                    "tick condition {condition}, then upload what the site lists"
                )),
            }
            format!("{}.", parts.join("; "))
        }
    }
}

/// `line` with the site's address in it made a link (a candidate taps it
/// rather than copying it into the address bar).
fn with_link(line: &str, site: Option<&'static str>) -> AnyView {
    match site.and_then(|s| line.split_once(s).map(|(a, b)| (s, a, b))) {
        Some((site, before, after)) => view! {
            {before.to_owned()}
            <a href=site target="_blank" rel="noopener noreferrer" data-testid="summary-site-link">{site}</a>
            {after.to_owned()}
        }
        .into_any(),
        None => line.to_owned().into_any(),
    }
}

/// Waiting for the review and paying, pointing at the steps that say how.
pub fn review_line(plan: &Plan, lang: Lang) -> String {
    let n = |part| step_showing(plan, part).map(|s| s.n);
    match (lang, n(StepPart::Statuses), n(StepPart::Payment)) {
        (Lang::Zh, Some(a), Some(b)) => format!("等待审核（各状态的意思见第 {a} 步）；审核通过后按第 {b} 步缴费。"),
        (Lang::En, Some(a), Some(b)) => format!("Wait for the review (step {a} says what each status means); once approved, pay as in step {b}."),
        (l, _, _) => tr(l, "等待审核；审核通过后缴费。", "Wait for the review; once approved, pay.").to_owned(),
    }
}

#[component]
pub fn Summary() -> impl IntoView {
    let Session {
        evaluation,
        plan,
        answers,
        translated,
        sheet,
    } = expect_context::<Session>();
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>().0;
    // Every field's errors: the engine's problems (which `is_ready` also
    // reads) and the answers the widget could not read.
    let standing = Memo::new(move |_| {
        evaluation.with(|e| {
            answers.with(|a| errors.with(|u| sheet.with(|s| standing(e, a, u, s.as_ref()))))
        })
    });
    // The sheet's own problems (an unmet condition is the verdict's, above).
    let sheet_problems =
        Memo::new(move |_| sheet.with(|s| s.as_ref().map(Sheet::fixes).unwrap_or_default()));
    let counts = Memo::new(move |_| evaluation.with(|e| answers.with(|a| readiness(e, a))));

    let headline = move || {
        let ev = evaluation.get();
        let cond = condition_to_tick(&ev);
        match (standing.get(), lang.get(), cond) {
            (Standing::Ready, Lang::Zh, Some(c)) => {
                format!("可以去报名了：符合条件 {c}，材料都已准备好。")
            }
            (Standing::Ready, Lang::En, Some(c)) => {
                format!("Ready to register: condition {c} met and every material ready.")
            }
            (Standing::Ready, Lang::Zh, None) => "可以去报名了。".to_owned(),
            (Standing::Ready, Lang::En, None) => "Ready to register.".to_owned(),
            (Standing::Almost, Lang::Zh, _) => {
                "符合报考条件，但还有事情要做（见下方）。".to_owned()
            }
            (Standing::Almost, Lang::En, _) => {
                "You meet a condition, but a few things are left (see below).".to_owned()
            }
            (Standing::NotYet, Lang::Zh, _) => "暂时还不能报名：没有符合的报考条件。".to_owned(),
            (Standing::NotYet, Lang::En, _) => "Not ready yet: no condition is met.".to_owned(),
        }
    };

    let condition_line = move || {
        let ev = evaluation.get();
        let id = condition_to_tick(&ev)?;
        let shown = ev
            .conditions
            .iter()
            .find(|o| o.id == id)
            .map(|o| answers.with(|a| Shown::of(plan.get(), o, a)))?;
        let text = match lang.get() {
            Lang::Zh => format!("报考条件：条件 {id}"),
            Lang::En => format!("Condition: {id}"),
        };
        Some(view! {
            <p data-testid="summary-condition" data-condition=id.clone()>
                {text}" "
                <StatusBadge shown=shown />
            </p>
        })
    };

    // The earliest date on which some condition would be met, if not yet.
    let earliest = move || {
        evaluation.with(|e| {
            if e.eligible {
                return None;
            }
            e.conditions
                .iter()
                .filter_map(|o| o.earliest.map(|d| (d, o.id.clone())))
                .min()
        })
    };

    // Everything to fix, once: the answers' problems and the sheet's. The
    // list and the "what to do next" line count the same list.
    let to_fix_list = Memo::new(move |_| {
        let mut list = errors.get();
        for p in sheet_problems.get() {
            let field = crate::answers::field_id(&p.field);
            if !list
                .iter()
                .any(|e| e.field == field && e.zh == p.message_zh)
            {
                list.push(FieldError {
                    field,
                    zh: p.message_zh,
                    en: p.message_en,
                });
            }
        }
        list
    });
    let problems = move || {
        let list = to_fix_list.get();
        let count = list.len();
        (count > 0).then(|| {
            view! {
                <section class="pc-summary-part" data-testid="summary-problems">
                    <h3>{move || match lang.get() {
                        Lang::Zh => format!("表单上要改正的（{count} 处）"),
                        Lang::En => format!("To fix in your answers ({count})"),
                    }}</h3>
                    <ul>
                        {list.into_iter().map(|p| view! {
                            <li data-field=p.field.clone()>{move || tr(lang.get(), &p.zh, &p.en).to_owned()}</li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    };

    let missing = move || {
        let names: Vec<MaterialOut> = evaluation
            .with(|e| answers.with(|a| missing_materials(e, a).into_iter().cloned().collect()));
        let total = counts.get().1;
        (total > 0).then(|| {
            view! {
                <section class="pc-summary-part" data-testid="summary-materials">
                    <h3>{move || tr(lang.get(), "材料", "Papers")}</h3>
                    <p data-testid="summary-readiness">{move || readiness_text(lang.get(), counts.get())}</p>
                    {if names.is_empty() {
                        view! { <p>{move || tr(lang.get(), "清单上的材料都已勾选。", "Every paper on the list is ticked.")}</p> }.into_any()
                    } else {
                        view! {
                            <p>{move || tr(lang.get(), "还没准备好：", "Not ready yet:")}</p>
                            <ul data-testid="summary-missing">
                                {names.into_iter().map(|n| { let key = n.name.clone(); view! { <li data-material=key>{move || material_name(lang.get(), &n)}</li> } }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })
    };

    let next_steps = move || {
        let ev = evaluation.get();
        let l = lang.get();
        let (ready, total) = counts.get();
        let site: Option<&'static str> =
            step_showing(plan.get(), StepPart::Site).and_then(|s| s.site.as_deref());
        let mut items: Vec<String> = Vec::new();
        if !ev.eligible {
            items.push(tr(l, "在下面「核对你的回答」里核对或补充；每一条报考条件还差什么，写在「关于你」这一步的条件下面。", "Check or complete your answers under \"Check your answers\" below; what each condition still needs is under it in the About you step.").to_owned());
            if let Some((d, id)) = earliest() {
                items.push(match l {
                    Lang::Zh => format!("如情况不变，预计 {d} 起符合条件 {id}，届时再报名。"),
                    Lang::En => format!(
                        "If nothing changes, you meet condition {id} on {d}; register then."
                    ),
                });
            }
        }
        let to_fix = to_fix_list.with(Vec::len);
        if to_fix > 0 {
            items.push(match l {
                Lang::Zh => format!("改正表单上的 {to_fix} 处问题（含填写草稿发现的）。"),
                Lang::En => {
                    format!("Fix the {to_fix} problem(s) in your answers and on the fill-in sheet.")
                }
            });
        }
        if total > ready {
            items.push(match l {
                Lang::Zh => format!("准备好还缺的 {} 件材料，并按要求检查照片。", total - ready),
                Lang::En => format!(
                    "Prepare the {} material(s) still missing and check the photos.",
                    total - ready
                ),
            });
        }
        if ev.eligible {
            if let Some(c) = condition_to_tick(&ev) {
                items.push(plan.with(|p| register_line(p, &c, l)));
            }
            items.push(plan.with(|p| review_line(p, l)));
            if plan.with(|p| p.mailing.is_some()) {
                items.push(tr(l, "缴费后，在考试报名期限内把纸质材料邮寄到指定地址（见报名步骤中的邮寄一步）。", "After payment, mail the paper forms to the address within the registration period (see the mailing step).").to_owned());
            }
            items.push(
                tr(
                    l,
                    "缴费成功后，等待准考证打印。",
                    "After payment, wait for the admission ticket (准考证).",
                )
                .to_owned(),
            );
        }
        view! {
            <section class="pc-summary-part" data-testid="summary-next">
                <h3>{tr(l, "接下来", "What to do next")}</h3>
                <ol class="pc-next">{items.into_iter().map(|t| view! { <li>{with_link(&t, site)}</li> }).collect_view()}</ol>
            </section>
        }
    };

    // Not eligible: an outcome page (GOV.UK's): why in one plain sentence,
    // what would change it and when, and the plans open now, as links.
    let outcome = move || {
        if standing.get() != Standing::NotYet {
            return None;
        }
        let l = lang.get();
        // The profile the evaluation was made from; its date as the evaluation's.
        let p = plan.get();
        let as_of = evaluation.with(|e| e.as_of);
        let (ov, uncounted) =
            translated.with(|(profile, _)| (overview(profile, as_of), uncounted_work(p, profile)));
        let mine = ov.plans.iter().find(|v| v.plan == p.id)?.clone();
        let mut why = match (l, mine.status, mine.condition.as_deref()) {
            (Lang::Zh, Verdict::NeedsInfo, Some(c)) => {
                format!("还缺信息，无法判断条件 {c}：{}。", mine.reason_zh)
            }
            (Lang::En, Verdict::NeedsInfo, Some(c)) => format!(
                "Some answers are missing to judge condition {c}: {}.",
                mine.reason_en
            ),
            (Lang::Zh, _, Some(c)) => format!("最接近的是条件 {c}，还差：{}。", mine.reason_zh),
            (Lang::En, _, Some(c)) => format!(
                "The nearest is condition {c}; it still needs: {}.",
                mine.reason_en
            ),
            (_, _, None) => tr(l, "没有符合的报考条件。", "No condition is met.").to_owned(),
        };
        if !uncounted.is_empty() {
            let names = uncounted.join(match l {
                Lang::Zh => "”“",
                Lang::En => "\", \"",
            });
            why += &match l {
                Lang::Zh => format!("你填写的“{names}”工作不属于本职业或相关职业，所以这段年限不计入。"),
                Lang::En => format!(" Your work as \"{names}\" is neither this occupation nor a related one, so those years do not count."),
            };
        }
        let open: Vec<PlanVerdict> = ov
            .plans
            .iter()
            .filter(|v| v.status == Verdict::Now && v.held.is_none())
            .cloned()
            .collect();
        let cond = mine.condition.clone().unwrap_or_default();
        let mut change = match (l, mine.status, mine.earliest) {
            (Lang::Zh, Verdict::NeedsInfo, _) => "先回答还没回答的问题（在下面「核对你的回答」点“更改”），才能判断。".to_owned(),
            (Lang::En, Verdict::NeedsInfo, _) => "First answer the questions still open (Change, under Check your answers below); then it can be judged.".to_owned(),
            (Lang::Zh, _, Some(d)) => format!("如情况不变、工作继续，{d} 起符合条件 {cond}，届时就可以报。"),
            (Lang::En, _, Some(d)) => format!("If nothing changes and your work goes on, you meet condition {cond} on {d}; register then."),
            (Lang::Zh, _, None) => format!("只等时间不会改变结论：需要先有{}。", mine.reason_zh),
            (Lang::En, _, None) => format!("Waiting alone will not change this: it first needs {}.", mine.reason_en),
        };
        if !open.is_empty() {
            change += tr(
                l,
                "下面是你现在就可以报的。",
                " Below is what you can take now.",
            );
        }
        let recommended = ov.recommended.clone();
        let mode = use_context::<crate::steps::levels::LevelsMode>();
        let choose = use_context::<ChoosePlan>();
        Some(view! {
            <section class="pc-outcome" data-testid="outcome">
                <h3>{tr(l, "为什么还不能报", "Why not yet")}</h3>
                <p data-testid="outcome-reason">{why}</p>
                <h3>{tr(l, "怎样才能报", "What would change it")}</h3>
                <p data-testid="outcome-change">{change}</p>
                {(!open.is_empty()).then(|| view! {
                    <h3>{tr(l, "现在就可以报的", "What you can take now")}</h3>
                    <ul class="pc-outcome-plans" data-testid="outcome-plans">
                        {open.into_iter().map(|v| {
                            let title = catalog().plan(&v.plan).map_or(v.plan.clone(), |p| tr(l, &p.title_zh, &p.title_en).to_owned());
                            let first = recommended.as_deref() == Some(v.plan.as_str());
                            let id = v.plan.clone();
                            view! {
                                <li>
                                    <button type="button" class="pc-link" data-plan=v.plan.clone()
                                        on:click=move |_| if let Some(ChoosePlan(c)) = choose { c.run(id.clone()) }>
                                        {title}
                                    </button>
                                    {first.then(|| view! { <span class="pc-badge met">{tr(l, "建议", "Suggested")}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {mode.map(|m| view! {
                    <p><button type="button" class="pc-button secondary" data-testid="outcome-overview"
                        on:click=move |_| m.open_overview()>
                        {tr(l, "看各级别什么时候能报", "See when each level opens")}
                    </button></p>
                })}
            </section>
        })
    };

    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    view! {
        <div class="pc-summary-block" data-testid="summary">
            <p
                class=move || format!("pc-summary pc-standing {}", standing.get().key())
                class:ok=move || standing.get() == Standing::Ready
                data-testid="summary-status"
                data-standing=move || standing.get().key()
                role="status"
            >
                {headline}
            </p>
            <p class="pc-source">
                {move || plan.with(|p| tr(lang.get(), &p.title_zh, &p.title_en).to_owned())}
                {move || evaluation.with(|e| match lang.get() {
                    Lang::Zh => format!("；按 {} 计算", e.as_of),
                    Lang::En => format!("; as of {}", e.as_of),
                })}
            </p>
            {outcome}
            {condition_line}
            {problems}
            {missing}
            {next_steps}
            <CheckAnswers answers=answers topics=Memo::new(move |_| topics_for(plan.get())) />
            {use_context::<crate::steps::levels::LevelsMode>().map(|m| view! {
                <p><button type="button" class="pc-button secondary" data-testid="levels-link"
                    on:click=move |_| m.open_overview()>
                    {move || tr(lang.get(), "我还能报哪些？", "What else can I take?")}
                </button></p>
            })}
            <div class="pc-print">
                <button type="button" class="pc-button secondary" data-testid="print" on:click=print>
                    {move || tr(lang.get(), "打印", "Print")}
                </button>
                <p class="pc-hint">{move || tr(
                    lang.get(),
                    "在微信里如无法打印，可截图保存，或用手机浏览器打开后打印。",
                    "If WeChat cannot print, take a screenshot or open the page in the phone's browser.",
                )}</p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use precheck_core::date::date;
    use precheck_core::engine::evaluate;
    use precheck_core::profile::{Profile, WorkPeriod};
    use precheck_core::rules::catalog;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn six_years() -> Evaluation {
        let plan = catalog().plan("ecommerce-4-beijing").expect("plan");
        let profile = Profile {
            work: vec![WorkPeriod {
                employer: Some("北京某某科技有限公司".into()),
                occupation: Some("电子商务师".into()),
                start: Some(date(2018, 1, 1)),
                end: None,
                employer_founded: Some(date(2015, 3, 1)),
                employer_dissolved: None,
                part_time: None,
                department: None,
            }],
            ..Profile::default()
        };
        evaluate(plan, &profile, date(2026, 11, 23), None)
    }

    #[wasm_bindgen_test]
    fn standing_needs_eligibility_and_every_material() {
        let ev = six_years();
        assert!(ev.eligible, "{:?}", ev.conditions);
        assert!(ev.problems.is_empty(), "{:?}", ev.problems);
        let mut answers = Answers::default();
        assert_eq!(standing(&ev, &answers, &[], None), Standing::Almost);
        for m in &ev.materials {
            answers.ready_materials.insert(m.name.clone());
        }
        assert_eq!(standing(&ev, &answers, &[], None), Standing::Ready);

        let plan = catalog().plan("ecommerce-4-beijing").expect("plan");
        let nothing = evaluate(plan, &Profile::default(), date(2026, 11, 23), None);
        assert_eq!(standing(&nothing, &answers, &[], None), Standing::NotYet);
    }

    #[wasm_bindgen_test]
    fn a_field_the_engine_could_not_read_keeps_the_candidate_from_ready() {
        let ev = six_years();
        let answers = Answers {
            ready_materials: ev.materials.iter().map(|m| m.name.clone()).collect(),
            ..Answers::default()
        };
        let mistyped = FieldError {
            field: "as_of".into(),
            zh: "日期格式不对".into(),
            en: "Not a date".into(),
        };
        assert_eq!(standing(&ev, &answers, &[mistyped], None), Standing::Almost);
    }
}
