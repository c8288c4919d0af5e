//! Keeping the fixed photo on the phone, the way this browser allows
//! (`device::save_path`): in in-app browsers a long-press image slotted into
//! the host element's light DOM, elsewhere a download link and, where the Web
//! Share API takes files, a share button.

use super::device::{self, SavePath};
use crate::host::HostElement;
use crate::i18n::{tr, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The way to keep the fixed photo that works in this browser.
#[component]
pub fn SaveFixed(jpeg: Arc<Vec<u8>>, url: String, file_name: String) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let file = device::jpeg_file(&jpeg, &file_name);
    match device::save_path(file.as_ref()) {
        SavePath::LongPress(app) => {
            let slot = long_press_image(
                &device::jpeg_data_url(&jpeg),
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

/// A picture made on the page (the fill-in sheet's), to keep: long-pressed in
/// in-app browsers, downloaded elsewhere. `src` is a `data:` URL.
#[component]
pub fn KeepPicture(
    src: String,
    file_name: String,
    alt: (&'static str, &'static str),
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    match device::save_path(None) {
        SavePath::LongPress(_) => {
            let slot = long_press_image(&src, lang, "pc-longpress-picture", "keep-picture", alt);
            view! {
                <div class="pc-save pc-longpress" data-testid="picture-longpress">
                    <p class="pc-save-how">
                        <strong>{move || tr(lang.get(), "长按图片，选择「保存图片」", "Long-press the picture and choose “Save image”")}</strong>
                    </p>
                    <slot name=slot></slot>
                </div>
            }
            .into_any()
        }
        SavePath::Download => view! {
            <div class="pc-save" data-testid="picture-download">
                <img class="pc-picture" data-testid="keep-picture" src=src.clone() alt=move || tr(lang.get(), alt.0, alt.1) />
                <a class="pc-button" href=src download=file_name>
                    {move || tr(lang.get(), "下载图片", "Download the picture")}
                </a>
            </div>
        }
        .into_any(),
    }
}

/// The small 修正后 preview. Where the photo is kept by long-pressing it (in-app
/// browsers), the preview is a long-press image too — a `data:` JPEG in the
/// page's own DOM, like the big one — since a candidate long-presses whichever
/// picture is under the thumb; elsewhere a plain `<img>` of the blob URL.
pub fn after_preview(
    jpeg: &Arc<Vec<u8>>,
    url: &str,
    file_name: &str,
    lang: RwSignal<Lang>,
) -> AnyView {
    let file = device::jpeg_file(jpeg, file_name);
    match device::save_path(file.as_ref()) {
        SavePath::LongPress(_) => {
            let slot = long_press_image(
                &device::jpeg_data_url(jpeg),
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
    src: &str,
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
    image.set_src(src);
    let _ = host.0.append_child(&image);
    let image = send_wrapper::SendWrapper::new(image);
    let shown = image.clone();
    Effect::new(move |_| {
        shown.set_alt(tr(lang.get(), alt.0, alt.1));
    });
    on_cleanup(move || image.remove());
    name
}
