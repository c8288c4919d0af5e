//! Materials: which condition to tick on the site, then the checklist of that
//! condition's materials with a readiness meter. Photo items get a photo slot
//! (checked on this device); every item has a box the candidate ticks when it
//! is ready. The list, the ways of preparing and the notes all come from the
//! engine; this file only shows them and records the ticks.

use crate::answers::Answers;
use crate::i18n::{tr, Lang};
use crate::photo::PhotoSlot;
use crate::session::Session;
use crate::steps::sheet::SheetToggle;
use crate::steps::verdicts::{Shown, StatusBadge};
use leptos::prelude::*;
use precheck_core::engine::sheet::Sheet;
use precheck_core::engine::{Evaluation, MaterialOut, NoteOut};
use precheck_core::rules::{Plan, Prep, Upload};

/// How many of the listed materials the candidate has ticked as ready, and
/// how many are listed: `(ready, total)`. Ticks of materials that are not in
/// the current list (another condition's) do not count.
pub fn readiness(evaluation: &Evaluation, answers: &Answers) -> (usize, usize) {
    let total = evaluation.materials.len();
    let ready = evaluation
        .materials
        .iter()
        .filter(|m| answers.ready_materials.contains(&m.name))
        .count();
    (ready, total)
}

/// The listed materials not ticked as ready yet, in the guide's order.
pub fn missing_materials<'a>(
    evaluation: &'a Evaluation,
    answers: &Answers,
) -> Vec<&'a MaterialOut> {
    evaluation
        .materials
        .iter()
        .filter(|m| !answers.ready_materials.contains(&m.name))
        .collect()
}

/// A material's name as the candidate reads it: in English with the guide's
/// Chinese beside it, since the site and the paper forms use the Chinese.
pub fn material_name(lang: Lang, material: &MaterialOut) -> String {
    match lang {
        Lang::Zh => material.name.clone(),
        Lang::En => format!("{} ({})", material.name_en, material.name),
    }
}

/// What a photo slot's new result does to its material's tick, given every
/// slot's latest result: a failure unticks, the last slot to pass ticks, and
/// one side passing while the other is unchecked leaves a hand-given tick be.
fn tick_after(slot_passes: &[bool], pass: bool) -> Option<bool> {
    if !pass {
        Some(false)
    } else if slot_passes.iter().all(|&ok| ok) {
        Some(true)
    } else {
        None
    }
}

/// The condition the candidate will tick on the site: their choice, else the
/// one whose materials the engine lists (the first met one).
pub fn condition_to_tick(evaluation: &Evaluation) -> Option<String> {
    evaluation
        .chosen_condition
        .clone()
        .or_else(|| evaluation.materials_for.clone())
}

/// The readiness line: "4 / 6 准备好了".
pub fn readiness_text(lang: Lang, (ready, total): (usize, usize)) -> String {
    match lang {
        Lang::Zh => format!("{ready} / {total} 准备好了"),
        Lang::En => format!("{ready} / {total} ready"),
    }
}

fn prep_label(lang: Lang, prep: Prep) -> &'static str {
    match prep {
        Prep::Handwritten => tr(lang, "手写不可涂改", "Handwritten, no corrections"),
        Prep::FollowSample => tr(
            lang,
            "参照示例标红内容手填",
            "Fill in after the sample's red text",
        ),
        Prep::UnitStamp => tr(lang, "单位盖章", "Employer's stamp"),
        Prep::SocialSecurityStamp => tr(lang, "社保部门盖章", "Social-security office stamp"),
        Prep::TwoCopies => tr(lang, "一式两份", "Two copies"),
        Prep::MailedAfterPayment => tr(lang, "缴费后邮寄", "Mailed after payment"),
        Prep::XuexinCode => tr(lang, "学信网验证码", "学信网 verification code"),
        Prep::SignAndFingerprint => tr(lang, "本人签字按手印", "Signed and fingerprinted"),
    }
}

