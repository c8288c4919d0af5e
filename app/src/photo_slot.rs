//! A photo slot: choose or take a picture, see at once what it is (real
//! format, bytes, pixels), then the full check from the photo worker, and
//! the one-tap fix with a before/after preview and a download.
//! The same component serves the walk-through's upload items.

use crate::device::{self, SavePath};
use crate::host::{Base, HostElement};
use crate::i18n::{group_digits, tr, Lang};
use crate::photo_worker::{self, CheckView, ErrorView, ReportView};
use js_sys::{Array, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use precheck_core::photo;
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
}

#[derive(Debug, Clone, PartialEq)]
struct FixedPhoto {
    url: String,
    jpeg: Arc<Vec<u8>>,
    report: ReportView,
}

/// A file the candidate chose, read and checked.
struct Checked {
    bytes: Arc<Vec<u8>>,
    report: ReportView,
}

/// Reads a chosen file, shows what its header says at once (`first_look`), then
/// has the worker check it. Shared by the slot's own input and the re-check of
/// a saved photo, so both judge the very bytes the candidate picked.
async fn read_and_check(
    file: web_sys::File,
    material: &str,
    plan: &str,
    base: &str,
    first_look: RwSignal<Option<FirstLook>>,
    busy: RwSignal<Option<Busy>>,
) -> Result<Checked, ErrorView> {
    busy.set(Some(Busy::at("reading")));
    let bytes = match JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => Uint8Array::new(&buffer).to_vec(),
        Err(_) => return Err(unreadable_file()),
    };
    let p = photo::probe(&bytes).map_err(|e| ErrorView {
        code: e.code.to_owned(),
        message_zh: e.message_zh,
        message_en: e.message_en,
    })?;
    first_look.set(Some(FirstLook {
        file_name: file.name(),
        format: p.format.label().to_owned(),
        bytes: p.bytes,
        width: p.width,
        height: p.height,
    }));
    busy.set(Some(Busy::at("checking")));
    let outcome =
        photo_worker::run(base, "check", material, Some(plan), &bytes, follow(busy)).await?;
    Ok(Checked {
        bytes: Arc::new(bytes),
        report: outcome.report,
    })
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

    let first_look = RwSignal::new(None::<FirstLook>);
    let report = RwSignal::new(None::<ReportView>);
    let error = RwSignal::new(None::<ErrorView>);
    let busy = RwSignal::new(None::<Busy>);
    let fixed = RwSignal::new(None::<FixedPhoto>);
    let fix_error = RwSignal::new(None::<ErrorView>);
    let original_url = RwSignal::new(None::<String>);
    let original = StoredValue::new(None::<Arc<Vec<u8>>>);

    let material_for_check = material.clone();
    let base_for_check = base.clone();
    let host_for_check = host.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        for url in [
            original_url.get_untracked(),
            fixed.get_untracked().map(|f| f.url),
        ]
        .into_iter()
        .flatten()
        {
            let _ = Url::revoke_object_url(&url);
        }
        first_look.set(None);
        report.set(None);
        error.set(None);
        fixed.set(None);
        fix_error.set(None);
        original_url.set(None);
        original.set_value(None);
        let material = material_for_check.clone();
        let base = base_for_check.clone();
        let host = host_for_check.clone();
        let mime = file.type_();
        spawn_local(async move {
            let plan_id = plan.get_untracked();
            let result = read_and_check(file, &material, &plan_id, &base, first_look, busy).await;
            busy.set(None);
            match result {
                Ok(checked) => {
                    let pass = checked.report.pass;
                    if pass {
                        // Already right as it is: the host gets it as it would a fix.
                        announce_photo(&host, &material, &plan_id, &checked.bytes, &checked.report);
                    }
                    original_url.set(object_url(&checked.bytes, &mime));
                    original.set_value(Some(checked.bytes));
                    report.set(Some(checked.report));
                    tell(pass);
                }
                Err(e) => {
                    error.set(Some(e));
                    tell(false);
                }
            }
        });
    };

    let material_for_fix = material.clone();
    let base_for_fix = base.clone();
    let host_for_fix = host.clone();
    let on_fix = move |_| {
        let Some(bytes) = original.get_value() else {
            return;
        };
        busy.set(Some(Busy::at("fixing")));
        fix_error.set(None);
        let material = material_for_fix.clone();
        let base = base_for_fix.clone();
        let host = host_for_fix.clone();
        spawn_local(async move {
            let plan_id = plan.get_untracked();
            let result = photo_worker::run(
                &base,
                "fix",
                &material,
                Some(&plan_id),
                &bytes,
                follow(busy),
            )
            .await;
            busy.set(None);
            match result {
                Ok(outcome) => match (outcome.fixed, outcome.fix_error) {
                    (Some((jpeg, fixed_report)), _) => {
                        if let Some(url) = object_url(&jpeg, "image/jpeg") {
                            announce_photo(&host, &material, &plan_id, &jpeg, &fixed_report);
                            tell(fixed_report.pass);
                            fixed.set(Some(FixedPhoto {
                                url,
                                jpeg: Arc::new(jpeg),
                                report: fixed_report,
                            }));
                        }
                    }
                    (None, Some(e)) => fix_error.set(Some(e)),
                    (None, None) => fix_error.set(Some(ErrorView::worker_failed("no result"))),
                },
                Err(e) => fix_error.set(Some(e)),
            }
        });
    };

    let recheck_id = format!("{input_id}-saved");
    let error_line = move |e: Option<ErrorView>| {
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
            <div aria-live="polite">
                {move || busy.get().map(|b| view! { <p class="pc-busy" role="status" data-testid="photo-busy">{busy_text(lang.get(), &b)}</p> })}
                {move || error_line(error.get())}
                {move || first_look.get().map(|f| first_look_view(lang.get(), &f))}
                {move || report.get().map(|r| view! {
                    <ReportSummary report=r.clone() />
                    {(!r.pass && fixed.get().is_none() && r.fix.possible).then(|| view! {
                        <button type="button" class="pc-button" on:click=on_fix.clone()>
                            {move || tr(lang.get(), "一键修正", "Fix it for me")}
                        </button>
                    })}
                    {(!r.pass && !r.fix.possible && r.fix.code != "no_fix").then(|| {
                        let (zh, en) = (r.fix.message_zh.clone(), r.fix.message_en.clone());
                        view! {
                            <p class="pc-instead" data-testid="fix-instead" data-code=r.fix.code.clone()>
                                {move || tr(lang.get(), &zh, &en).to_owned()}
                            </p>
                        }
                    })}
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
                        material=material.clone()
                        plan=plan
                    />
                })}
            </div>
        </div>
    }
}

