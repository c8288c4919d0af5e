//! Registering on the organiser's site: the guide's ten steps, each with what
//! to enter or pick there for this candidate (the plan to 职工身份, the
//! condition to tick, the uploads), what each status after submission means,
//! and, where the guide demands it, the mailing step after payment.
//!
//! Everything about the site comes from the rules (steps.toml and the
//! plan): the steps and their numbers, which step gets which of the
//! candidate's own parts (`shows`), the site's address, the identity to
//! choose, the statuses (the guides' own sentences), the notes and the
//! mailing details. A note about one condition shows only for that
//! condition (chosen, or before a choice the one met).

use crate::answers::Answers;
use crate::i18n::{tr, Lang};
use crate::session::Session;
use crate::steps::materials::{condition_to_tick, material_name};
use crate::steps::verdicts::{Shown, StatusBadge};
use leptos::prelude::*;
use precheck_core::engine::Evaluation;
use precheck_core::photo;
use precheck_core::rules::{Mailing, Plan, Prep, SiteStatus, Step, StepPart, Upload};

/// The step of `plan` that shows `part`, if any.
pub fn step_showing(plan: &Plan, part: StepPart) -> Option<&Step> {
    plan.steps.iter().find(|s| s.shows == Some(part))
}

#[component]
pub fn RegisterSteps() -> impl IntoView {
    let Session {
        evaluation, plan, ..
    } = expect_context::<Session>();
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <div class="pc-register" data-testid="register-steps">
            <p class="pc-hint">
                {move || tr(
                    lang.get(),
                    "以下是指南中的报名流程，每一步写明你在网站上要填什么、选什么。",
                    "The guide's registration steps, each with what you enter or pick on the site.",
                )}
            </p>
            <ol class="pc-reg-steps">
                {move || {
                    let p = plan.get();
                    let mut steps: Vec<&Step> = p.steps.iter().collect();
                    steps.sort_by_key(|s| s.n);
                    steps.into_iter().map(|s| {
                        let mailing = (s.shows == Some(StepPart::Payment)).then(|| p.mailing.as_ref().map(|m| view! { <MailingStep mailing=m plan=p evaluation=evaluation /> })).flatten();
                        view! {
                            <StepItem step=s plan=p evaluation=evaluation />
                            {mailing}
                        }
                    }).collect_view()
                }}
            </ol>
        </div>
    }
}

#[component]
fn StepItem(
    step: &'static Step,
    plan: &'static Plan,
    evaluation: Memo<Evaluation>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let n = step.n;
    let extra = step.shows.and_then(|part| match part {
        StepPart::Site => {
            Some(view! { <SiteLink site=step.site.as_deref().unwrap_or_default() /> }.into_any())
        }
        StepPart::Plan => Some(view! { <PlanToPick plan=plan /> }.into_any()),
        StepPart::Identity => {
            let choose = step.choose.as_deref().unwrap_or_default();
            Some(
                view! {
                    <p class="pc-enter" data-testid="step-enter">
                        {move || tr(lang.get(), "选择：", "Choose: ")}<strong>{choose}</strong>
                    </p>
                }
                .into_any(),
            )
        }
        StepPart::Uploads => Some(view! { <IdentityUploads evaluation=evaluation /> }.into_any()),
        StepPart::Condition => {
            Some(view! { <ConditionToTick evaluation=evaluation plan=plan /> }.into_any())
        }
        StepPart::Statuses => Some(view! { <Statuses statuses=&*step.statuses /> }.into_any()),
        // The plan's mailing step follows this one (RegisterSteps).
        StepPart::Payment => None,
    });
    // A note about one condition: only for a candidate who chose it, or
    // before a choice meets it.
    let note_applies = move || match step.note_condition.as_deref() {
        None => true,
        Some(c) => evaluation.with(|e| condition_to_tick(e).as_deref() == Some(c)),
    };
    view! {
        <li class="pc-reg-step" data-step=n.to_string()>
            <h3>{move || match lang.get() { Lang::Zh => format!("第 {n} 步"), Lang::En => format!("Step {n}") }}</h3>
            <p>{move || tr(lang.get(), &step.text_zh, &step.text_en).to_owned()}</p>
            {extra}
            {move || step.note_zh.as_ref().filter(|_| note_applies()).map(|zh| {
                let en = step.note_en.clone().unwrap_or_else(|| zh.clone());
                view! {
                    <p class="pc-note" role="note" data-testid="step-note">
                        <strong>{move || tr(lang.get(), "本指南：", "This guide: ")}</strong>
                        {move || tr(lang.get(), zh, &en).to_owned()}
                    </p>
                }
            })}
        </li>
    }
}