fn prep_key(prep: Prep) -> &'static str {
    match prep {
        Prep::Handwritten => "handwritten",
        Prep::FollowSample => "follow_sample",
        Prep::UnitStamp => "unit_stamp",
        Prep::SocialSecurityStamp => "social_security_stamp",
        Prep::TwoCopies => "two_copies",
        Prep::MailedAfterPayment => "mailed_after_payment",
        Prep::XuexinCode => "xuexin_code",
        Prep::SignAndFingerprint => "sign_and_fingerprint",
    }
}

fn slot_label(lang: Lang, upload: Upload, material: &MaterialOut) -> String {
    match upload {
        Upload::Photo => tr(
            lang,
            "选择或拍摄一寸照片",
            "Choose or take the 1-inch photo",
        )
        .to_owned(),
        Upload::IdFront => tr(
            lang,
            "身份证人像面：选择或拍摄",
            "ID card, photo side: choose or take",
        )
        .to_owned(),
        Upload::IdBack => tr(
            lang,
            "身份证国徽面：选择或拍摄",
            "ID card, emblem side: choose or take",
        )
        .to_owned(),
        Upload::DocumentPhoto => match lang {
            Lang::Zh => format!("拍摄「{}」", material.name),
            Lang::En => format!("Photograph the {}", material_name(lang, material)),
        },
    }
}

/// Notes of `kind` from the engine; for ambiguities only those about the
/// condition whose materials are listed.
fn notes_here(evaluation: &Evaluation, plan: &Plan) -> Vec<NoteOut> {
    let focus = evaluation.materials_for.as_deref();
    evaluation
        .notes
        .iter()
        .filter(|n| match n.kind {
            "mailing" => true,
            "ambiguity" => {
                focus.is_some()
                    && plan
                        .ambiguities
                        .iter()
                        .any(|a| a.id == n.id && a.condition.as_deref() == focus)
            }
            _ => false,
        })
        .cloned()
        .collect()
}

#[component]
pub fn Materials() -> impl IntoView {
    let Session {
        evaluation,
        plan,
        answers,
        sheet,
        ..
    } = expect_context::<Session>();
    let lang = expect_context::<RwSignal<Lang>>();
    // Only a change of the list itself rebuilds the items, so a photo taken
    // stays in its slot while the candidate keeps editing other answers.
    let materials = Memo::new(move |_| evaluation.with(|e| e.materials.clone()));
    let counts = Memo::new(move |_| evaluation.with(|e| answers.with(|a| readiness(e, a))));
    let notes = Memo::new(move |_| evaluation.with(|e| notes_here(e, plan.get())));
    let plan_id = Signal::derive(move || plan.with(|p| p.id.to_string()));

    view! {
        <div class="pc-materials" data-testid="materials">
            <ConditionPicker evaluation=evaluation plan=plan answers=answers />
            <p class="pc-hint" data-testid="materials-note">
                {move || evaluation.with(|e| tr(lang.get(), &e.materials_note_zh, &e.materials_note_en).to_owned())}
            </p>
            <Show when=move || counts.with(|c| c.1 > 0)>
                <div class="pc-readiness" data-testid="readiness">
                    <label for="pc-readiness-meter" class="pc-readiness-text">
                        {move || readiness_text(lang.get(), counts.get())}
                    </label>
                    <progress
                        id="pc-readiness-meter"
                        max=move || counts.get().1.to_string()
                        value=move || counts.get().0.to_string()
                    >
                        {move || readiness_text(lang.get(), counts.get())}
                    </progress>
                    // Ticks are not the whole story: a form the sheet finds
                    // invalid is not ready however many boxes are ticked.
                    {move || {
                        let n = sheet.with(|s| s.as_ref().map_or(0, |s| s.problems.len()));
                        (n > 0).then(|| view! {
                            <p class="pc-readiness-sheet" data-testid="readiness-sheet">
                                {move || match lang.get() {
                                    Lang::Zh => format!("填写草稿还有 {n} 个问题：照现在的答案填写，表格可能无效。"),
                                    Lang::En => format!("The fill-in sheet has {n} problem(s): filled in from these answers the form may be invalid."),
                                }}
                            </p>
                        })
                    }}
                </div>
            </Show>
            <ul class="pc-checklist">
                <For
                    each=move || materials.get()
                    key=|m| m.name.clone()
                    children=move |m: MaterialOut| view! { <MaterialItem material=m plan_id=plan_id answers=answers sheet=sheet /> }
                />
            </ul>
            {move || {
                let list = notes.get();
                (!list.is_empty()).then(|| view! {
                    <div class="pc-notes" data-testid="materials-notes">
                        {list.into_iter().map(|n| {
                            let class = if n.kind == "mailing" { "pc-note pc-note-mailing" } else { "pc-note" };
                            view! {
                                <p class=class role="note" data-note=n.id.clone()>
                                    <strong>{move || if n.kind == "mailing" { tr(lang.get(), "邮寄：", "Mailing: ") } else { tr(lang.get(), "注意：", "Note: ") }}</strong>
                                    {move || tr(lang.get(), &n.text_zh, &n.text_en).to_owned()}
                                </p>
                            }
                        }).collect_view()}
                    </div>
                })
            }}
        </div>
    }
}

