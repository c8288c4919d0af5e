//! # precheck-vision: face detection and person segmentation on the device
//!
//! Two MediaPipe models, run by [`precheck_nn`] and embedded in the binary
//! (`models/`, Apache-2.0; on first use each is checked against its SHA-256,
//! then parsed, once). The run is one of record: the preprocessing and the
//! decoding are MediaPipe's own (`mediapipe==0.10.14`, the legacy
//! `mp.solutions` CPU graphs), so the same RGB pixels give MediaPipe's boxes,
//! keypoints and mask (measured agreement: `tests/mediapipe.rs`, ARCHITECTURE.md).
//!
//! - [`detect_faces`]: BlazeFace short-range. Input: the photo padded to a
//!   square around its centre (letterbox, `keep_aspect_ratio: true`), warped
//!   to 128×128 with black outside the photo, values `v · 2/255 − 1`. The 896
//!   anchors are `SsdAnchorsCalculator`'s for this model (strides 8, 16, 16,
//!   16, fixed size, 2 per 16×16 cell + 6 per 8×8 cell); boxes and the 6
//!   keypoints are offsets/128 from the anchor centre, scores
//!   sigmoid(clamp(x, ±100)), kept from 0.5, boxes of negative size dropped;
//!   weighted non-maximum suppression (IoU > 0.3, the cluster's boxes and
//!   keypoints averaged by score, the best score kept) in the input's
//!   coordinates, then projected through the letterbox into the photo's
//!   normalised coordinates. Then (our only addition) clamped to 0..1.
//! - [`segment_person`]: selfie segmentation (general, 256×256). Input: the
//!   whole photo warped (stretched) to 256×256, values `v / 255`; the model's
//!   sigmoid output becomes a 256×256 mask of person confidence 0..=255. The
//!   caller maps it back onto the photo (it is stretched like the input);
//!   MediaPipe resizes it bilinearly (half-pixel centres) to the photo's size.
//!
//! The warp is MediaPipe's `ImageToTensorCalculator` on CPU: OpenCV's
//! `warpPerspective` (`INTER_LINEAR`, `BORDER_CONSTANT` 0) mapping the
//! region's corners onto the tensor's corners, so output pixel `x` samples
//! the photo at `left + x · size/n` (pixel centres at integers: no half-pixel
//! shift, no averaging when shrinking), in OpenCV's fixed point (1/32 pixel,
//! the result rounded to a byte) before scaling to floats.
//!
//! No input panics: a zero size or a buffer that is not `width·height·3`
//! bytes is a [`VisionError`] (code and zh/en messages); an embedded model
//! whose SHA-256 differs from the one it was built with is
//! [`VisionError::Integrity`] and is never parsed or run.
//!
//! Memory: each model, once loaded, keeps its interpreter workspace (counted
//! and bounded by `precheck-nn`: 1.45 MB face, 4.43 MB segmentation), its
//! weights (0.41 and 0.43 MB) and its input tensor (0.2 and 0.8 MB); the warp
//! reads the photo in place and allocates only its two tap tables.

use precheck_nn::{Model, Workspace};
use sha2::{Digest, Sha256};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// An embedded model: its name, bytes and the SHA-256 models/README.md lists.
pub struct EmbeddedModel {
    pub name: &'static str,
    pub bytes: &'static [u8],
    pub sha256: [u8; 32],
}

/// `face_detection_short_range.tflite` (BlazeFace short-range).
pub static FACE_MODEL: EmbeddedModel = EmbeddedModel {
    name: "face_detection_short_range.tflite",
    bytes: include_bytes!("../../models/face_detection_short_range.tflite"),
    sha256: hex32("bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8"),
};

/// `selfie_segmentation.tflite` (general, 256×256).
pub static SEG_MODEL: EmbeddedModel = EmbeddedModel {
    name: "selfie_segmentation.tflite",
    bytes: include_bytes!("../../models/selfie_segmentation.tflite"),
    sha256: hex32("9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c"),
};

