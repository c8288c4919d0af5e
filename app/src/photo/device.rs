//! What the phone's browser can do with a finished file: download it, hand it
//! to the system share sheet (iOS: the way into Photos), or neither, as in
//! WeChat's and other apps' in-app browsers, where the candidate long-presses
//! an image instead.

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{File, FilePropertyBag};

/// How a fixed photo gets onto the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavePath {
    /// An in-app browser (WeChat, QQ, Alipay, DingTalk…): downloads do nothing
    /// there, so the photo is shown full width to long-press and save.
    LongPress(InApp),
    /// An ordinary browser: a download link, plus a share button where the Web
    /// Share API takes files.
    Download,
}

/// The in-app browsers we recognise, by their user-agent token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InApp {
    WeChat,
    Qq,
    Alipay,
    DingTalk,
    Weibo,
    Douyin,
    Feishu,
    /// Any other app's Android WebView (`; wv)` in the user agent) that
    /// cannot share files: it cannot download `blob:`/`data:` links either.
    OtherApp,
}

impl InApp {
    pub fn name_zh(self) -> &'static str {
        match self {
            InApp::WeChat => "微信",
            InApp::Qq => "QQ",
            InApp::Alipay => "支付宝",
            InApp::DingTalk => "钉钉",
            InApp::Weibo => "微博",
            InApp::Douyin => "抖音",
            InApp::Feishu => "飞书",
            InApp::OtherApp => "这个应用",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            InApp::WeChat => "WeChat",
            InApp::Qq => "QQ",
            InApp::Alipay => "Alipay",
            InApp::DingTalk => "DingTalk",
            InApp::Weibo => "Weibo",
            InApp::Douyin => "Douyin",
            InApp::Feishu => "Feishu",
            InApp::OtherApp => "This app",
        }
    }
}

/// The in-app browser a user agent belongs to, if any. WeCom (企业微信) carries
/// `MicroMessenger` too and behaves the same. `MQQBrowser` (QQ's standalone
/// browser, which downloads fine) has no ` QQ/` token.
pub fn in_app_browser(user_agent: &str) -> Option<InApp> {
    const TOKENS: [(&str, InApp); 8] = [
        ("MicroMessenger", InApp::WeChat),
        (" QQ/", InApp::Qq),
        ("AlipayClient", InApp::Alipay),
        ("DingTalk", InApp::DingTalk),
        ("Weibo", InApp::Weibo),
        ("aweme", InApp::Douyin),
        ("Lark/", InApp::Feishu),
        ("Feishu", InApp::Feishu),
    ];
    TOKENS
        .iter()
        .find(|(token, _)| user_agent.contains(token))
        .map(|&(_, app)| app)
}

/// Whether the user agent is an Android WebView inside some app (`; wv)`),
/// as opposed to a browser.
pub fn is_android_webview(user_agent: &str) -> bool {
    user_agent.contains("; wv)")
}

/// The save path for a user agent, given whether the Web Share API takes
/// files there. A known in-app browser never downloads; any other Android
/// WebView downloads only if its app handles downloads, which we cannot
/// see: without file sharing it gets the long-press image too.
pub fn save_path_for(user_agent: &str, can_share_files: bool) -> SavePath {
    match in_app_browser(user_agent) {
        Some(app) => SavePath::LongPress(app),
        None if is_android_webview(user_agent) && !can_share_files => {
            SavePath::LongPress(InApp::OtherApp)
        }
        None => SavePath::Download,
    }
}

/// The save path for this browser; `file` is the file to keep (whether the
/// Web Share API would take it).
pub fn save_path(file: Option<&File>) -> SavePath {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    save_path_for(&ua, file.is_some_and(can_share))
}

/// A `File` of `bytes`, for sharing.
pub fn jpeg_file(bytes: &[u8], name: &str) -> Option<File> {
    let options = FilePropertyBag::new();
    options.set_type("image/jpeg");
    File::new_with_u8_array_sequence_and_options(
        &Array::of1(&Uint8Array::from(bytes)),
        name,
        &options,
    )
    .ok()
}

fn share_data(file: &File) -> Object {
    let data = Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(file));
    data
}

fn navigator_method(name: &str) -> Option<(JsValue, Function)> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let method = Reflect::get(&navigator, &name.into()).ok()?;
    Some((navigator, method.dyn_into().ok()?))
}

/// Whether the Web Share API accepts this file (iOS Safari, Android Chrome).
pub fn can_share(file: &File) -> bool {
    let Some((navigator, can_share)) = navigator_method("canShare") else {
        return false;
    };
    navigator_method("share").is_some()
        && can_share
            .call1(&navigator, &share_data(file))
            .map(|ok| ok.is_truthy())
            .unwrap_or(false)
}