/// Radio buttons for the plan's conditions, and why the choice matters on
/// the site (step 7 shows the upload slots of the ticked condition only).
#[component]
fn ConditionPicker(
    evaluation: Memo<Evaluation>,
    plan: Memo<&'static Plan>,
    answers: RwSignal<Answers>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let selected = Memo::new(move |_| {
        answers
            .with(|a| a.chosen_condition.clone())
            .filter(|c| plan.with(|p| p.condition(c).is_some()))
            .or_else(|| evaluation.with(|e| e.materials_for.clone()))
    });
    let step7 = move || {
        plan.with(|p| {
            p.steps
                .iter()
                .find(|s| s.n == 7)
                .map(|s| tr(lang.get(), &s.text_zh, &s.text_en).to_owned())
        })
    };
    let shown_for = move |id: &str| {
        evaluation.with(|e| {
            let o = e.conditions.iter().find(|o| o.id == id)?;
            Some(answers.with(|a| Shown::of(plan.get(), o, a)))
        })
    };
    let not_met_warning = move || {
        let id = selected.get()?;
        let shown = shown_for(&id)?;
        (!shown.is_met()).then(|| {
            let text = match lang.get() {
                Lang::Zh => format!("你选的条件 {id} 目前{}（见「报考条件」）。可以先准备它的材料，但报名时只能点选你符合的条件。", shown.label(Lang::Zh)),
                Lang::En => format!("Condition {id}, which you chose, is currently: {} (see Conditions). You may prepare its papers, but on the site tick only a condition you meet.", shown.label(Lang::En)),
            };
            view! { <p class="pc-warning" role="note" data-testid="chosen-not-met">{text}</p> }
        })
    };
    view! {
        <fieldset class="pc-condition-picker" data-testid="condition-picker">
            <legend class="pc-legend">{move || tr(lang.get(), "你将在报名网站上点选哪一条报考条件？", "Which condition will you tick on the site?")}</legend>
            <p class="pc-hint">
                {move || tr(
                    lang.get(),
                    "报名网站上，资质材料需先点选相应条件，系统才会显示这一条需要上传的材料。请在这里选同一条，下方清单就是网站会要的材料。",
                    "On the site, the upload slots for your documents appear only after you tick your condition. Pick the same one here and the list below is what the site will ask for.",
                )}
            </p>
            {move || step7().map(|t| view! {
                <p class="pc-quote">{move || tr(lang.get(), "报名流程第 7 步：", "Registration step 7: ")}{t}</p>
            })}
            <div class="pc-condition-options">
                {move || plan.get().conditions.iter().map(|c| {
                    let id = c.id.clone();
                    let id_checked = id.clone();
                    let id_set = id.clone();
                    let id_status = id.clone();
                    let id_head = id.clone();
                    let id_value = id.clone();
                    let (zh, en) = (c.text.clone(), c.text_en.clone());
                    let status = move || shown_for(&id_status);
                    view! {
                        <label class="pc-choice pc-condition-option" data-condition=id.clone()>
                            <input
                                type="radio"
                                name="pc-chosen-condition"
                                value=id_value
                                prop:checked=move || selected.get().as_deref() == Some(&*id_checked)
                                on:change=move |_| answers.update(|a| a.chosen_condition = Some(id_set.to_string()))
                            />
                            <span class="pc-condition-label">
                                <span class="pc-condition-head">
                                    {move || format!("{} {}", tr(lang.get(), "条件", "Condition"), id_head)}
                                    {move || status().map(|s| view! { <StatusBadge shown=s /> })}
                                </span>
                                <span class="pc-condition-text">{move || tr(lang.get(), &zh, &en).to_owned()}</span>
                            </span>
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || selected.get().map(|id| view! {
                <p class="pc-tick-this" data-testid="tick-condition">
                    {match lang.get() {
                        Lang::Zh => format!("在网站上点选：条件 {id}"),
                        Lang::En => format!("On the site, tick: condition {id}"),
                    }}
                </p>
            })}
            {not_met_warning}
        </fieldset>
    }
}

#[component]
fn MaterialItem(
    material: MaterialOut,
    plan_id: Signal<String>,
    answers: RwSignal<Answers>,
    sheet: Memo<Option<Sheet>>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let name = material.name.clone();
    let material_for_title = material.clone();
    let name_checked = name.clone();
    let name_set = name.clone();
    // The one place that ticks or unticks this material: the checkbox and
    // the photo slots both.
    let set_ready = move |on: bool| {
        answers.update(|a| {
            if on {
                a.ready_materials.insert(name_set.clone());
            } else {
                a.ready_materials.remove(&name_set);
            }
        })
    };
    let is_ready = move || answers.with(|a| a.ready_materials.contains(&name_checked));
    let is_ready_class = is_ready.clone();
    let paper_only = material.paper_only || material.uploads.is_empty();
    let (how_zh, how_en) = (material.how_zh.clone(), material.how_en.clone());
    let badges = material.prep.clone();
    // Each slot's latest result, for `tick_after`.
    let slot_passes = StoredValue::new(vec![false; material.uploads.len()]);
    let set_ready_by_slot = set_ready.clone();
    let slot_result = move |slot: usize, pass: bool| {
        slot_passes.update_value(|p| p[slot] = pass);
        if let Some(on) = slot_passes.with_value(|p| tick_after(p, pass)) {
            set_ready_by_slot(on);
        }
    };
    let slots = material
        .uploads
        .iter()
        .enumerate()
        .map(|(slot, &u)| {
            let slot_result = slot_result.clone();
            let name = name.clone();
            let shown = material.clone();
            let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            let file_stem = match u {
                Upload::Photo => "一寸照片".to_owned(),
                Upload::IdFront => "身份证人像面".to_owned(),
                Upload::IdBack => "身份证国徽面".to_owned(),
                Upload::DocumentPhoto => key.clone(),
            };
            view! {
                <PhotoSlot
                    material=u.material().as_str()
                    plan=plan_id
                    label=Signal::derive(move || slot_label(lang.get(), u, &shown))
                    key=key
                    file_stem=file_stem
                    on_result=Callback::new(move |pass| slot_result(slot, pass))
                />
            }
        })
        .collect_view();
    view! {
        <li class="pc-material" class:ready=is_ready_class data-material=name.clone() data-paper-only=paper_only.to_string()>
            <h3 class="pc-material-name">{move || material_name(lang.get(), &material_for_title)}</h3>
            <p class="pc-material-kind">
                {move || if paper_only {
                    tr(lang.get(), "纸质材料：准备好即可。", "Paper only: just have it ready.")
                } else {
                    tr(lang.get(), "拍照上传：先在这里检查照片。", "Uploaded as a photo: check it here first.")
                }}
            </p>
            {(!badges.is_empty()).then(|| view! {
                <ul class="pc-badges">
                    {badges.into_iter().map(|p| view! {
                        <li class="pc-badge" data-prep=prep_key(p)>{move || prep_label(lang.get(), p)}</li>
                    }).collect_view()}
                </ul>
            })}
            <p class="pc-how">{move || tr(lang.get(), &how_zh, &how_en).to_owned()}</p>
            <SheetToggle sheet=sheet material_name=name.clone() />
            {slots}
            <label class="pc-choice pc-ready-box">
                <input
                    type="checkbox"
                    data-testid="material-ready"
                    prop:checked=is_ready
                    on:change=move |ev| set_ready(event_target_checked(&ev))
                />
                {move || if paper_only {
                    tr(lang.get(), "已准备好", "Ready")
                } else {
                    tr(lang.get(), "已拍好并检查", "Photographed and checked")
                }}
            </label>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use precheck_core::date::date;
    use precheck_core::engine::evaluate;
    use precheck_core::profile::Profile;
    use precheck_core::rules::catalog;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn evaluation(chosen: Option<&str>) -> Evaluation {
        let plan = catalog().plan("ecommerce-4-beijing").expect("plan");
        evaluate(plan, &Profile::default(), date(2026, 11, 23), chosen)
    }

    #[wasm_bindgen_test]
    fn readiness_counts_ticked_materials_of_the_listed_condition_only() {
        let ev = evaluation(Some("2"));
        let names: Vec<&str> = ev.materials.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "身份证正反面照片",
                "白底个人一寸照片",
                "申报表",
                "工作经历承诺书"
            ]
        );
        let mut answers = Answers::default();
        assert_eq!(readiness(&ev, &answers), (0, 4));
        answers.ready_materials.insert("申报表".into());
        answers.ready_materials.insert("白底个人一寸照片".into());
        // A material of another condition (3) does not count here.
        answers.ready_materials.insert("毕业证书".into());
        assert_eq!(readiness(&ev, &answers), (2, 4));
        let missing: Vec<&str> = missing_materials(&ev, &answers)
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(missing, ["身份证正反面照片", "工作经历承诺书"]);
        for name in missing {
            answers.ready_materials.insert(name.to_owned());
        }
        assert_eq!(readiness(&ev, &answers), (4, 4));
        assert!(missing_materials(&ev, &answers).is_empty());
    }

    #[wasm_bindgen_test]
    fn nothing_listed_means_nothing_to_count() {
        // An empty profile meets no condition, and none is chosen.
        let ev = evaluation(None);
        assert!(ev.materials.is_empty());
        let answers = Answers {
            ready_materials: ["申报表".to_owned()].into_iter().collect(),
            ..Answers::default()
        };
        assert_eq!(readiness(&ev, &answers), (0, 0));
        assert_eq!(condition_to_tick(&ev), None);
    }

    #[wasm_bindgen_test]
    fn readiness_text_reads_like_the_spec() {
        assert_eq!(readiness_text(Lang::Zh, (4, 6)), "4 / 6 准备好了");
        assert_eq!(readiness_text(Lang::En, (4, 6)), "4 / 6 ready");
    }

    #[wasm_bindgen_test]
    fn chosen_condition_is_the_one_to_tick() {
        let ev = evaluation(Some("3"));
        assert_eq!(condition_to_tick(&ev).as_deref(), Some("3"));
    }

    #[wasm_bindgen_test]
    fn a_photo_material_is_ticked_when_every_side_passes() {
        // 身份证: front passes, back not checked yet: a hand-given tick stays.
        assert_eq!(tick_after(&[true, false], true), None);
        // back passes too: ticked.
        assert_eq!(tick_after(&[true, true], true), Some(true));
        // a new front that fails: unticked, whatever the back.
        assert_eq!(tick_after(&[false, true], false), Some(false));
        // one slot (一寸照片): its pass ticks.
        assert_eq!(tick_after(&[true], true), Some(true));
    }
}
