//! A photo slot: choose or take a picture, see at once what it is (real
//! format, bytes, pixels), then the full check from the photo worker, and
//! the one-tap fix with a before/after preview and a way to keep it
//! (`save.rs`). The same component serves the walk-through's upload items.
//!
//! The slot is one state, [`Slot`]: what the candidate sees is derived from it
//! (`Memo`s, so a part re-renders only when its own piece changes), and each
//! handler moves it from one variant to the next.

use super::save::{after_preview, SaveFixed};
use super::worker::{self, worker_failed};
use crate::host::{Base, HostElement};
use crate::i18n::{group_digits, tr, Lang};
use js_sys::{Array, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use precheck_core::photo::protocol::{Request, Stage};
use precheck_core::photo::{self, Check, Format, Material, Op, PhotoError, Report, Verdict};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlInputElement, Url};

/// What the header alone says, shown before any decoding.
#[derive(Debug, Clone, PartialEq)]
struct FirstLook {
    file_name: String,
    format: String,
    bytes: u64,
    width: u32,
    height: u32,
    /// An object URL of the file, shown at once beside the facts and later as
    /// the fix's "before"; none where browsers cannot show the format (HEIC).
    preview: Option<String>,
}

/// A file the candidate chose, read and checked.
#[derive(Debug, Clone, PartialEq)]
struct Chosen {
    look: FirstLook,
    bytes: Arc<Vec<u8>>,
    report: Report,
}

#[derive(Debug, Clone, PartialEq)]
struct FixedPhoto {
    url: String,
    jpeg: Arc<Vec<u8>>,
    report: Report,
}

/// What the slot is doing, with the models' download progress when that is it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Doing {
    Reading,
    Checking,
    Models { loaded: f64, total: f64 },
    Fixing,
}

/// Everything a slot holds, as one value.
#[derive(Debug, Clone, PartialEq, Default)]
enum Slot {
    #[default]
    Empty,
    /// Reading the file, then checking it (`look` once the header is read).
    Checking {
        look: Option<FirstLook>,
        doing: Doing,
    },
    /// The check's report; `fix_error` when a fix was tried and refused.
    Checked {
        chosen: Chosen,
        fix_error: Option<PhotoError>,
    },
    Fixing {
        chosen: Chosen,
        doing: Doing,
    },
    Fixed {
        chosen: Chosen,
        fixed: FixedPhoto,
    },
    /// The file could not be read or looked at.
    Failed {
        look: Option<FirstLook>,
        error: PhotoError,
    },
}

impl Slot {
    fn doing(&self) -> Option<Doing> {
        match self {
            Slot::Checking { doing, .. } | Slot::Fixing { doing, .. } => Some(*doing),
            _ => None,
        }
    }

    /// The worker's progress, where the slot is waiting for it.
    fn follow(&mut self, stage: Doing) {
        if let Slot::Checking { doing, .. } | Slot::Fixing { doing, .. } = self {
            *doing = stage;
        }
    }

    fn look(&self) -> Option<FirstLook> {
        match self {
            Slot::Checking { look, .. } | Slot::Failed { look, .. } => look.clone(),
            _ => self.chosen().map(|c| c.look.clone()),
        }
    }

    fn chosen(&self) -> Option<&Chosen> {
        match self {
            Slot::Checked { chosen, .. }
            | Slot::Fixing { chosen, .. }
            | Slot::Fixed { chosen, .. } => Some(chosen),
            _ => None,
        }
    }

    fn error(&self) -> Option<PhotoError> {
        match self {
            Slot::Failed { error, .. } => Some(error.clone()),
            _ => None,
        }
    }

    fn fix_error(&self) -> Option<PhotoError> {
        match self {
            Slot::Checked { fix_error, .. } => fix_error.clone(),
            _ => None,
        }
    }

    fn fixed(&self) -> Option<FixedPhoto> {
        match self {
            Slot::Fixed { fixed, .. } => Some(fixed.clone()),
            _ => None,
        }
    }

    /// The object URLs the slot holds, to revoke when it is emptied.
    fn urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = self.look().and_then(|l| l.preview).into_iter().collect();
        urls.extend(self.fixed().map(|f| f.url));
        urls
    }
}

