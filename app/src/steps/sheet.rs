//! The fill-in sheet (填写草稿) beside a paper form in the checklist: what
//! would make the form invalid first, then every box the guide shows, in the
//! form's order, with the words to copy. The core builds the sheet
//! (`engine::sheet`); this file only shows it and prints it.

use super::sheet_image;
use crate::i18n::{tr, Lang};
use crate::photo::KeepPicture;
use leptos::prelude::*;
use precheck_core::engine::sheet::{BoxSheet, FormSheet, Sheet, Who, GAP_MARK};

pub(super) fn who_label(lang: Lang, who: Who) -> &'static str {
    match who {
        Who::Candidate => tr(lang, "本人填写", "You fill this"),
        Who::Employer => tr(lang, "单位填写", "Your employer fills this"),
        Who::Organiser => tr(lang, "评价机构填写", "The organiser fills this"),
    }
}

fn who_key(who: Option<Who>) -> &'static str {
    match who {
        Some(Who::Candidate) => "candidate",
        Some(Who::Employer) => "employer",
        Some(Who::Organiser) => "organiser",
        None => "copy",
    }
}

/// 「填写草稿」 for the checklist item `material_name`, when its form has one.
#[component]
pub fn SheetToggle(sheet: Memo<Option<Sheet>>, material_name: String) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let name = material_name.clone();
    let form = Memo::new(move |_| {
        sheet.with(|s| {
            s.as_ref()
                .and_then(|s| s.forms.iter().find(|f| f.material_name == name).cloned())
        })
    });
    let open = RwSignal::new(false);
    move || {
        form.get().map(|f| {
            view! {
                <div class="pc-sheet-toggle">
                    <button
                        type="button"
                        class="pc-button secondary"
                        data-testid="sheet-open"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        {move || if open.get() {
                            tr(lang.get(), "收起填写草稿", "Hide the fill-in sheet")
                        } else {
                            tr(lang.get(), "填写草稿：每一栏写什么", "Fill-in sheet: what to write in each box")
                        }}
                    </button>
                    <Show when=move || open.get()>
                        <SheetPanel sheet=sheet form=f.clone() />
                    </Show>
                </div>
            }
        })
    }
}