/// 64 hex digits → 32 bytes, at compile time (a bad literal fails the build).
const fn hex32(s: &str) -> [u8; 32] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        }
    }
    let b = s.as_bytes();
    assert!(b.len() == 64, "a SHA-256 is 64 hex digits");
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = digit(b[2 * i]) << 4 | digit(b[2 * i + 1]);
        i += 1;
    }
    out
}

/// Checks `bytes` against the expected SHA-256, then parses them.
pub fn load_model(name: &str, bytes: &[u8], sha256: &[u8; 32]) -> Result<Model, VisionError> {
    let got: [u8; 32] = Sha256::digest(bytes).into();
    if got != *sha256 {
        return Err(VisionError::Integrity {
            model: name.to_owned(),
        });
    }
    Model::from_tflite(bytes).map_err(|e| VisionError::Model(e.to_string()))
}

/// Side of the face detector's input.
pub const FACE_INPUT: u32 = 128;
/// Side of the segmenter's input and of its mask.
pub const MASK_SIDE: u32 = 256;
/// Lowest score a face is reported with.
pub const MIN_FACE_SCORE: f32 = 0.5;
/// Overlap above which two detections are one face.
const NMS_IOU: f32 = 0.3;

/// A face: score, box and keypoints, normalised to the image given (0..1).
#[derive(Clone, Debug, PartialEq)]
pub struct FaceDetection {
    pub score: f32,
    /// xmin, ymin, xmax, ymax, normalised 0..1 to the image given.
    pub bbox: [f32; 4],
    /// Right eye, left eye, nose tip, mouth centre, right ear tragion, left ear
    /// tragion (MediaPipe's order; "right" = the subject's right, usually the
    /// image's left), each (x, y) normalised 0..1.
    pub keypoints: [[f32; 2]; 6],
}

/// A person mask: confidence 0..=255, row-major, `width × height`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

/// Why a photo could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisionError {
    /// Width or height is zero.
    EmptyImage,
    /// The buffer is not `width × height × 3` bytes.
    BufferSize { width: u32, height: u32, len: usize },
    /// A model failed to load or run (a bug, not the photo's fault).
    Model(String),
    /// An embedded model's bytes differ from the SHA-256 it was built with
    /// (a corrupted or substituted build): it is not run.
    Integrity { model: String },
}

impl VisionError {
    /// A stable number for the error (the wasm ABI returns its negative).
    pub fn code(&self) -> i32 {
        match self {
            VisionError::EmptyImage => 1,
            VisionError::BufferSize { .. } => 2,
            VisionError::Model(_) => 3,
            VisionError::Integrity { .. } => 5,
        }
    }

    /// The message in Simplified Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            VisionError::EmptyImage => "图片宽度或高度为零，无法识别。".into(),
            VisionError::BufferSize { width, height, len } => {
                format!("图片数据长度不符：{width}×{height} 的 RGB 图片应为 {} 字节，实际为 {len} 字节。", *width as u128 * *height as u128 * 3)
            }
            VisionError::Model(e) => format!("人像识别模型出错（程序问题，请反馈）：{e}"),
            VisionError::Integrity { model } => {
                format!(
                    "人像识别模型文件 {model} 校验失败（SHA-256 不符），未运行：程序文件可能已损坏，请刷新页面或重新安装。"
                )
            }
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            VisionError::EmptyImage => "The image has no width or height.".into(),
            VisionError::BufferSize { width, height, len } => {
                format!("Wrong image data length: a {width}×{height} RGB image takes {} bytes, got {len}.", *width as u128 * *height as u128 * 3)
            }
            VisionError::Model(e) => {
                format!("The face/person model failed (a bug, please report it): {e}")
            }
            VisionError::Integrity { model } => format!(
                "The model file {model} failed its SHA-256 check and was not run: the program's files may be damaged. Reload the page or reinstall."
            ),
        }
    }
}

impl core::fmt::Display for VisionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message_en())
    }
}

impl std::error::Error for VisionError {}

/// A model with its buffers, kept between calls.
struct Engine {
    model: Model,
    ws: Workspace,
    /// The model's input, reused.
    input: Vec<f32>,
}

type Cell = OnceLock<Result<Mutex<Engine>, VisionError>>;
static FACE: Cell = OnceLock::new();
static SEG: Cell = OnceLock::new();