#[component]
fn SiteLink(site: &'static str) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <p class="pc-enter">
            {move || tr(lang.get(), "网址：", "Address: ")}
            <a href=site target="_blank" rel="noopener noreferrer" data-testid="site-link">{site}</a>
        </p>
        <p class="pc-hint">
            {move || tr(
                lang.get(),
                "本工具不会替你打开或填写网站，也不会把任何信息发送过去。",
                "This tool never opens or fills in the site for you and sends it nothing.",
            )}
        </p>
    }
}

/// The plan's name to look for in the site's list of 认定计划.
#[component]
fn PlanToPick(plan: &'static Plan) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let occupation = plan.form_occupation();
    let level = plan.level_name.clone();
    let region = plan.region.clone();
    view! {
        <p class="pc-enter" data-testid="step-enter">
            {move || tr(lang.get(), "找职业与等级相符的认定计划：", "Pick the plan with this occupation and level: ")}
            <strong>{format!("{occupation} · {level}")}</strong>
            {region.map(|r| view! { {move || tr(lang.get(), "，地区：", ", region: ")}<strong>{r.clone()}</strong> })}
        </p>
    }
}

/// The identity uploads among this condition's materials.
#[component]
fn IdentityUploads(evaluation: Memo<Evaluation>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let items = move || {
        evaluation.with(|e| {
            let mut out: Vec<(String, String)> = Vec::new();
            // The photo's words are its spec's (format, size window): an
            // organiser's other limits give other words.
            let spec = photo::spec(photo::Material::Photo, Some(&e.plan_id));
            let (file_zh, file_en) = spec.file_words();
            for m in &e.materials {
                for u in &m.uploads {
                    let label = match u {
                        Upload::IdFront => (
                            "身份证人像面照片".to_string(),
                            "ID card, photo side".to_string(),
                        ),
                        Upload::IdBack => (
                            "身份证国徽面照片".to_string(),
                            "ID card, emblem side".to_string(),
                        ),
                        // Hebei's guide asks for a colour photo ("一寸照片 (彩色白底)"): its spec fails grayscale.
                        Upload::Photo if spec.grayscale == Some(photo::Verdict::Fail) => (
                            format!("彩色白底一寸证件照（{file_zh}）"),
                            format!("Colour 1-inch photo, white background ({file_en})"),
                        ),
                        Upload::Photo => (
                            format!("白底一寸证件照（{file_zh}）"),
                            format!("White-background 1-inch photo ({file_en})"),
                        ),
                        Upload::DocumentPhoto => continue,
                    };
                    if !out.contains(&label) {
                        out.push(label);
                    }
                }
            }
            out
        })
    };
    let paper = move || {
        evaluation.with(|e| {
            e.materials
                .iter()
                .filter(|m| m.uploads.contains(&Upload::DocumentPhoto))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    move || {
        let ids = items();
        let docs = paper();
        (!ids.is_empty() || !docs.is_empty()).then(|| {
            view! {
                <div class="pc-enter" data-testid="step-uploads">
                    {(!ids.is_empty()).then(|| view! {
                        <p>{move || tr(lang.get(), "要上传的证件照片（可先在「材料」里检查）：", "ID photos to upload (check them under Papers first):")}</p>
                        <ul>{ids.into_iter().map(|(zh, en)| view! { <li>{move || tr(lang.get(), &zh, &en).to_owned()}</li> }).collect_view()}</ul>
                    })}
                    {(!docs.is_empty()).then(|| view! {
                        <p>{move || tr(lang.get(), "打印、填写后拍照上传的纸质材料：", "Papers to print, fill in and photograph:")}</p>
                        <ul>{docs.into_iter().map(|d| view! { <li>{move || material_name(lang.get(), &d)}</li> }).collect_view()}</ul>
                    })}
                </div>
            }
        })
    }
}

/// Which condition to tick so the right upload slots appear.
#[component]
fn ConditionToTick(evaluation: Memo<Evaluation>, plan: &'static Plan) -> impl IntoView {
    let answers = expect_context::<RwSignal<Answers>>();
    let lang = expect_context::<RwSignal<Lang>>();
    move || {
        let ev = evaluation.get();
        let Some(id) = condition_to_tick(&ev) else {
            return view! {
                <p class="pc-warning" data-testid="tick-condition">
                    {move || tr(
                        lang.get(),
                        "你目前还没有符合的条件，暂时不知道该点选哪一条。请先在「报考条件」里补充或核对信息。",
                        "You meet no condition yet, so there is nothing to tick. Complete or check your answers under Conditions first.",
                    )}
                </p>
            }
            .into_any();
        };
        let shown = ev
            .conditions
            .iter()
            .find(|o| o.id == id)
            .map(|o| answers.with(|a| Shown::of(plan, o, a)));
        let quote = plan
            .condition(&id)
            .map(|c| (c.text.clone(), c.text_en.clone()));
        let names = ev.materials.clone();
        let id_for_text = id.clone();
        view! {
            <div class="pc-enter" data-testid="tick-condition" data-condition=id.clone()>
                <p>
                    {move || tr(lang.get(), "点选：", "Tick: ")}
                    <strong>{move || format!("{} {}", tr(lang.get(), "条件", "condition"), id_for_text)}</strong>
                    {shown.map(|s| view! { " " <StatusBadge shown=s /> })}
                </p>
                {quote.map(|(zh, en)| view! { <blockquote class="pc-quote">{move || tr(lang.get(), &zh, &en).to_owned()}</blockquote> })}
                {(!shown.is_some_and(Shown::is_met)).then(|| view! {
                    <p class="pc-warning">{move || tr(
                        lang.get(),
                        "这一条你目前还不符合；报名时请只点选你符合的条件。",
                        "You do not meet this condition yet; on the site tick only a condition you meet.",
                    )}</p>
                })}
                {(!names.is_empty()).then(|| view! {
                    <p>{move || tr(lang.get(), "按指南，这一条要上传：", "Per the guide, this condition needs:")}</p>
                    <ul>{names.into_iter().map(|n| view! { <li>{move || material_name(lang.get(), &n)}</li> }).collect_view()}</ul>
                })}
            </div>
        }
        .into_any()
    }
}

/// What each status under 报名信息 means (the guides' sentences, from the rules).
#[component]
fn Statuses(statuses: &'static [SiteStatus]) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <dl class="pc-statuses" data-testid="statuses">
            {statuses.iter().map(|st| view! {
                <div class="pc-status-row" data-status=st.key.to_string()>
                    <dt>{st.name.to_string()}</dt>
                    <dd>{move || tr(lang.get(), &st.text_zh, &st.text_en).to_owned()}</dd>
                </div>
            }).collect_view()}
        </dl>
        <p class="pc-hint">{move || tr(
            lang.get(),
            "审核通过或不通过系统会有短信通知，也可以自行查询。",
            "You get an SMS when the review passes or fails, or you can look it up yourself.",
        )}</p>
    }
}

/// After payment (Beijing plans): what to mail, where, by when.
#[component]
fn MailingStep(
    mailing: &'static Mailing,
    plan: &'static Plan,
    evaluation: Memo<Evaluation>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    // The guide's 说明 containing the rule, verbatim, says what happens if late.
    let guide_note = plan.notes.iter().find(|n| n.text.contains(&*mailing.rule));
    let address = mailing.address.clone();
    let mine = move || {
        evaluation.with(|e| {
            e.materials
                .iter()
                .filter(|m| m.prep.contains(&Prep::MailedAfterPayment))
                .map(|m| {
                    let copies = m.prep.contains(&Prep::TwoCopies);
                    (m.name.clone(), copies)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <li class="pc-reg-step pc-step-mailing" data-step="mailing" data-testid="mailing-step">
            <h3>{move || tr(lang.get(), "缴费后：邮寄纸质材料（本计划必做）", "After payment: mail the paper forms (required for this plan)")}</h3>
            <dl class="pc-mailing">
                <dt>{move || tr(lang.get(), "邮寄什么", "What")}</dt>
                <dd>
                    <ul>{mailing.items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
                </dd>
                <dt>{move || tr(lang.get(), "地址", "Address")}</dt>
                <dd data-testid="mailing-address">{address}</dd>
                <dt>{move || tr(lang.get(), "联系人", "Contact")}</dt>
                <dd>{mailing.contact.clone()}</dd>
                <dt>{move || tr(lang.get(), "电话", "Phone")}</dt>
                <dd><a href=format!("tel:{}", mailing.phone)>{mailing.phone.clone()}</a></dd>
            </dl>
            {move || {
                let list = mine();
                (!list.is_empty()).then(|| view! {
                    <p>{move || tr(lang.get(), "你的材料中要邮寄的原件：", "Your papers to mail as originals:")}</p>
                    <ul>{list.into_iter().map(|(name, two)| view! {
                        <li>{name}{two.then(|| view! { " " <span class="pc-badge">{move || tr(lang.get(), "一式两份", "Two copies")}</span> })}</li>
                    }).collect_view()}</ul>
                })
            }}
            <p><strong>{move || tr(lang.get(), "期限（指南原文）：", "Deadline (the guide's words):")}</strong></p>
            <blockquote class="pc-quote" data-testid="mailing-rule">{mailing.rule.clone()}</blockquote>
            {move || (lang.get() == Lang::En).then(|| view! { <p>{mailing.rule_en.clone()}</p> })}
            {guide_note.map(|n| view! {
                <p class="pc-note" role="note">
                    <strong>{format!("{}：", n.id)}</strong>
                    {move || tr(lang.get(), &n.text, &n.text_en).to_owned()}
                </p>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::summary::register_line;
    use precheck_core::date::date;
    use precheck_core::engine::evaluate;
    use precheck_core::profile::Profile;
    use precheck_core::rules::catalog;
    use std::borrow::Cow;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The registration steps of `plan`, rendered into an element in no
    /// document, for a candidate with no answers who chose `chosen`.
    fn render(plan: &'static Plan, chosen: Option<&str>) -> web_sys::HtmlElement {
        let document = web_sys::window().unwrap().document().unwrap();
        let el: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
        let ev = evaluate(plan, &Profile::default(), date(2026, 11, 23), chosen);
        leptos::mount::mount_to(el.clone(), move || {
            provide_context(RwSignal::new(Lang::Zh));
            let answers = RwSignal::new(Answers::default());
            provide_context(answers);
            provide_context(Session {
                plan: Memo::new(move |_| plan),
                answers,
                translated: Memo::new(|_| (Profile::default(), Vec::new())),
                evaluation: Memo::new(move |_| ev.clone()),
                sheet: Memo::new(|_| None),
            });
            view! { <RegisterSteps /> }
        })
        .forget();
        el
    }

    fn text(el: &web_sys::HtmlElement, selector: &str) -> Option<String> {
        el.query_selector(selector)
            .unwrap()
            .and_then(|e| e.text_content())
    }

    /// steps.toml with one step put in front (every number moves), another
    /// site, another identity to choose and another status.
    fn renumbered() -> &'static Plan {
        let mut plan = catalog().plan("ecommerce-4-beijing").unwrap().clone();
        let mut steps: Vec<Step> = plan.steps.to_vec();
        for s in &mut steps {
            s.n += 1;
            match s.shows {
                Some(StepPart::Site) => s.site = Some("https://example.org/baoming/".into()),
                Some(StepPart::Identity) => s.choose = Some("学生身份".into()),
                Some(StepPart::Statuses) => {
                    s.statuses = Cow::Owned(vec![SiteStatus {
                        name: "待审".into(),
                        key: "waiting".into(),
                        text_zh: "测试用的状态。".into(),
                        text_en: "A status for the test.".into(),
                    }])
                }
                _ => {}
            }
        }
        let mut first = steps[1].clone();
        first.n = 1;
        first.text_zh = "先阅读考生须知。".into();
        first.shows = None;
        first.site = None;
        first.choose = None;
        first.statuses = Cow::Borrowed(&[]);
        first.note_zh = None;
        first.note_en = None;
        first.note_condition = None;
        steps.insert(0, first);
        plan.steps = Cow::Owned(steps);
        Box::leak(Box::new(plan))
    }

    #[wasm_bindgen_test]
    fn the_site_facts_and_step_numbers_come_from_the_rules() {
        let as_shipped = render(catalog().plan("ecommerce-4-beijing").unwrap(), None);
        let link = as_shipped
            .query_selector("li[data-step='1'] [data-testid='site-link']")
            .unwrap()
            .expect("the site under step 1");
        assert_eq!(
            link.get_attribute("href").as_deref(),
            Some("http://www.jinengpingjia.com/")
        );
        assert!(
            text(&as_shipped, "li[data-step='4'] [data-testid='step-enter']")
                .unwrap()
                .contains("职工身份")
        );
        assert!(text(
            &as_shipped,
            "li[data-step='8'] [data-status='under_review']"
        )
        .is_some());

        let plan = renumbered();
        let el = render(plan, None);
        assert!(text(&el, "li[data-step='1'] [data-testid='site-link']").is_none());
        let link = el
            .query_selector("li[data-step='2'] [data-testid='site-link']")
            .unwrap()
            .expect("the site under the step that now shows it");
        assert_eq!(
            link.get_attribute("href").as_deref(),
            Some("https://example.org/baoming/")
        );
        assert!(text(&el, "li[data-step='5'] [data-testid='step-enter']")
            .unwrap()
            .contains("学生身份"));
        assert!(text(&el, "li[data-step='4'] [data-testid='step-enter']").is_none());
        assert!(text(&el, "[data-status='under_review']").is_none());
        assert!(text(&el, "li[data-step='9'] [data-status='waiting']")
            .unwrap()
            .contains("测试用的状态"));
        assert!(
            el.query_selector("li[data-step='10'] + li[data-step='mailing']")
                .unwrap()
                .is_some(),
            "the mailing step follows the payment step"
        );
        // and the summary says the same
        let line = register_line(plan, "2", Lang::Zh);
        assert!(line.contains("https://example.org/baoming/"), "{line}");
        assert!(line.contains("第 5 步身份选择“学生身份”"), "{line}");
        assert!(line.contains("第 8 步资质材料处点选条件 2"), "{line}");
        assert!(!line.contains("jinengpingjia"), "{line}");
    }

    #[wasm_bindgen_test]
    fn a_note_about_one_condition_shows_only_for_that_condition() {
        let plan = catalog().plan("ecommerce-4-beijing").unwrap();
        let note = |chosen| {
            text(
                &render(plan, chosen),
                "li[data-step='6'] [data-testid='step-note']",
            )
        };
        assert_eq!(note(Some("1")), None, "condition 1 chosen: no 学信网 note");
        assert_eq!(
            note(None),
            None,
            "no condition chosen or met: no 学信网 note"
        );
        assert!(note(Some("3")).unwrap().contains("学信网"));
        // a note for every candidate stays
        assert!(text(
            &render(plan, Some("1")),
            "li[data-step='1'] [data-testid='step-note']"
        )
        .unwrap()
        .contains("立即注册"));
    }
}