/// Reads a chosen file, shows what its header says at once, then has the worker
/// check it, moving `slot` along (`Checking`, then `Checked` or `Failed`).
/// Shared by the slot's own input (`preview`: with an object URL for the
/// before/after) and the re-check of a saved photo, so both judge the very
/// bytes the candidate picked.
async fn read_and_check(
    file: web_sys::File,
    material: Material,
    plan: &str,
    base: &str,
    slot: RwSignal<Slot>,
    preview: bool,
) -> Result<Chosen, PhotoError> {
    slot.set(Slot::Checking {
        look: None,
        doing: Doing::Reading,
    });
    let failed = |look: Option<FirstLook>, error: PhotoError| {
        slot.set(Slot::Failed {
            look,
            error: error.clone(),
        });
        error
    };
    let bytes = match JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => Uint8Array::new(&buffer).to_vec(),
        Err(_) => return Err(failed(None, unreadable_file())),
    };
    let p = photo::probe(&bytes).map_err(|e| failed(None, e))?;
    let shows = matches!(
        p.format,
        Format::Jpeg | Format::Png | Format::Webp | Format::Gif
    );
    let look = FirstLook {
        file_name: file.name(),
        format: p.format.label().to_owned(),
        bytes: p.bytes,
        width: p.width,
        height: p.height,
        preview: (preview && shows)
            .then(|| object_url(&bytes, &file.type_()))
            .flatten(),
    };
    slot.set(Slot::Checking {
        look: Some(look.clone()),
        doing: Doing::Checking,
    });
    let request = Request {
        op: Op::Check,
        material,
        plan: Some(plan.to_owned()),
        decoder: Default::default(),
    };
    let outcome = worker::run(base, &request, &bytes, follow(slot))
        .await
        .map_err(|e| failed(Some(look.clone()), e))?;
    let chosen = Chosen {
        look,
        bytes: Arc::new(bytes),
        report: outcome.report,
    };
    slot.set(Slot::Checked {
        chosen: chosen.clone(),
        fix_error: None,
    });
    Ok(chosen)
}

fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: HtmlInputElement = event_target(ev);
    input.files().and_then(|f| f.get(0))
}

