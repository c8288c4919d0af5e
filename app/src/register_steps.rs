//! Registering on the organiser's site: the guide's ten steps, each with what
//! to enter or pick there for this candidate (the plan to pick, 职工身份, the
//! condition to tick, the uploads), what each status after submission means,
//! and, where the guide demands it, the mailing step after payment.
//!
//! Step texts, notes and the mailing details come from the rules (steps.toml
//! and the plan); the status texts below are the guides' own sentences.

use crate::answers::Answers;
use crate::i18n::{pick, tr, Lang};
use crate::materials::condition_to_tick;
use crate::verdicts::{Shown, StatusBadge};
use leptos::prelude::*;
use precheck_core::engine::Evaluation;
use precheck_core::photo;
use precheck_core::rules::{Mailing, Plan, Prep, Step, Upload};

/// The organiser's registration site, as the guides print it.
pub const SITE: &str = "http://www.jinengpingjia.com/";

#[component]
pub fn RegisterSteps(evaluation: Memo<Evaluation>, plan: Memo<&'static Plan>) -> impl IntoView {
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
            <ol class="pc-steps">
                {move || {
                    let p = plan.get();
                    let mut steps: Vec<&Step> = p.steps.iter().collect();
                    steps.sort_by_key(|s| s.n);
                    steps.into_iter().map(|s| {
                        let mailing = (s.n == 9).then(|| p.mailing.as_ref().map(|m| view! { <MailingStep mailing=m plan=p evaluation=evaluation /> })).flatten();
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
    let extra = match n {
        1 => Some(view! { <SiteLink /> }.into_any()),
        2 => Some(view! { <PlanToPick plan=plan /> }.into_any()),
        4 => Some(
            view! {
                <p class="pc-enter" data-testid="step-enter">
                    {move || tr(lang.get(), "选择：", "Choose: ")}<strong>"职工身份"</strong>
                </p>
            }
            .into_any(),
        ),
        6 => Some(view! { <IdentityUploads evaluation=evaluation /> }.into_any()),
        7 => Some(view! { <ConditionToTick evaluation=evaluation plan=plan /> }.into_any()),
        8 => Some(view! { <Statuses /> }.into_any()),
        _ => None,
    };
    view! {
        <li class="pc-step" data-step=n.to_string()>
            <h3>{move || match lang.get() { Lang::Zh => format!("第 {n} 步"), Lang::En => format!("Step {n}") }}</h3>
            <p>{move || pick(lang.get(), &step.text_zh, &step.text_en).to_owned()}</p>
            {extra}
            {step.note_zh.as_ref().map(|zh| {
                let en = step.note_en.clone().unwrap_or_else(|| zh.clone());
                view! {
                    <p class="pc-note" role="note">
                        <strong>{move || tr(lang.get(), "本指南：", "This guide: ")}</strong>
                        {move || pick(lang.get(), zh, &en).to_owned()}
                    </p>
                }
            })}
        </li>
    }
}

#[component]
fn SiteLink() -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <p class="pc-enter">
            {move || tr(lang.get(), "网址：", "Address: ")}
            <a href=SITE target="_blank" rel="noopener noreferrer" data-testid="site-link">{SITE}</a>
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

/// Step 6: the identity uploads among this condition's materials.
#[component]
fn IdentityUploads(evaluation: Memo<Evaluation>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let items = move || {
        evaluation.with(|e| {
            let mut out: Vec<(&'static str, &'static str)> = Vec::new();
            for m in &e.materials {
                for u in &m.uploads {
                    let label = match u {
                        Upload::IdFront => ("身份证人像面照片", "ID card, photo side"),
                        Upload::IdBack => ("身份证国徽面照片", "ID card, emblem side"),
                        // Hebei's guide asks for a colour photo ("一寸照片 (彩色白底)"): its spec fails grayscale.
                        Upload::Photo
                            if photo::spec(photo::Material::Photo, Some(&e.plan_id)).grayscale
                                == Some(photo::Verdict::Fail) =>
                        {
                            (
                                "彩色白底一寸证件照（JPG，40k–80k）",
                                "Colour 1-inch photo, white background (JPG, 40–80 KB)",
                            )
                        }
                        Upload::Photo => (
                            "白底一寸证件照（JPG，40k–80k）",
                            "White-background 1-inch photo (JPG, 40–80 KB)",
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
                .map(|m| m.name.clone())
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
                        <p>{move || tr(lang.get(), "要上传的证件照片（可先在「材料」里检查）：", "ID photos to upload (check them under Materials first):")}</p>
                        <ul>{ids.into_iter().map(|(zh, en)| view! { <li>{move || pick(lang.get(), zh, en).to_owned()}</li> }).collect_view()}</ul>
                    })}
                    {(!docs.is_empty()).then(|| view! {
                        <p>{move || tr(lang.get(), "打印、填写后拍照上传的纸质材料：", "Paper materials to print, fill in and photograph:")}</p>
                        <ul>{docs.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    })}
                </div>
            }
        })
    }
}

/// Step 7: which condition to tick so the right upload slots appear.
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
        let names: Vec<String> = ev.materials.iter().map(|m| m.name.clone()).collect();
        let id_for_text = id.clone();
        view! {
            <div class="pc-enter" data-testid="tick-condition" data-condition=id.clone()>
                <p>
                    {move || tr(lang.get(), "点选：", "Tick: ")}
                    <strong>{move || format!("{} {}", tr(lang.get(), "条件", "condition"), id_for_text)}</strong>
                    {shown.map(|s| view! { " " <StatusBadge shown=s /> })}
                </p>
                {quote.map(|(zh, en)| view! { <blockquote class="pc-quote">{move || pick(lang.get(), &zh, &en).to_owned()}</blockquote> })}
                {(!shown.is_some_and(Shown::is_met)).then(|| view! {
                    <p class="pc-warning">{move || tr(
                        lang.get(),
                        "这一条你目前还不符合；报名时请只点选你符合的条件。",
                        "You do not meet this condition yet; on the site tick only a condition you meet.",
                    )}</p>
                })}
                {(!names.is_empty()).then(|| view! {
                    <p>{move || tr(lang.get(), "按指南，这一条要上传：", "Per the guide, this condition needs:")}</p>
                    <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                })}
            </div>
        }
        .into_any()
    }
}

/// Step 8: what each status under 报名信息 means (the guides' sentences).
#[component]
fn Statuses() -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let rows: [(&str, &str, &str, &str); 3] = [
        (
            "审核中",
            "under_review",
            "意为等待审核，大约需要2个工作日，此时发现填写信息有误可自行更改。",
            "Waiting for review, about 2 working days; you may still correct your information yourself.",
        ),
        (
            "审核不通过",
            "rejected",
            "意为某项材料或个人信息填写不合规，需修改后上传。点击“查看原因”后，根据驳回原因修改报名信息后重新提交，并等待审核。",
            "Some material or personal information does not comply. Click 查看原因, fix what the reason says, resubmit and wait for the review.",
        ),
        (
            "审核通过",
            "approved",
            "进入到缴费阶段：点击“待缴费”，微信扫描二维码进行缴费。",
            "Go on to payment: click 待缴费 and pay by scanning the WeChat QR code.",
        ),
    ];
    view! {
        <dl class="pc-statuses" data-testid="statuses">
            {rows.into_iter().map(|(name, key, zh, en)| view! {
                <div class="pc-status-row" data-status=key>
                    <dt>{name}</dt>
                    <dd>{move || pick(lang.get(), zh, en).to_owned()}</dd>
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
        <li class="pc-step pc-step-mailing" data-step="mailing" data-testid="mailing-step">
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
                    <p>{move || tr(lang.get(), "你的材料中要邮寄的原件：", "Your materials to mail as paper originals:")}</p>
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
                    {move || pick(lang.get(), &n.text, &n.text_en).to_owned()}
                </p>
            })}
        </li>
    }
}
