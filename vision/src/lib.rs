//! # precheck-vision: face detection and person segmentation on the device
//!
//! Two MediaPipe models, run by [`precheck_nn`] and embedded in the binary
//! (`models/`, Apache-2.0; parsed once, lazily, on first use):
//!
//! - [`detect_faces`]: BlazeFace short-range. The photo is letterboxed into
//!   128×128 (black bars, values in [-1, 1]); the 896 anchors are MediaPipe's
//!   `SsdAnchorsCalculator` ones for this model (strides 8, 16, 16, 16 on a
//!   128 px input, fixed anchor size, 2 anchors per 16×16 cell + 6 per 8×8
//!   cell); boxes and the 6 keypoints are decoded as offsets/128 from the anchor
//!   centre, scores are sigmoid(clamp(x, ±100)), kept from 0.5, merged by
//!   weighted non-maximum suppression (IoU 0.3, the cluster's boxes and
//!   keypoints averaged by score, the best score kept), mapped back through the
//!   letterbox into the photo's normalised coordinates, clamped to 0..1 and
//!   sorted by score.
//! - [`segment_person`]: selfie segmentation (general, 256×256). The photo is
//!   stretched to 256×256 (values in [0, 1]); the model's sigmoid output
//!   becomes a 256×256 mask of person confidence 0..=255. The caller maps it
//!   back onto the photo (it is stretched like the input).
//!
//! Resizing, both ways: separable, per axis; shrinking averages the source
//! pixels each output pixel covers (area, with fractional edges), enlarging is
//! bilinear between pixel centres.
//!
//! No input panics: a zero size or a buffer that is not `width·height·3`
//! bytes is a [`VisionError`] (code and zh/en messages).

use precheck_nn::{Model, Workspace};
use std::sync::{Mutex, MutexGuard, OnceLock};

const FACE_MODEL: &[u8] = include_bytes!("../../models/face_detection_short_range.tflite");
const SEG_MODEL: &[u8] = include_bytes!("../../models/selfie_segmentation.tflite");

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
}