/// The way to keep the fixed photo that works in this browser.
#[component]
fn SaveFixed(jpeg: Arc<Vec<u8>>, url: String, file_name: String) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let file = device::jpeg_file(&jpeg, &file_name);
    match device::save_path(file.as_ref()) {
        SavePath::LongPress(app) => {
            let slot = long_press_image(
                &jpeg,
                lang,
                "pc-longpress-image",
                "longpress-image",
                (
                    "修正后的照片（长按保存）",
                    "The fixed photo (long-press to save)",
                ),
            );
            view! {
                <div class="pc-save pc-longpress" data-testid="save-longpress">
                    <p class="pc-save-how">
                        <strong>{move || tr(lang.get(), "长按图片，选择「保存图片」", "Long-press the picture and choose “Save image”")}</strong>
                    </p>
                    <slot name=slot></slot>
                    <p class="pc-hint">
                        {move || match lang.get() {
                            Lang::Zh => format!("{}里不能直接下载文件。也可以点右上角「···」，选择「在浏览器中打开」，在浏览器里下载。", app.name_zh()),
                            Lang::En => format!("{} cannot download files. You can also tap ··· at the top right, choose “Open in browser”, and download it there.", app.name_en()),
                        }}
                    </p>
                </div>
            }
            .into_any()
        }
        SavePath::Download => {
            let file = file.filter(device::can_share);
            let share_error = RwSignal::new(None::<String>);
            view! {
                <div class="pc-save" data-testid="save-download">
                    <a class="pc-button" href=url download=file_name.clone()>
                        {move || tr(lang.get(), "下载修正后的照片", "Download the fixed photo")}
                    </a>
                    {file.map(|file| {
                        let file = send_wrapper::SendWrapper::new(file);
                        view! {
                            <button type="button" class="pc-button secondary" on:click=move |_| {
                                let file = (*file).clone();
                                share_error.set(None);
                                spawn_local(async move {
                                    if let Err(e) = device::share(&file).await {
                                        share_error.set(Some(e));
                                    }
                                });
                            }>
                                {move || tr(lang.get(), "分享或存到相册", "Share or save to Photos")}
                            </button>
                        }
                    })}
                    {move || share_error.get().map(|e| view! {
                        <p class="pc-error" role="alert">
                            {move || match lang.get() {
                                Lang::Zh => format!("未能打开分享（{e}），请用上面的下载按钮。"),
                                Lang::En => format!("Sharing did not open ({e}); use the download button above."),
                            }}
                        </p>
                    })}
                </div>
            }
            .into_any()
        }
    }
}