fn engine(
    cell: &'static Cell,
    m: &EmbeddedModel,
) -> Result<MutexGuard<'static, Engine>, VisionError> {
    let e = cell.get_or_init(|| {
        let model = load_model(m.name, m.bytes, &m.sha256)?;
        let ws = model.workspace();
        Ok(Mutex::new(Engine {
            model,
            ws,
            input: Vec::new(),
        }))
    });
    match e {
        Ok(m) => Ok(m.lock().unwrap_or_else(|p| p.into_inner())),
        Err(e) => Err(e.clone()),
    }
}

fn check(rgb: &[u8], width: u32, height: u32) -> Result<(), VisionError> {
    if width == 0 || height == 0 {
        return Err(VisionError::EmptyImage);
    }
    if rgb.len() as u128 != width as u128 * height as u128 * 3 {
        return Err(VisionError::BufferSize {
            width,
            height,
            len: rgb.len(),
        });
    }
    Ok(())
}

/// The region of the photo that becomes the model's input, in the photo's
/// pixel coordinates (OpenCV's: pixel `i` is at `i`, its centre): left/top
/// edge and size. MediaPipe's `ImageToTensorCalculator` maps this rectangle's
/// corners onto the input tensor's corners.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Roi {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Roi {
    /// The whole photo, stretched (segmentation: `keep_aspect_ratio: false`).
    fn stretch(w: usize, h: usize) -> Roi {
        Roi {
            left: 0.0,
            top: 0.0,
            width: w as f64,
            height: h as f64,
        }
    }

    /// The whole photo padded to a square around its centre (face detection:
    /// `keep_aspect_ratio: true`, MediaPipe's `PadRoi`): the bars are outside
    /// the photo, so they read as black.
    fn letterbox(w: usize, h: usize) -> Roi {
        let side = w.max(h) as f64;
        Roi {
            left: (w as f64 - side) / 2.0,
            top: (h as f64 - side) / 2.0,
            width: side,
            height: side,
        }
    }
}

/// Sub-pixel steps of OpenCV's fixed-point bilinear remap (`INTER_BITS` = 5).
const TAB: i64 = 32;

/// Per output index along one axis: the source index of the first tap
/// (may be −1 or the last index) and its fraction in 1/32 pixel, as OpenCV's
/// `warpPerspective` computes them: `x · (size / n) + start`, times 32,
/// rounded half to even, split into floor and remainder.
fn taps(n: usize, start: f64, size: f64) -> Vec<(i64, i64)> {
    let step = size / n as f64;
    (0..n)
        .map(|i| {
            let q = ((start + step * i as f64) * TAB as f64)
                .round_ties_even()
                .clamp(i32::MIN as f64, i32::MAX as f64) as i64;
            (q.div_euclid(TAB), q.rem_euclid(TAB))
        })
        .collect()
}

/// MediaPipe's CPU preprocessing (`ImageToTensorCalculator` through OpenCV):
/// `warpPerspective` of the RGB8 photo with `INTER_LINEAR` and
/// `BORDER_CONSTANT` 0 from `roi` onto `ow × oh`, in OpenCV's fixed point
/// (taps on a 1/32-pixel grid, weights out of 32768, the sum rounded to a
/// byte; a tap outside the photo reads 0), then `v · scale + bias` per
/// channel into `out` (`ow × oh × 3` floats, row-major).
fn warp_into(
    rgb: &[u8],
    (w, h): (usize, usize),
    roi: Roi,
    (ow, oh): (usize, usize),
    out: &mut [f32],
    (scale, bias): (f32, f32),
) {
    let xs = taps(ow, roi.left, roi.width);
    let ys = taps(oh, roi.top, roi.height);
    let (wi, hi) = (w as i64, h as i64);
    let px = |x: i64, y: i64| -> [i64; 3] {
        if (0..wi).contains(&x) && (0..hi).contains(&y) {
            let at = (y as usize * w + x as usize) * 3;
            [rgb[at] as i64, rgb[at + 1] as i64, rgb[at + 2] as i64]
        } else {
            [0; 3]
        }
    };
    for (orow, &(y, fy)) in out.chunks_exact_mut(ow * 3).zip(&ys) {
        for (o, &(x, fx)) in orow.chunks_exact_mut(3).zip(&xs) {
            // weights (32 − f)·f products × 32: exact, summing to 32768
            let wts = [
                (TAB - fy) * (TAB - fx),
                (TAB - fy) * fx,
                fy * (TAB - fx),
                fy * fx,
            ];
            let taps = [px(x, y), px(x + 1, y), px(x, y + 1), px(x + 1, y + 1)];
            for (c, o) in o.iter_mut().enumerate() {
                let sum: i64 = taps.iter().zip(&wts).map(|(t, wt)| t[c] * wt * TAB).sum();
                let v = ((sum + (1 << 14)) >> 15).clamp(0, 255);
                *o = v as f32 * scale + bias;
            }
        }
    }
}

