//! Errors a candidate can act on, in Chinese and English.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Why a file could not be checked at all (as opposed to a check that fails).
///
/// `code` is stable and machine-readable: `empty`, `truncated`, `not_an_image`,
/// `pdf`, `heic`, `too_many_pixels`, `decode`, `background_not_flat`,
/// `no_subject`, `too_small`, `encode`, `bad_pixels`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoError {
    pub code: Cow<'static, str>,
    pub message_zh: String,
    pub message_en: String,
}

impl PhotoError {
    pub(crate) fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        PhotoError {
            code: Cow::Borrowed(code),
            message_zh: zh.into(),
            message_en: en.into(),
        }
    }

    pub(crate) fn empty() -> Self {
        Self::new(
            "empty",
            "文件是空的（0 字节）。请重新选择或重新拍摄照片。",
            "The file is empty (0 bytes). Choose or take the photo again.",
        )
    }

    pub(crate) fn truncated() -> Self {
        Self::new(
            "truncated",
            "图片文件不完整（可能没有下载或传输完）。请重新保存或重新拍摄后再选择。",
            "The image file is incomplete (it was probably cut off while saving or sending). Save or take it again and choose the new file.",
        )
    }

    pub(crate) fn not_an_image() -> Self {
        Self::new(
            "not_an_image",
            "这不是图片文件。请选择 JPG 格式的照片。",
            "This is not an image file. Choose a JPG photo.",
        )
    }

    pub(crate) fn pdf() -> Self {
        Self::new(
            "pdf",
            "这是 PDF 文件，不是照片。请上传照片（JPG）；纸质材料请打印填写后用手机拍照。",
            "This is a PDF, not a photo. Upload a photo (JPG); for paper forms, print, fill in and photograph them with your phone.",
        )
    }

    /// Also used by the photo worker when the browser cannot decode a HEIC either.
    pub fn heic() -> Self {
        Self::new(
            "heic",
            "这是 HEIC/HEIF 格式（苹果或部分安卓手机的默认格式），无法在此检查。请换成 JPG：iPhone 可在「设置 → 相机 → 格式」选择「兼容性最佳」后重拍，或者把照片在微信里发给自己（文件传输助手）再保存，微信会转成 JPG。",
            "This is a HEIC/HEIF photo (the default on iPhones and some Android phones) and cannot be checked here. Get a JPG instead: on an iPhone set Settings → Camera → Formats → Most Compatible and take it again, or send the photo to yourself in WeChat and save it from there, which converts it to JPG.",
        )
    }

    pub(crate) fn too_many_pixels(w: u32, h: u32) -> Self {
        Self::new(
            "too_many_pixels",
            format!("图片尺寸过大（{w}×{h} 像素），超出可处理范围（每边最多 {MAX_SIDE} 像素、总计最多 5000 万像素）。请用手机相册的编辑功能裁剪或缩小后再试。"),
            format!("The image is too large ({w}×{h} pixels); the limit is {MAX_SIDE} pixels a side and 50 megapixels in all. Crop or shrink it in your phone's photo editor and try again."),
        )
    }

    /// A JPEG whose frame layout (sampling factors) no camera writes.
    pub(crate) fn unusual_jpeg() -> Self {
        Self::new(
            "unusual_jpeg",
            "这张 JPG 的编码方式很少见，无法读取。请在手机相册里把它另存一份（或截屏）后再选择。",
            "This JPG is encoded in an unusual way and cannot be read. Save a copy from your phone's gallery (or take a screenshot) and choose that.",
        )
    }

    pub(crate) fn decode(detail: &str) -> Self {
        Self::new(
            "decode",
            "图片无法解码，文件可能已损坏。请重新保存或重新拍摄后再试。",
            format!("The image could not be decoded; the file may be damaged ({detail}). Save or take it again and retry."),
        )
    }
}

/// Largest width or height accepted from any header (and given to `image::Limits`).
pub const MAX_SIDE: u32 = 16_384;
/// Largest pixel count accepted from any header: a 48 MP phone photo (8064×6048) fits.
pub const MAX_PIXELS: u64 = 50_000_000;

impl std::fmt::Display for PhotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message_en)
    }
}

impl std::error::Error for PhotoError {}