#[component]
fn SheetPanel(sheet: Memo<Option<Sheet>>, form: FormSheet) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    // The verdict's problem (field `condition`) leads, on its own: it is not
    // a slip to correct but a reason not to fill the form in yet.
    let unmet = move || sheet.with(|s| s.as_ref().and_then(|s| s.verdict_problem().cloned()));
    let problems = move || sheet.with(|s| s.as_ref().map(Sheet::fixes).unwrap_or_default());
    // The print stylesheet prints the open sheets only, one per A4 page.
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    // The working and the guide's sentences behind each box, on demand: the
    // words to copy are what a candidate needs at the counter.
    let why = RwSignal::new(false);
    // The sheet as one picture; made on demand (canvas drawing is not free).
    let picture = RwSignal::new(None::<String>);
    let form_for_picture = form.clone();
    let make_picture = move |_| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let signed_on =
            sheet.with_untracked(|s| s.as_ref().map(|s| s.as_of.to_string()).unwrap_or_default());
        picture.set(sheet_image::draw(
            &document,
            lang.get_untracked(),
            &form_for_picture,
            &problems(),
            &signed_on,
        ));
    };
    // A new language or new answers make a new sheet: the picture goes with them.
    Effect::new(move |_| {
        lang.track();
        sheet.track();
        picture.set(None);
    });
    let picture_name = format!("填写草稿_{}.png", form.name);
    let FormSheet {
        name,
        note_zh,
        note_en,
        rules,
        boxes,
        ..
    } = form;
    view! {
        <section
            class="pc-sheet"
            data-testid="sheet"
            data-form=name.clone()
        >
            <h4 class="pc-sheet-title">{move || tr(lang.get(), "填写草稿：", "Fill-in sheet: ")}{name.clone()}</h4>
            {move || unmet().map(|p| view! {
                <div class="pc-sheet-unmet" role="alert" data-testid="sheet-unmet">
                    <strong>{move || tr(lang.get(), "先不要抄写、签字或盖章", "Do not copy, sign or stamp yet")}</strong>
                    <p>{move || tr(lang.get(), &p.message_zh, &p.message_en).to_owned()}</p>
                </div>
            })}
            <p class="pc-hint">{move || tr(lang.get(), &note_zh, &note_en).to_owned()}</p>
            {move || {
                let list = problems();
                if list.is_empty() && unmet().is_some() {
                    ().into_any()
                } else if list.is_empty() {
                    view! {
                        <p class="pc-sheet-ok" data-testid="sheet-ok">
                            {move || tr(lang.get(), "抄写前检查：没有发现会让表格无效的问题。", "Before copying: nothing found that would make the form invalid.")}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <div class="pc-sheet-problems" role="alert" data-testid="sheet-problems">
                            <strong>{move || tr(lang.get(), "抄写前先改，否则表格可能无效（表格有涂改、信息不完整或错误的都算无效）：", "Fix these before copying, or the form may be invalid (corrections, gaps or errors invalidate it):")}</strong>
                            <ul>
                                {list.into_iter().map(|p| view! {
                                    <li data-field=p.field.clone()>{move || tr(lang.get(), &p.message_zh, &p.message_en).to_owned()}</li>
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any()
                }
            }}
            {(!rules.is_empty()).then(|| view! {
                <ul class="pc-sheet-rules">
                    {rules.into_iter().map(|r| view! { <li class="pc-quote">{r}</li> }).collect_view()}
                </ul>
            })}
            <label class="pc-choice pc-sheet-why">
                <input type="checkbox" data-testid="sheet-why" prop:checked=move || why.get() on:change=move |ev| why.set(event_target_checked(&ev)) />
                {move || tr(lang.get(), "显示依据（怎么算的、指南原文）", "Show the reasons (how it was counted, the guide's words)")}
            </label>
            <ol class="pc-sheet-boxes">
                {boxes.into_iter().map(|b| view! { <SheetBox b=b why=why /> }).collect_view()}
            </ol>
            // No picture of a sheet that must not be copied yet.
            {move || unmet().is_none().then(|| match picture.get() {
                None => view! {
                    <button type="button" class="pc-button secondary" data-testid="sheet-picture-make" on:click=make_picture.clone()>
                        {move || tr(lang.get(), "生成图片（可长按保存，对照抄写）", "Make a picture (long-press to keep, copy from it)")}
                    </button>
                }.into_any(),
                Some(src) => view! {
                    <KeepPicture src=src file_name=picture_name.clone() alt=("填写草稿图片", "Fill-in sheet picture") />
                }.into_any(),
            })}
            <button type="button" class="pc-button secondary pc-sheet-print" data-testid="sheet-print" on:click=print>
                {move || tr(lang.get(), "打印草稿（A4）", "Print the sheet (A4)")}
            </button>
        </section>
    }
}

#[component]
fn SheetBox(b: BoxSheet, why: RwSignal<bool>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let BoxSheet {
        label,
        write,
        write_en,
        blank,
        copy,
        withheld,
        gaps,
        working_zh,
        working_en,
        who,
        source,
        rule,
        ..
    } = b;
    let gloss = (write_en != write).then_some(write_en);
    let box_attr = label.clone();
    view! {
        <li class="pc-sheet-box" class:withheld=withheld data-box=box_attr data-blank=blank.to_string() data-who=who_key(who) data-copy=copy.to_string() data-withheld=withheld.to_string()>
            <span class="pc-sheet-label">{label}</span>
            {who.map(|w| view! { <span class="pc-badge pc-sheet-who">{move || who_label(lang.get(), w)}</span> })}
            {withheld.then(|| view! { <span class="pc-badge pc-sheet-template">{move || tr(lang.get(), "样式：符合条件前不填", "Template: not to fill yet")}</span> })}
            <span class="pc-sheet-write" class:blank=blank class:copy=copy>{write}</span>
            {move || (lang.get() == Lang::En).then(|| gloss.clone().map(|g| view! { <span class="pc-sheet-gloss">{g}</span> }))}
            {(!gaps.is_empty()).then(|| view! {
                <ul class="pc-sheet-gaps">
                    {gaps.into_iter().map(|g| view! {
                        <li>{GAP_MARK}"："{move || tr(lang.get(), &g.what_zh, &g.what_en).to_owned()}</li>
                    }).collect_view()}
                </ul>
            })}
            <Show when=move || why.get()>
                {working_zh.clone().map(|w| {
                    let en = working_en.clone().unwrap_or_default();
                    view! { <span class="pc-sheet-working">{move || tr(lang.get(), "怎么算的：", "How it was counted: ")}{move || tr(lang.get(), &w, &en).to_owned()}</span> }
                })}
                {rule.clone().map(|r| view! { <span class="pc-sheet-rule">{r}</span> })}
                <span class="pc-sheet-source">{move || tr(lang.get(), "依据：", "Source: ")}{source.clone()}</span>
            </Show>
        </li>
    }
}