/// Anchor centres of BlazeFace short-range (MediaPipe `SsdAnchorsCalculator`:
/// 4 layers, strides 8, 16, 16, 16, one aspect ratio plus the interpolated
/// scale, fixed size 1×1, offset 0.5; layers of equal stride share a grid).
fn anchors() -> Vec<[f32; 2]> {
    let mut out = Vec::with_capacity(896);
    for (stride, per_cell) in [(8usize, 2usize), (16, 6)] {
        let n = (FACE_INPUT as usize).div_ceil(stride);
        for y in 0..n {
            for x in 0..n {
                for _ in 0..per_cell {
                    out.push([(x as f32 + 0.5) / n as f32, (y as f32 + 0.5) / n as f32]);
                }
            }
        }
    }
    out
}

fn iou(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    let iw = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let ih = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    let inter = iw * ih;
    let union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    if union > 0.0 {
        inter / union
    } else {
        0.0
    }
}

/// Weighted non-maximum suppression as MediaPipe's `NonMaxSuppressionCalculator`
/// (`WEIGHTED`, `INTERSECTION_OVER_UNION`): best first, each cluster (IoU above
/// the threshold with its best detection, itself included) becomes one
/// detection whose box and keypoints are the score-weighted mean of the
/// cluster's, with the best score.
fn weighted_nms(mut dets: Vec<FaceDetection>) -> Vec<FaceDetection> {
    dets.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while !dets.is_empty() {
        let best = dets[0].bbox;
        let (cluster, rest): (Vec<FaceDetection>, Vec<FaceDetection>) = dets
            .into_iter()
            .partition(|d| iou(&best, &d.bbox) > NMS_IOU || d.bbox == best);
        dets = rest;
        let total: f32 = cluster.iter().map(|d| d.score).sum();
        let mut merged = FaceDetection {
            score: cluster[0].score,
            bbox: [0.0; 4],
            keypoints: [[0.0; 2]; 6],
        };
        for d in &cluster {
            for (m, v) in merged.bbox.iter_mut().zip(&d.bbox) {
                *m += v * d.score;
            }
            for (m, v) in merged.keypoints.iter_mut().zip(&d.keypoints) {
                m[0] += v[0] * d.score;
                m[1] += v[1] * d.score;
            }
        }
        for m in merged.bbox.iter_mut() {
            *m /= total;
        }
        for m in merged.keypoints.iter_mut() {
            m[0] /= total;
            m[1] /= total;
        }
        out.push(merged);
    }
    out
}

/// The face detector's input tensor for an RGB8 photo (1×128×128×3,
/// row-major): MediaPipe's letterbox and warp. For the reference tool.
pub fn face_input(rgb: &[u8], width: u32, height: u32) -> Result<Vec<f32>, VisionError> {
    let mut input = Vec::new();
    face_input_into(rgb, width, height, &mut input)?;
    Ok(input)
}

fn face_input_into(
    rgb: &[u8],
    width: u32,
    height: u32,
    input: &mut Vec<f32>,
) -> Result<Roi, VisionError> {
    check(rgb, width, height)?;
    let (w, h) = (width as usize, height as usize);
    let side = FACE_INPUT as usize;
    let roi = Roi::letterbox(w, h);
    input.clear();
    input.resize(side * side * 3, 0.0);
    warp_into(rgb, (w, h), roi, (side, side), input, (2.0 / 255.0, -1.0));
    Ok(roi)
}