#[component]
pub fn PhotoSlot(
    /// Material name for the worker: `photo`, `id-front`, `id-back`, `document`.
    #[prop(into)]
    material: String,
    /// The plan, for plan-specific thresholds (e.g. Hebei's colour rule).
    #[prop(into)]
    plan: Signal<String>,
    /// Visible label of the slot.
    #[prop(into)]
    label: Signal<String>,
    /// Distinguishes several slots of one material on a page (element ids).
    #[prop(into, optional)]
    key: String,
    /// The fixed file's name without extension, e.g. the material's name.
    #[prop(into, optional)]
    file_stem: String,
    /// Hears whether the slot now holds a photo that passes every check (the
    /// chosen one, or its fix): `false` when a new choice fails or cannot be read.
    #[prop(optional)]
    on_result: Option<Callback<bool>>,
) -> impl IntoView {
    let tell = move |pass: bool| {
        if let Some(callback) = on_result {
            callback.run(pass);
        }
    };
    let lang = expect_context::<RwSignal<Lang>>();
    let base = expect_context::<Base>().0;
    let host = expect_context::<HostElement>();
    let input_id = if key.is_empty() {
        format!("pc-photo-{material}")
    } else {
        format!("pc-photo-{material}-{key}")
    };
    let download_name = format!(
        "{}_已修正.jpg",
        if file_stem.is_empty() {
            "一寸照片"
        } else {
            file_stem.as_str()
        }
    );
    let kind = Material::parse(&material).unwrap_or(Material::Photo);

    let slot = RwSignal::new(Slot::Empty);
    let doing = Memo::new(move |_| slot.with(Slot::doing));
    let error = Memo::new(move |_| slot.with(Slot::error));
    let first_look = Memo::new(move |_| slot.with(Slot::look));
    let report = Memo::new(move |_| slot.with(|s| s.chosen().map(|c| c.report.clone())));
    let original_url = Memo::new(move |_| slot.with(|s| s.look().and_then(|l| l.preview)));
    let fix_error = Memo::new(move |_| slot.with(Slot::fix_error));
    let fixed = Memo::new(move |_| slot.with(Slot::fixed));

    let base_for_check = base.clone();
    let host_for_check = host.clone();
    let material_for_check = material.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        for url in slot.with_untracked(Slot::urls) {
            let _ = Url::revoke_object_url(&url);
        }
        slot.set(Slot::Empty);
        let base = base_for_check.clone();
        let host = host_for_check.clone();
        let material = material_for_check.clone();
        spawn_local(async move {
            let plan_id = plan.get_untracked();
            match read_and_check(file, kind, &plan_id, &base, slot, true).await {
                Ok(chosen) => {
                    let pass = chosen.report.pass;
                    if pass {
                        // Already right as it is: the host gets it as it would a fix.
                        announce_photo(&host, &material, &plan_id, &chosen.bytes, &chosen.report);
                    }
                    tell(pass);
                }
                Err(_) => tell(false),
            }
        });
    };

    let base_for_fix = base.clone();
    let host_for_fix = host.clone();
    let material_for_fix = material.clone();
    let on_fix = move |_| {
        let Some(chosen) = slot.with_untracked(|s| s.chosen().cloned()) else {
            return;
        };
        slot.set(Slot::Fixing {
            chosen: chosen.clone(),
            doing: Doing::Fixing,
        });
        let base = base_for_fix.clone();
        let host = host_for_fix.clone();
        let material = material_for_fix.clone();
        spawn_local(async move {
            let plan_id = plan.get_untracked();
            let request = Request {
                op: Op::Fix,
                material: kind,
                plan: Some(plan_id.clone()),
                decoder: Default::default(),
            };
            let result = worker::run(&base, &request, &chosen.bytes, follow(slot)).await;
            let fixed = match result.map(|o| o.fix) {
                Ok(Some(Ok(fixed))) => Ok(fixed),
                Ok(Some(Err(e))) | Err(e) => Err(e),
                Ok(None) => Err(worker_failed("no result")),
            };
            match fixed {
                Ok(fixed) => {
                    let Some(url) = object_url(&fixed.jpeg, "image/jpeg") else {
                        slot.set(Slot::Checked {
                            chosen,
                            fix_error: None,
                        });
                        return;
                    };
                    announce_photo(&host, &material, &plan_id, &fixed.jpeg, &fixed.report);
                    tell(fixed.report.pass);
                    slot.set(Slot::Fixed {
                        chosen,
                        fixed: FixedPhoto {
                            url,
                            jpeg: Arc::new(fixed.jpeg),
                            report: fixed.report,
                        },
                    });
                }
                Err(e) => slot.set(Slot::Checked {
                    chosen,
                    fix_error: Some(e),
                }),
            }
        });
    };

    let recheck_id = format!("{input_id}-saved");
    let error_line = move |e: Option<PhotoError>| {
        e.map(|e| view! { <p class="pc-error" role="alert">{move || tr(lang.get(), &e.message_zh, &e.message_en).to_owned()}</p> })
    };
    view! {
        <div class="pc-photo-slot">
            <label class="pc-file-label" for=input_id.clone()>
                {move || label.get()}
                <input
                    id=input_id.clone()
                    type="file"
                    accept="image/*"
                    on:change=on_change
                />
            </label>
            <p class="pc-hint">
                {move || tr(lang.get(), "照片只在本机检查，不会上传。", "The photo is checked on this device only; nothing is uploaded.")}
            </p>
            {(kind == Material::Photo).then(|| view! {
                <p class="pc-hint" data-testid="photo-tip">
                    {move || tr(lang.get(), "拍照时请穿深色或有颜色的上衣：白衣服在白底照片上会和背景连成一片，看不出肩膀。", "Wear a dark or coloured top: on a white backdrop a white shirt merges into it and the shoulders disappear.")}
                </p>
            })}
            <div aria-live="polite">
                {move || doing.get().map(|d| view! { <p class="pc-busy" role="status" data-testid="photo-busy">{busy_text(lang.get(), d)}</p> })}
                {move || error_line(error.get())}
                // The picture itself at once, beside what its header says; once
                // fixed, the before/after below takes its place.
                {move || first_look.get().filter(|_| fixed.with(Option::is_none)).map(|f| first_look_view(lang.get(), &f))}
                {move || report.get().map(|r| match fixed.get() {
                    // After the fix only the fixed photo's report counts; the
                    // original's failures are summed up in one line.
                    Some(_) => view! {
                        <p class="pc-hint" data-testid="fixed-from">
                            {move || fixed_from_text(lang.get(), failed_count(&r))}
                        </p>
                    }.into_any(),
                    None => view! {
                        <ReportSummary report=r.clone() />
                        {(!r.pass && r.fix.possible).then(|| view! {
                            <button type="button" class="pc-button" on:click=on_fix.clone()>
                                {move || tr(lang.get(), "一键修正", "Fix it for me")}
                            </button>
                        })}
                        {(!r.pass && r.fix.says_instead()).then(|| {
                            let (zh, en) = (r.fix.message_zh.clone(), r.fix.message_en.clone());
                            view! {
                                <p class="pc-instead" data-testid="fix-instead" data-code=r.fix.code.to_string()>
                                    {move || tr(lang.get(), &zh, &en).to_owned()}
                                </p>
                            }
                        })}
                    }.into_any(),
                })}
                {move || error_line(fix_error.get())}
                {move || fixed.get().map(|f| view! {
                    <div class="pc-before-after">
                        <figure>
                            <img src=original_url.get().unwrap_or_default() alt=move || tr(lang.get(), "修正前", "Before") />
                            <figcaption>{move || tr(lang.get(), "修正前", "Before")}</figcaption>
                        </figure>
                        <figure>
                            {after_preview(&f.jpeg, &f.url, &download_name, lang)}
                            <figcaption>{move || tr(lang.get(), "修正后", "After")}</figcaption>
                        </figure>
                    </div>
                    <ReportSummary report=f.report.clone() />
                    <SaveFixed jpeg=f.jpeg.clone() url=f.url.clone() file_name=download_name.clone() />
                    <RecheckSaved
                        input_id=recheck_id.clone()
                        fixed=f.jpeg.clone()
                        material=kind
                        plan=plan
                    />
                })}
            </div>
        </div>
    }
}