/// The small 修正后 preview. Where the photo is kept by long-pressing it (in-app
/// browsers), the preview is a long-press image too — a `data:` JPEG in the
/// page's own DOM, like the big one — since a candidate long-presses whichever
/// picture is under the thumb; elsewhere a plain `<img>` of the blob URL.
fn after_preview(jpeg: &Arc<Vec<u8>>, url: &str, file_name: &str, lang: RwSignal<Lang>) -> AnyView {
    let file = device::jpeg_file(jpeg, file_name);
    match device::save_path(file.as_ref()) {
        SavePath::LongPress(_) => {
            let slot = long_press_image(
                jpeg,
                lang,
                "pc-longpress-preview",
                "longpress-preview",
                ("修正后（长按保存）", "After (long-press to save)"),
            );
            view! { <slot name=slot></slot> }.into_any()
        }
        SavePath::Download => {
            view! { <img src=url.to_owned() alt=move || tr(lang.get(), "修正后", "After") /> }
                .into_any()
        }
    }
}

/// The image to long-press, as a child of the host element in the page's own
/// DOM, shown through a named `<slot>` where the returned name is placed.
/// In-app browsers find the image under the finger by hit-testing the page
/// from their own script, and inside a shadow root `elementFromPoint` gives
/// the host element, not the `<img>`; a slotted child is found itself. Its
/// `src` is a `data:` URL (`device::jpeg_data_url`). It goes when the slot
/// does.
fn long_press_image(
    jpeg: &[u8],
    lang: RwSignal<Lang>,
    class: &str,
    test_id: &str,
    alt: (&'static str, &'static str),
) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("pc-longpress-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let host = expect_context::<HostElement>();
    let image = host
        .0
        .owner_document()
        .and_then(|d| d.create_element("img").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlImageElement>().ok());
    let Some(image) = image else {
        return name;
    };
    image.set_class_name(class);
    let _ = image.set_attribute("slot", &name);
    let _ = image.set_attribute("data-testid", test_id);
    image.set_src(&device::jpeg_data_url(jpeg));
    let _ = host.0.append_child(&image);
    let image = send_wrapper::SendWrapper::new(image);
    let shown = image.clone();
    Effect::new(move |_| {
        shown.set_alt(tr(lang.get(), alt.0, alt.1));
    });
    on_cleanup(move || image.remove());
    name
}