/// The segmenter's input tensor for an RGB8 photo (1×256×256×3, row-major):
/// MediaPipe's stretch and warp. For the reference tool.
pub fn person_input(rgb: &[u8], width: u32, height: u32) -> Result<Vec<f32>, VisionError> {
    let mut input = Vec::new();
    person_input_into(rgb, width, height, &mut input)?;
    Ok(input)
}

fn person_input_into(
    rgb: &[u8],
    width: u32,
    height: u32,
    input: &mut Vec<f32>,
) -> Result<(), VisionError> {
    check(rgb, width, height)?;
    let (w, h) = (width as usize, height as usize);
    let side = MASK_SIDE as usize;
    input.clear();
    input.resize(side * side * 3, 0.0);
    warp_into(
        rgb,
        (w, h),
        Roi::stretch(w, h),
        (side, side),
        input,
        (1.0 / 255.0, 0.0),
    );
    Ok(())
}

/// Faces from the face model's raw outputs (regressors 896×16, scores 896),
/// in the coordinates of the photo `roi` covers: MediaPipe's decoding,
/// weighted NMS and projection, then clamped to 0..1.
fn decode_faces(
    regressors: &[f32],
    scores: &[f32],
    roi: Roi,
    (w, h): (usize, usize),
) -> Vec<FaceDetection> {
    let s = FACE_INPUT as f32;
    let mut dets = Vec::new();
    for ((raw, &logit), anchor) in regressors.chunks_exact(16).zip(scores).zip(anchors()) {
        let score = 1.0 / (1.0 + (-logit.clamp(-100.0, 100.0)).exp());
        if score < MIN_FACE_SCORE {
            continue;
        }
        let (cx, cy) = (raw[0] / s + anchor[0], raw[1] / s + anchor[1]);
        let (bw, bh) = (raw[2] / s, raw[3] / s);
        // MediaPipe drops boxes of negative (or NaN) size
        if !(bw >= 0.0 && bh >= 0.0) {
            continue;
        }
        let mut keypoints = [[0f32; 2]; 6];
        for (k, kp) in raw[4..].chunks_exact(2).zip(keypoints.iter_mut()) {
            *kp = [k[0] / s + anchor[0], k[1] / s + anchor[1]];
        }
        dets.push(FaceDetection {
            score,
            bbox: [cx - bw / 2.0, cy - bh / 2.0, cx + bw / 2.0, cy + bh / 2.0],
            keypoints,
        });
    }
    // input-normalised → photo-normalised (MediaPipe's projection matrix)
    let (fx, fy) = (
        (roi.width / w as f64) as f32,
        (roi.height / h as f64) as f32,
    );
    let (bx, by) = ((roi.left / w as f64) as f32, (roi.top / h as f64) as f32);
    let map = |[x, y]: [f32; 2]| [(x * fx + bx).clamp(0.0, 1.0), (y * fy + by).clamp(0.0, 1.0)];
    weighted_nms(dets)
        .into_iter()
        .map(|d| {
            let [x0, y0] = map([d.bbox[0], d.bbox[1]]);
            let [x1, y1] = map([d.bbox[2], d.bbox[3]]);
            FaceDetection {
                score: d.score,
                bbox: [x0, y0, x1, y1],
                keypoints: d.keypoints.map(map),
            }
        })
        .collect()
}