/// "检查我保存的照片": the candidate picks the saved file again and the check
/// runs on the bytes they will upload. A save path that recompressed or resized
/// the photo shows up here, with what to do about it.
#[component]
fn RecheckSaved(
    input_id: String,
    fixed: Arc<Vec<u8>>,
    material: Material,
    plan: Signal<String>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let base = expect_context::<Base>().0;
    let slot = RwSignal::new(Slot::Empty);
    let doing = Memo::new(move |_| slot.with(Slot::doing));
    let first_look = Memo::new(move |_| slot.with(Slot::look));
    let error = Memo::new(move |_| slot.with(Slot::error));
    let fixed_for_view = fixed.clone();
    let verdict = Memo::new(move |_| {
        slot.with(|s| {
            s.chosen()
                .map(|c| (*c.bytes == *fixed_for_view, c.report.clone()))
        })
    });
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        for url in slot.with_untracked(Slot::urls) {
            let _ = Url::revoke_object_url(&url);
        }
        slot.set(Slot::Empty);
        let base = base.clone();
        spawn_local(async move {
            let plan_id = plan.get_untracked();
            let _ = read_and_check(file, material, &plan_id, &base, slot, false).await;
        });
    };
    view! {
        <div class="pc-recheck">
            <label class="pc-file-label secondary" for=input_id.clone()>
                {move || tr(lang.get(), "检查我保存的照片", "Check the photo I saved")}
                <input id=input_id.clone() type="file" accept="image/*" on:change=on_change />
            </label>
            <p class="pc-hint">
                {move || tr(lang.get(), "保存后，从相册里再选一次这张照片：检查的就是你将要上传的文件。", "After saving, pick the photo again from your album: this checks the very file you will upload.")}
            </p>
            <div aria-live="polite" data-testid="recheck">
                {move || doing.get().map(|d| view! { <p class="pc-busy" role="status" data-testid="photo-busy">{busy_text(lang.get(), d)}</p> })}
                {move || first_look.get().map(|f| first_look_view(lang.get(), &f))}
                {move || verdict.get().map(|(same, r)| view! {
                    <p class=if r.pass { "pc-summary ok" } else { "pc-summary" } data-testid="recheck-verdict">
                        {move || recheck_text(lang.get(), same, r.pass)}
                    </p>
                    {(!r.pass).then(|| view! { <ReportSummary report=r.clone() /> })}
                })}
                {move || error.get().map(|e| view! {
                    <p class="pc-error" role="alert">{move || tr(lang.get(), &e.message_zh, &e.message_en).to_owned()}</p>
                })}
            </div>
        </div>
    }
}