/// Opens the share sheet with the file; must run inside the tap's handler.
/// Resolves `Ok(true)` when shared, `Ok(false)` when the candidate cancelled.
pub async fn share(file: &File) -> Result<bool, String> {
    let (navigator, share) = navigator_method("share").ok_or("no Web Share")?;
    let promise: js_sys::Promise = share
        .call1(&navigator, &share_data(file))
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "share returned no promise".to_owned())?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Ok(true),
        Err(e) => {
            let name = Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            if name == "AbortError" {
                Ok(false)
            } else {
                Err(name)
            }
        }
    }
}

/// A `data:` URL of a JPEG. In-app browsers save a long-pressed image by
/// fetching its URL outside the page; a `data:` URL carries the bytes itself,
/// where a `blob:` URL only means something inside the page that made it.
pub fn jpeg_data_url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(23 + bytes.len().div_ceil(3) * 4);
    out.push_str("data:image/jpeg;base64,");
    base64_into(bytes, &mut out);
    out
}

fn base64_into(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn recognises_in_app_browsers_by_user_agent() {
        let wechat = "Mozilla/5.0 (Linux; Android 12; V2148A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MMWEBID/1234 MicroMessenger/8.0.33.2320(0x28002151) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
        assert_eq!(in_app_browser(wechat), Some(InApp::WeChat));
        let ios_wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2c) NetType/4G Language/zh_CN";
        assert_eq!(in_app_browser(ios_wechat), Some(InApp::WeChat));
        let qq = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Mobile Safari/537.36 V1_AND_SQ_8.9.28_3700_YYB_D QQ/8.9.28.10155 NetType/WIFI";
        assert_eq!(in_app_browser(qq), Some(InApp::Qq));
        let alipay = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 AlipayClient/10.5.16";
        assert_eq!(in_app_browser(alipay), Some(InApp::Alipay));
        assert_eq!(
            in_app_browser("Mozilla/5.0 (Linux; Android 11) Mobile DingTalk/7.0.40"),
            Some(InApp::DingTalk)
        );
        // ordinary browsers, QQ's own browser included, download files
        let qq_browser = "Mozilla/5.0 (Linux; U; Android 12; zh-cn) AppleWebKit/537.36 Version/4.0 Chrome/98.0 MQQBrowser/13.8 Mobile Safari/537.36";
        assert_eq!(in_app_browser(qq_browser), None);
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
        assert_eq!(in_app_browser(safari), None);
    }

    #[wasm_bindgen_test]
    fn any_android_webview_that_cannot_share_files_is_an_in_app_browser() {
        // An app's WebView (here a bank's) not in the list, without Web Share for files
        let webview = "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 SomeBankApp/6.2";
        assert_eq!(in_app_browser(webview), None);
        assert_eq!(
            save_path_for(webview, false),
            SavePath::LongPress(InApp::OtherApp)
        );
        assert_eq!(save_path_for(webview, true), SavePath::Download);
        // Chrome itself is no WebView: it downloads
        let chrome = "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.230 Mobile Safari/537.36";
        assert_eq!(save_path_for(chrome, false), SavePath::Download);
        // WeChat (also a WebView) stays WeChat, whatever it claims to share
        let wechat = "Mozilla/5.0 (Linux; Android 12; V2148A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MicroMessenger/8.0.47.2560(0x28002F30)";
        assert_eq!(
            save_path_for(wechat, true),
            SavePath::LongPress(InApp::WeChat)
        );
    }

    #[wasm_bindgen_test]
    fn data_url_is_standard_base64() {
        assert_eq!(jpeg_data_url(b""), "data:image/jpeg;base64,");
        assert_eq!(jpeg_data_url(b"f"), "data:image/jpeg;base64,Zg==");
        assert_eq!(jpeg_data_url(b"fo"), "data:image/jpeg;base64,Zm8=");
        assert_eq!(jpeg_data_url(b"foo"), "data:image/jpeg;base64,Zm9v");
        assert_eq!(
            jpeg_data_url(&[0xFF, 0xD8, 0xFF, 0xE0]),
            "data:image/jpeg;base64,/9j/4A=="
        );
        // checked against the browser's own encoder
        let bytes: Vec<u8> = (0..=255).collect();
        let binary: String = bytes.iter().map(|&b| b as char).collect();
        let expected = web_sys::window().unwrap().btoa(&binary).unwrap();
        assert_eq!(
            jpeg_data_url(&bytes),
            format!("data:image/jpeg;base64,{expected}")
        );
    }
}