/// Faces in an RGB8 photo (interleaved, `width × height × 3` bytes), best first.
pub fn detect_faces(
    rgb: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<FaceDetection>, VisionError> {
    check(rgb, width, height)?;
    let mut e = engine(&FACE, &FACE_MODEL)?;
    let Engine { model, ws, input } = &mut *e;
    let roi = face_input_into(rgb, width, height, input)?;
    let out = model
        .run(ws, input)
        .map_err(|e| VisionError::Model(e.to_string()))?;
    let (regressors, scores) = match out.as_slice() {
        [r, s] if r.len() == 896 * 16 && s.len() == 896 => (*r, *s),
        _ => return Err(VisionError::Model("unexpected face model outputs".into())),
    };
    Ok(decode_faces(
        regressors,
        scores,
        roi,
        (width as usize, height as usize),
    ))
}

/// Person confidence over an RGB8 photo (interleaved, `width × height × 3`
/// bytes): a 256×256 mask of the photo stretched to a square.
pub fn segment_person(rgb: &[u8], width: u32, height: u32) -> Result<Mask, VisionError> {
    check(rgb, width, height)?;
    let side = MASK_SIDE as usize;
    let mut e = engine(&SEG, &SEG_MODEL)?;
    let Engine { model, ws, input } = &mut *e;
    person_input_into(rgb, width, height, input)?;
    let out = model
        .run(ws, input)
        .map_err(|e| VisionError::Model(e.to_string()))?;
    let mask = match out.as_slice() {
        [m] if m.len() == side * side => *m,
        _ => {
            return Err(VisionError::Model(
                "unexpected segmentation model output".into(),
            ))
        }
    };
    let data = mask
        .iter()
        .map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8)
        .collect();
    Ok(Mask {
        width: MASK_SIDE,
        height: MASK_SIDE,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warp(rgb: &[u8], w: usize, h: usize, roi: Roi, ow: usize, oh: usize) -> Vec<f32> {
        let mut out = vec![f32::NAN; ow * oh * 3];
        warp_into(rgb, (w, h), roi, (ow, oh), &mut out, (1.0, 0.0));
        out
    }

    #[test]
    fn anchors_match_mediapipe_layout() {
        let a = anchors();
        assert_eq!(a.len(), 896);
        assert_eq!(a[0], [0.5 / 16.0, 0.5 / 16.0]);
        assert_eq!(a[1], a[0]);
        assert_eq!(a[2], [1.5 / 16.0, 0.5 / 16.0]);
        assert_eq!(a[512], [0.5 / 8.0, 0.5 / 8.0]);
        assert_eq!(a[517], a[512]);
        assert_eq!(a[518], [1.5 / 8.0, 0.5 / 8.0]);
        assert_eq!(a[895], [7.5 / 8.0, 7.5 / 8.0]);
    }

    #[test]
    fn warp_samples_points_like_opencv() {
        // same size: the identity, exactly
        let rgb: Vec<u8> = (0..7 * 5 * 3).map(|i| (i * 7 % 256) as u8).collect();
        let out = warp(&rgb, 7, 5, Roi::stretch(7, 5), 7, 5);
        assert_eq!(out, rgb.iter().map(|&v| v as f32).collect::<Vec<_>>());
        // shrinking samples points (x · 4/2 = 0, 2), it does not average
        let row = [0u8, 0, 0, 100, 100, 100, 200, 200, 200, 40, 40, 40];
        assert_eq!(
            warp(&row, 4, 1, Roi::stretch(4, 1), 2, 1),
            vec![0.0, 0.0, 0.0, 200.0, 200.0, 200.0]
        );
        // 4 → 3: x · 4/3 = 0, 1.333 (43/32 on OpenCV's grid), 2.667 (85/32)
        let got = warp(&row, 4, 1, Roi::stretch(4, 1), 3, 1);
        let lerp =
            |a: i64, b: i64, f: i64| ((a * (32 - f) * 1024 + b * f * 1024 + 16384) >> 15) as f32;
        assert_eq!(got[3], lerp(100, 200, 11));
        assert_eq!(got[6], lerp(200, 40, 21));
        // enlarging: the last column blends with the black outside (BORDER_CONSTANT 0)
        let got = warp(&[200, 200, 200], 1, 1, Roi::stretch(1, 1), 2, 1);
        assert_eq!(got, vec![200.0, 200.0, 200.0, 100.0, 100.0, 100.0]);
    }

    #[test]
    fn letterbox_pads_to_a_centred_square_of_black() {
        assert_eq!(
            Roi::letterbox(640, 480),
            Roi {
                left: 0.0,
                top: -80.0,
                width: 640.0,
                height: 640.0
            }
        );
        let lb = Roi::letterbox(3, 8);
        assert_eq!((lb.left, lb.top, lb.width), (-2.5, 0.0, 8.0));
        // a white 640×480 photo in 128×128: rows 0..16 and 112..128 are bars (−1)
        let white = vec![255u8; 640 * 480 * 3];
        let t = face_input(&white, 640, 480).unwrap();
        let row = |y: usize| &t[y * 128 * 3..(y + 1) * 128 * 3];
        assert!(row(0).iter().chain(row(15)).all(|&v| v == -1.0));
        assert!(row(16).iter().chain(row(111)).all(|&v| v == 1.0));
        assert!(row(112).iter().chain(row(127)).all(|&v| v == -1.0));
        // and the mask input stretches it, values v/255
        let t = person_input(&white, 640, 480).unwrap();
        assert_eq!(t.len(), 256 * 256 * 3);
        assert!(t.iter().all(|&v| v == 1.0));
    }

    #[test]
    fn a_model_whose_hash_differs_is_refused_before_parsing() {
        let mut bytes = FACE_MODEL.bytes.to_vec();
        assert!(load_model("face", &bytes, &FACE_MODEL.sha256).is_ok());
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let e = load_model("face", &bytes, &FACE_MODEL.sha256).unwrap_err();
        assert_eq!(
            e,
            VisionError::Integrity {
                model: "face".into()
            }
        );
        assert_eq!(e.code(), 5);
        assert!(e.message_zh().contains("SHA-256") && e.message_en().contains("face"));
        // garbage with the right hash would be a parse error, not a panic
        let junk = [0u8; 16];
        let sum: [u8; 32] = Sha256::digest(junk).into();
        assert!(matches!(
            load_model("junk", &junk, &sum),
            Err(VisionError::Model(_))
        ));
    }

    #[test]
    fn decoding_drops_negative_boxes_merges_then_projects_through_the_letterbox() {
        let (mut reg, mut logits) = (vec![0f32; 896 * 16], vec![-10f32; 896]);
        // anchors 0 and 1 share the first 16×16 cell (centre 4, 4 in input px);
        // anchor 2 is the next cell (12, 4)
        let mut set = |a: usize, logit: f32, r: [f32; 4]| {
            logits[a] = logit;
            reg[a * 16..a * 16 + 4].copy_from_slice(&r);
            for k in 0..6 {
                reg[a * 16 + 4 + 2 * k] = k as f32;
            }
        };
        set(0, 4.0, [0.0, 0.0, 16.0, 16.0]);
        set(1, 2.0, [0.0, 0.0, 16.0, 16.0]);
        set(2, 3.0, [0.0, 0.0, -1.0, 16.0]); // negative width: dropped
                                             // a 640×480 photo: the square is 640 px, the bars 80 px above and below
        let faces = decode_faces(&reg, &logits, Roi::letterbox(640, 480), (640, 480));
        assert_eq!(faces.len(), 1, "{faces:?}");
        let f = &faces[0];
        assert_eq!(f.score, 1.0 / (1.0 + (-4f32).exp()));
        // box 16 px around (4, 4) in the input: x −4..12, y −4..12 of 128 → in
        // the photo x −20..60 px (clamped to 0), y −20..60 of the square, −100..−20 of the photo
        let px = |v: f32, n: f32| v * n;
        assert_eq!(f.bbox[0], 0.0);
        assert!((px(f.bbox[2], 640.0) - 60.0).abs() < 1e-3, "{:?}", f.bbox);
        assert_eq!(
            (f.bbox[1], f.bbox[3]),
            (0.0, 0.0),
            "above the photo: clamped"
        );
        // keypoint k at input x 4 + k → photo x (4 + k) · 5
        assert!((px(f.keypoints[5][0], 640.0) - 45.0).abs() < 1e-3);
    }

    #[test]
    fn nms_merges_overlaps_and_keeps_apart_ones() {
        let d = |s: f32, x: f32| FaceDetection {
            score: s,
            bbox: [x, 0.0, x + 0.2, 0.2],
            keypoints: [[x, 0.1]; 6],
        };
        let out = weighted_nms(vec![d(0.6, 0.02), d(0.9, 0.0), d(0.8, 0.5)]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].score, 0.9);
        assert!((out[0].bbox[0] - 0.6 * 0.02 / 1.5).abs() < 1e-6);
        assert_eq!(out[1].bbox[0], 0.5);
    }
}