impl VisionError {
    /// A stable number for the error (the wasm ABI returns its negative).
    pub fn code(&self) -> i32 {
        match self {
            VisionError::EmptyImage => 1,
            VisionError::BufferSize { .. } => 2,
            VisionError::Model(_) => 3,
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
    /// The model's input and the resampler's scratch, reused.
    input: Vec<f32>,
    rows: Vec<f32>,
}

type Cell = OnceLock<Result<Mutex<Engine>, VisionError>>;
static FACE: Cell = OnceLock::new();
static SEG: Cell = OnceLock::new();

fn engine(cell: &'static Cell, bytes: &[u8]) -> Result<MutexGuard<'static, Engine>, VisionError> {
    let e = cell.get_or_init(|| {
        let model = Model::from_tflite(bytes).map_err(|e| VisionError::Model(e.to_string()))?;
        let ws = model.workspace();
        Ok(Mutex::new(Engine {
            model,
            ws,
            input: Vec::new(),
            rows: Vec::new(),
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

/// Per output sample along one axis: the first source index and its weights.
fn contributions(n_in: usize, n_out: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = n_in as f64 / n_out as f64;
    (0..n_out)
        .map(|i| {
            if scale > 1.0 {
                // area: the source interval [i·s, (i+1)·s)
                let (a, b) = (i as f64 * scale, ((i + 1) as f64 * scale).min(n_in as f64));
                let first = a.floor() as usize;
                let last = (b.ceil() as usize).clamp(first + 1, n_in);
                let w = (first..last)
                    .map(|j| ((b.min(j as f64 + 1.0) - a.max(j as f64)) / (b - a)) as f32)
                    .collect();
                (first, w)
            } else {
                // bilinear between pixel centres
                let x = ((i as f64 + 0.5) * scale - 0.5).clamp(0.0, (n_in - 1) as f64);
                let first = (x.floor() as usize).min(n_in - 1);
                let f = (x - first as f64) as f32;
                if first + 1 < n_in {
                    (first, vec![1.0 - f, f])
                } else {
                    (first, vec![1.0])
                }
            }
        })
        .collect()
}

/// Resamples interleaved RGB8 `w × h` to `ow × oh` and writes `v · scale + bias`
/// for every channel value `v` (0..255) into `out`, output row `y` starting at
/// float `y · stride`. `rows` is scratch (kept between calls).
fn resample_into(
    rgb: &[u8],
    (w, h): (usize, usize),
    (ow, oh): (usize, usize),
    rows: &mut Vec<f32>,
    out: &mut [f32],
    stride: usize,
    (scale, bias): (f32, f32),
) {
    let cx = contributions(w, ow);
    let cy = contributions(h, oh);
    // rows first: only the source rows some output row reads
    rows.clear();
    rows.resize(h * ow * 3, 0.0);
    let mut needed = vec![false; h];
    for (first, wts) in &cy {
        for (j, n) in needed[*first..].iter_mut().zip(wts) {
            *j |= *n != 0.0 || wts.len() == 1;
        }
    }
    for ((src, dst), _) in rgb
        .chunks_exact(w * 3)
        .zip(rows.chunks_exact_mut(ow * 3))
        .zip(&needed)
        .filter(|(_, n)| **n)
    {
        for ((first, wts), d) in cx.iter().zip(dst.chunks_exact_mut(3)) {
            let mut acc = [0f32; 3];
            for (px, wt) in src[first * 3..].chunks_exact(3).zip(wts) {
                for (a, v) in acc.iter_mut().zip(px) {
                    *a += *v as f32 * wt;
                }
            }
            d.copy_from_slice(&acc);
        }
    }
    for ((first, wts), orow) in cy.iter().zip(out.chunks_mut(stride)) {
        let orow = &mut orow[..ow * 3];
        orow.fill(0.0);
        for (r, wt) in rows[first * ow * 3..].chunks_exact(ow * 3).zip(wts) {
            for (o, v) in orow.iter_mut().zip(r) {
                *o += v * wt;
            }
        }
        for o in orow.iter_mut() {
            *o = *o * scale + bias;
        }
    }
}

/// The letterbox of a `w × h` photo in the square input: content size and offset.
struct Letterbox {
    cw: usize,
    ch: usize,
    ox: usize,
    oy: usize,
}

fn letterbox(w: usize, h: usize, side: usize) -> Letterbox {
    let (cw, ch) = if w >= h {
        (
            side,
            ((h as f64 * side as f64 / w as f64).round() as usize).clamp(1, side),
        )
    } else {
        (
            ((w as f64 * side as f64 / h as f64).round() as usize).clamp(1, side),
            side,
        )
    };
    Letterbox {
        cw,
        ch,
        ox: (side - cw) / 2,
        oy: (side - ch) / 2,
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

/// Weighted non-maximum suppression: each cluster (IoU above the threshold
/// with its best detection) becomes one detection whose box and keypoints are
/// the score-weighted mean of the cluster's, with the best score.
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
            let wt = d.score / total;
            for (m, v) in merged.bbox.iter_mut().zip(&d.bbox) {
                *m += v * wt;
            }
            for (m, v) in merged.keypoints.iter_mut().zip(&d.keypoints) {
                m[0] += v[0] * wt;
                m[1] += v[1] * wt;
            }
        }
        out.push(merged);
    }
    out
}

/// Faces in an RGB8 photo (interleaved, `width × height × 3` bytes), best first.
pub fn detect_faces(
    rgb: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<FaceDetection>, VisionError> {
    check(rgb, width, height)?;
    let (w, h) = (width as usize, height as usize);
    let side = FACE_INPUT as usize;
    let lb = letterbox(w, h, side);
    let mut e = engine(&FACE, FACE_MODEL)?;
    let Engine {
        model,
        ws,
        input,
        rows,
    } = &mut *e;
    input.clear();
    input.resize(side * side * 3, -1.0); // black bars
    let at = (lb.oy * side + lb.ox) * 3;
    resample_into(
        rgb,
        (w, h),
        (lb.cw, lb.ch),
        rows,
        &mut input[at..],
        side * 3,
        (1.0 / 127.5, -1.0),
    );
    let out = model
        .run(ws, input)
        .map_err(|e| VisionError::Model(e.to_string()))?;
    let (regressors, scores) = match out.as_slice() {
        [r, s] if r.len() == 896 * 16 && s.len() == 896 => (*r, *s),
        _ => return Err(VisionError::Model("unexpected face model outputs".into())),
    };
    let s = side as f32;
    // input-normalised → image-normalised
    let (fx, fy) = (s / lb.cw as f32, s / lb.ch as f32);
    let (bx, by) = (lb.ox as f32 / lb.cw as f32, lb.oy as f32 / lb.ch as f32);
    let map = |x: f32, y: f32| [(x * fx - bx).clamp(0.0, 1.0), (y * fy - by).clamp(0.0, 1.0)];
    let mut dets = Vec::new();
    for ((raw, &logit), anchor) in regressors.chunks_exact(16).zip(scores).zip(anchors()) {
        let score = 1.0 / (1.0 + (-logit.clamp(-100.0, 100.0)).exp());
        if score < MIN_FACE_SCORE {
            continue;
        }
        let (cx, cy) = (raw[0] / s + anchor[0], raw[1] / s + anchor[1]);
        let (bw, bh) = (raw[2] / s, raw[3] / s);
        let [x0, y0] = map(cx - bw / 2.0, cy - bh / 2.0);
        let [x1, y1] = map(cx + bw / 2.0, cy + bh / 2.0);
        let mut keypoints = [[0f32; 2]; 6];
        for (k, kp) in raw[4..].chunks_exact(2).zip(keypoints.iter_mut()) {
            *kp = map(k[0] / s + anchor[0], k[1] / s + anchor[1]);
        }
        dets.push(FaceDetection {
            score,
            bbox: [x0, y0, x1, y1],
            keypoints,
        });
    }
    Ok(weighted_nms(dets))
}

/// Person confidence over an RGB8 photo (interleaved, `width × height × 3`
/// bytes): a 256×256 mask of the photo stretched to a square.
pub fn segment_person(rgb: &[u8], width: u32, height: u32) -> Result<Mask, VisionError> {
    check(rgb, width, height)?;
    let side = MASK_SIDE as usize;
    let mut e = engine(&SEG, SEG_MODEL)?;
    let Engine {
        model,
        ws,
        input,
        rows,
    } = &mut *e;
    input.clear();
    input.resize(side * side * 3, 0.0);
    let (w, h) = (width as usize, height as usize);
    resample_into(
        rgb,
        (w, h),
        (side, side),
        rows,
        input,
        side * 3,
        (1.0 / 255.0, 0.0),
    );
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

    fn resample(rgb: &[u8], w: usize, h: usize, ow: usize, oh: usize) -> Vec<f32> {
        let mut out = vec![f32::NAN; ow * oh * 3];
        resample_into(
            rgb,
            (w, h),
            (ow, oh),
            &mut Vec::new(),
            &mut out,
            ow * 3,
            (1.0, 0.0),
        );
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
    fn resampling_keeps_flat_colour_and_averages() {
        let rgb: Vec<u8> = [10u8, 20, 30].repeat(7 * 5);
        for (ow, oh) in [(3, 2), (7, 5), (16, 11), (1, 1)] {
            let out = resample(&rgb, 7, 5, ow, oh);
            assert_eq!(out.len(), ow * oh * 3);
            for px in out.chunks_exact(3) {
                for (v, want) in px.iter().zip([10.0, 20.0, 30.0]) {
                    assert!((v - want).abs() < 1e-3, "{ow}×{oh}: {px:?}");
                }
            }
        }
        // 4 px → 2 px: each output pixel is the mean of two
        let row = [0u8, 0, 0, 100, 100, 100, 200, 200, 200, 40, 40, 40];
        let out = resample(&row, 4, 1, 2, 1);
        assert_eq!(out, vec![50.0, 50.0, 50.0, 120.0, 120.0, 120.0]);
    }

    #[test]
    fn letterbox_centres_the_content() {
        let lb = letterbox(640, 480, 128);
        assert_eq!((lb.cw, lb.ch, lb.ox, lb.oy), (128, 96, 0, 16));
        let lb = letterbox(1, 1000, 128);
        assert_eq!((lb.cw, lb.ch, lb.ox, lb.oy), (1, 128, 63, 0));
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