/// "检查我保存的照片": the candidate picks the saved file again and the check
/// runs on the bytes they will upload. A save path that recompressed or resized
/// the photo shows up here, with what to do about it.
#[component]
fn RecheckSaved(
    input_id: String,
    fixed: Arc<Vec<u8>>,
    material: String,
    plan: Signal<String>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let base = expect_context::<Base>().0;
    let first_look = RwSignal::new(None::<FirstLook>);
    let busy = RwSignal::new(None::<Busy>);
    let outcome = RwSignal::new(None::<Result<(bool, ReportView), ErrorView>>);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        outcome.set(None);
        first_look.set(None);
        let (material, base, fixed) = (material.clone(), base.clone(), fixed.clone());
        spawn_local(async move {
            let plan_id = plan.get_untracked();
            let result = read_and_check(file, &material, &plan_id, &base, first_look, busy).await;
            busy.set(None);
            outcome.set(Some(result.map(|c| (*c.bytes == *fixed, c.report))));
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
                {move || busy.get().map(|b| view! { <p class="pc-busy" role="status" data-testid="photo-busy">{busy_text(lang.get(), &b)}</p> })}
                {move || first_look.get().map(|f| first_look_view(lang.get(), &f))}
                {move || outcome.get().map(|o| match o {
                    Ok((same, r)) => view! {
                        <p class=if r.pass { "pc-summary ok" } else { "pc-summary" } data-testid="recheck-verdict">
                            {move || recheck_text(lang.get(), same, r.pass)}
                        </p>
                        {(!r.pass).then(|| view! { <ReportSummary report=r.clone() /> })}
                    }.into_any(),
                    Err(e) => view! {
                        <p class="pc-error" role="alert">{move || tr(lang.get(), &e.message_zh, &e.message_en).to_owned()}</p>
                    }.into_any(),
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
    }
}

#[component]
fn ReportSummary(report: ReportView) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let pass = report.pass;
    // What the checks below found, not a fixed list: an ID card or a paper
    // document is not held to the 一寸 photo's format and size.
    let warnings = report.checks.iter().filter(|c| c.status == "warn").count();
    view! {
        <p class=if pass { "pc-summary ok" } else { "pc-summary" } data-testid="photo-verdict">
            {move || match (pass, warnings, lang.get()) {
                (true, 0, Lang::Zh) => "符合要求：下方各项检查都已通过。".to_owned(),
                (true, 0, Lang::En) => "Meets the rule: every check below passed.".to_owned(),
                (true, n, Lang::Zh) => format!("符合要求，可以上传；有 {n} 项提示，见下方。"),
                (true, n, Lang::En) => format!("Meets the rule and can be uploaded; {n} note(s) below."),
                (false, _, l) => tr(l, "还不符合要求，见下方各项：", "Does not meet the rule yet; see below:").to_owned(),
            }}
        </p>
        <ul class="pc-checks">
            {report.checks.into_iter().map(|c| check_item(lang, c)).collect_view()}
        </ul>
    }
}

fn check_item(lang: RwSignal<Lang>, c: CheckView) -> impl IntoView {
    let status = c.status.clone();
    let class = format!("pc-status {status}");
    view! {
        <li data-check=c.id.clone() data-status=c.status.clone()>
            <span class=class>{move || status_label(lang.get(), &status)}</span>
            {move || tr(lang.get(), &c.message_zh, &c.message_en).to_owned()}
        </li>
    }
}

fn status_label(lang: Lang, status: &str) -> &'static str {
    match status {
        "pass" => tr(lang, "通过", "Pass"),
        "warn" => tr(lang, "注意", "Check"),
        _ => tr(lang, "不通过", "Fail"),
    }
}

/// What the slot is doing, with the models' download progress when that is it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Busy {
    stage: &'static str,
    loaded: f64,
    total: f64,
}

impl Busy {
    fn at(stage: &'static str) -> Busy {
        Busy {
            stage,
            loaded: 0.0,
            total: 0.0,
        }
    }
}

/// Shows the worker's progress for one request in `busy`.
fn follow(busy: RwSignal<Option<Busy>>) -> Rc<dyn Fn(photo_worker::Stage)> {
    Rc::new(move |s: photo_worker::Stage| {
        let stage = match s.name.as_str() {
            "models" => "models",
            "fixing" => "fixing",
            _ => return,
        };
        busy.set(Some(Busy {
            stage,
            loaded: s.loaded,
            total: s.total,
        }));
    })
}

fn busy_text(lang: Lang, b: &Busy) -> String {
    match b.stage {
        "reading" => tr(lang, "正在读取照片…", "Reading the photo…").to_owned(),
        "checking" => tr(lang, "正在检查照片…", "Checking the photo…").to_owned(),
        "models" => {
            let kb = |n: f64| (n / 1024.0).round();
            let done = if b.total > 0.0 {
                format!(" {:.0} / {:.0} KB", kb(b.loaded), kb(b.total))
            } else if b.loaded > 0.0 {
                format!(" {:.0} KB", kb(b.loaded))
            } else {
                String::new()
            };
            match lang {
                Lang::Zh => format!("正在载入人像识别模型（仅第一次，在本机运行，不上传照片）…{done}"),
                Lang::En => format!("Loading the face and person models (first time only; they run on this phone, nothing is uploaded)…{done}"),
            }
        }
        _ => tr(
            lang,
            "正在修正照片，请稍候…",
            "Fixing the photo, one moment…",
        )
        .to_owned(),
    }
}

fn unreadable_file() -> ErrorView {
    ErrorView {
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
fn announce_photo(
    host: &HostElement,
    material: &str,
    plan: &str,
    jpeg: &[u8],
    report: &ReportView,
) {
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