fn recheck_text(lang: Lang, same: bool, pass: bool) -> &'static str {
    match (same, pass) {
        (true, _) => tr(
            lang,
            "与修正后的照片完全相同，符合要求，可以直接上传。",
            "Identical to the fixed photo and meets the rule: upload it as it is.",
        ),
        (false, true) => tr(
            lang,
            "保存时照片被改动过（大小或像素变了），但仍符合要求，可以上传。",
            "Saving changed the photo (its size or pixels), but it still meets the rule: you can upload it.",
        ),
        (false, false) => tr(
            lang,
            "保存时照片被改动过，已不符合要求。请不要截图或编辑后再保存；在微信里请点右上角「···」选择「在浏览器中打开」后下载，或把修正前的照片发到电脑上再检查。",
            "Saving changed the photo and it no longer meets the rule. Do not screenshot or edit it; in WeChat tap ··· and choose “Open in browser”, then download, or check the original photo on a computer.",
        ),
    }
}

fn first_look_view(lang: Lang, f: &FirstLook) -> impl IntoView {
    view! {
        <div class="pc-first-look">
            {f.preview.clone().map(|src| view! {
                <img class="pc-photo-thumb" data-testid="photo-preview" src=src alt=tr(lang, "你选的照片", "The photo you chose") />
            })}
            <dl class="pc-photo-facts" data-testid="photo-facts">
                <dt>{tr(lang, "文件", "File")}</dt>
                <dd>{f.file_name.clone()}</dd>
                <dt>{tr(lang, "实际格式", "Real format")}</dt>
                <dd data-testid="photo-format">{f.format.clone()}</dd>
                <dt>{tr(lang, "大小", "Size")}</dt>
                <dd data-testid="photo-bytes">{format!("{} {}", group_digits(f.bytes), tr(lang, "字节", "bytes"))}</dd>
                <dt>{tr(lang, "尺寸", "Pixels")}</dt>
                <dd data-testid="photo-dimensions">{format!("{} × {}", f.width, f.height)}</dd>
            </dl>
        </div>
    }
}

fn failed_count(report: &Report) -> usize {
    report
        .checks
        .iter()
        .filter(|c| c.status == Verdict::Fail)
        .count()
}

fn fixed_from_text(lang: Lang, failed: usize) -> String {
    match lang {
        Lang::Zh => format!("原照片有 {failed} 项不符合要求，已修正。下面是修正后照片的检查结果："),
        Lang::En => format!(
            "The original failed {failed} check(s); they are fixed. The fixed photo's checks:"
        ),
    }
}

/// The verdict, then only what needs the candidate's eye (failures and notes);
/// the checks that passed fold into one line that opens.
#[component]
fn ReportSummary(report: Report) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let pass = report.pass;
    // What the checks below found, not a fixed list: an ID card or a paper
    // document is not held to the 一寸 photo's format and size.
    let warnings = report
        .checks
        .iter()
        .filter(|c| c.status == Verdict::Warn)
        .count();
    let (passed, open): (Vec<Check>, Vec<Check>) = report
        .checks
        .into_iter()
        .partition(|c| c.status == Verdict::Pass);
    let passed_count = passed.len();
    view! {
        <p class=if pass { "pc-summary ok" } else { "pc-summary" } data-testid="photo-verdict">
            {move || match (pass, warnings, lang.get()) {
                (true, 0, Lang::Zh) => "符合要求：各项检查都已通过。".to_owned(),
                (true, 0, Lang::En) => "Meets the rule: every check passed.".to_owned(),
                (true, n, Lang::Zh) => format!("符合要求，可以上传；有 {n} 项提示，见下方。"),
                (true, n, Lang::En) => format!("Meets the rule and can be uploaded; {n} note(s) below."),
                (false, _, l) => tr(l, "还不符合要求：", "Does not meet the rule yet:").to_owned(),
            }}
        </p>
        {(!open.is_empty()).then(|| view! {
            <ul class="pc-checks">
                {open.into_iter().map(|c| check_item(lang, c)).collect_view()}
            </ul>
        })}
        {(passed_count > 0).then(|| view! {
            <details class="pc-passed" data-testid="photo-passed">
                <summary>
                    {move || match lang.get() {
                        Lang::Zh => format!("已通过的 {passed_count} 项检查"),
                        Lang::En => format!("{passed_count} check(s) passed"),
                    }}
                </summary>
                <ul class="pc-checks">
                    {passed.into_iter().map(|c| check_item(lang, c)).collect_view()}
                </ul>
            </details>
        })}
    }
}

fn check_item(lang: RwSignal<Lang>, c: Check) -> impl IntoView {
    let status = c.status;
    let class = format!("pc-status {}", status.name());
    view! {
        <li data-check=c.id.to_string() data-status=status.name()>
            <span class=class>{move || status_label(lang.get(), status)}</span>
            {move || tr(lang.get(), &c.message_zh, &c.message_en).to_owned()}
        </li>
    }
}

fn status_label(lang: Lang, status: Verdict) -> &'static str {
    match status {
        Verdict::Pass => tr(lang, "通过", "Pass"),
        Verdict::Warn => tr(lang, "注意", "Check"),
        Verdict::Fail => tr(lang, "不通过", "Fail"),
    }
}

/// Moves `slot` along as the worker reports progress on its request.
fn follow(slot: RwSignal<Slot>) -> Rc<dyn Fn(Stage)> {
    Rc::new(move |stage: Stage| {
        let doing = match stage {
            Stage::Models { loaded, total } => Doing::Models { loaded, total },
            Stage::Fixing => Doing::Fixing,
        };
        slot.update(|s| s.follow(doing));
    })
}

fn busy_text(lang: Lang, doing: Doing) -> String {
    match doing {
        Doing::Reading => tr(lang, "正在读取照片…", "Reading the photo…").to_owned(),
        Doing::Checking => tr(lang, "正在检查照片…", "Checking the photo…").to_owned(),
        Doing::Models { loaded, total } => {
            let kb = |n: f64| (n / 1024.0).round();
            let done = if total > 0.0 {
                format!(" {:.0} / {:.0} KB", kb(loaded), kb(total))
            } else if loaded > 0.0 {
                format!(" {:.0} KB", kb(loaded))
            } else {
                String::new()
            };
            match lang {
                Lang::Zh => format!("正在载入人像识别模型（仅第一次，在本机运行，不上传照片）…{done}"),
                Lang::En => format!("Loading the face and person models (first time only; they run on this phone, nothing is uploaded)…{done}"),
            }
        }
        Doing::Fixing => tr(
            lang,
            "正在修正照片，请稍候…",
            "Fixing the photo, one moment…",
        )
        .to_owned(),
    }
}

fn unreadable_file() -> PhotoError {
    PhotoError {
        code: "unreadable".into(),
        message_zh: "无法读取这个文件。请重新选择照片；如果照片在微信聊天里，请先保存到手机相册。".into(),
        message_en: "This file could not be read. Choose the photo again; if it is in a WeChat chat, save it to your album first.".into(),
    }
}

fn object_url(bytes: &[u8], mime: &str) -> Option<String> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(if mime.is_empty() {
        "application/octet-stream"
    } else {
        mime
    });
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

/// Tells the host page a photo is ready, with the JPEG as a Blob it can put
/// into its own form.
fn announce_photo(host: &HostElement, material: &str, plan: &str, jpeg: &[u8], report: &Report) {
    let detail = js_sys::Object::new();
    let options = BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let blob = Blob::new_with_u8_array_sequence_and_options(
        &Array::of1(&Uint8Array::from(jpeg)),
        &options,
    )
    .ok();
    let set = |k: &str, v: &wasm_bindgen::JsValue| {
        let _ = js_sys::Reflect::set(&detail, &k.into(), v);
    };
    set("material", &material.into());
    set("plan", &plan.into());
    set("pass", &report.pass.into());
    set("bytes", &(report.bytes as f64).into());
    set("width", &report.width.into());
    set("height", &report.height.into());
    set(
        "blob",
        &blob
            .map(|b| b.unchecked_into())
            .unwrap_or(wasm_bindgen::JsValue::NULL),
    );
    host.emit_js("precheck:photo", &detail);
}
