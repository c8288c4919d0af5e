//! The model run of record: on the real fixtures, `detect_faces` and
//! `segment_person` give MediaPipe's own results (`mediapipe==0.10.14`, the
//! legacy `mp.solutions` CPU pipelines) on the same pixels: every box corner
//! and keypoint within 0.5 px of the photo, the mask's IoU at least 0.998.
//! Each fixture at its decoded size and at 512 px on the long side (the size
//! the photo code hands the models).
//!
//! MediaPipe's results are committed in `tests/mediapipe/` (faces in
//! `reference.json`, masks > 0.5 as 1-bit PNGs), written by
//! `scripts/model-record/run --write`, which also compares the interpreter with
//! LiteRT tensor by tensor. No Python here.

use precheck_vision::{detect_faces, segment_person};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture as `examples/dump_rgb` gives it to the reference tool: decoded,
/// and for `long > 0` resized (Triangle) to `long` px on the long side.
fn decode(name: &str, long: u32) -> image::RgbImage {
    let img = image::ImageReader::open(here().join("../../shared/fixtures/photos-real").join(name))
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap()
        .to_rgb8();
    if long == 0 {
        return img;
    }
    let (w, h) = img.dimensions();
    let (nw, nh) = if w >= h {
        (long, (h as u64 * long as u64 / w as u64).max(1) as u32)
    } else {
        ((w as u64 * long as u64 / h as u64).max(1) as u32, long)
    };
    image::imageops::resize(&img, nw, nh, image::imageops::FilterType::Triangle)
}

/// Our 256×256 mask at `w × h`, as MediaPipe's `TensorsToSegmentationCalculator`
/// resizes its own (OpenCV's bilinear `resize`: half-pixel centres, edges
/// clamped), then > 0.5.
fn upsample(mask: &[u8], w: usize, h: usize) -> Vec<bool> {
    let axis = |n_out: usize| -> Vec<(usize, usize, f32)> {
        let scale = 256.0 / n_out as f32;
        (0..n_out)
            .map(|i| {
                let s = (i as f32 + 0.5) * scale - 0.5;
                let (i0, f) = if s < 0.0 {
                    (0, 0.0)
                } else {
                    (s.floor() as usize, s - s.floor())
                };
                if i0 >= 255 {
                    (255, 255, 0.0)
                } else {
                    (i0, i0 + 1, f)
                }
            })
            .collect()
    };
    let (xs, ys) = (axis(w), axis(h));
    let at = |x: usize, y: usize| mask[y * 256 + x] as f32 / 255.0;
    let mut out = Vec::with_capacity(w * h);
    for &(y0, y1, fy) in &ys {
        for &(x0, x1, fx) in &xs {
            let top = at(x0, y0) * (1.0 - fx) + at(x1, y0) * fx;
            let bottom = at(x0, y1) * (1.0 - fx) + at(x1, y1) * fx;
            out.push(top * (1.0 - fy) + bottom * fy > 0.5);
        }
    }
    out
}

fn floats(v: &Value) -> Vec<f32> {
    match v {
        Value::Array(a) => a.iter().flat_map(floats).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap() as f32],
        _ => panic!("not a number: {v}"),
    }
}

#[test]
fn faces_and_masks_match_mediapipe_on_the_real_fixtures() {
    let text = std::fs::read_to_string(here().join("tests/mediapipe/reference.json")).unwrap();
    let reference: Value = serde_json::from_str(&text).unwrap();
    let tol_px = reference["tolerance"]["px"].as_f64().unwrap() as f32;
    let tol_iou = reference["tolerance"]["mask_iou"].as_f64().unwrap();
    assert_eq!((tol_px, tol_iou), (0.5, 0.998), "the issue's tolerances");
    let fixtures = reference["fixtures"].as_array().unwrap();
    assert_eq!(fixtures.len(), 10);
    for fx in fixtures {
        let name = fx["file"].as_str().unwrap();
        let img = decode(name, fx["long_side"].as_u64().unwrap() as u32);
        let (w, h) = img.dimensions();
        assert_eq!(
            (w as u64, h as u64),
            (
                fx["width"].as_u64().unwrap(),
                fx["height"].as_u64().unwrap()
            ),
            "{name}"
        );
        let sum: String = Sha256::digest(img.as_raw())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if sum != fx["rgb_sha256"].as_str().unwrap() {
            // a different decoder version: the comparison still holds, within tolerance
            eprintln!("{name}: decoded pixels differ from the reference's (rerun scripts/model-record/run --write)");
        }

        let ours = detect_faces(img.as_raw(), w, h).unwrap();
        let theirs = fx["faces"].as_array().unwrap();
        assert_eq!(ours.len(), theirs.len(), "{name}: {ours:?}");
        let (mut box_px, mut kp_px, mut score) = (0f32, 0f32, 0f32);
        for (o, t) in ours.iter().zip(theirs) {
            let bbox = floats(&t["bbox"]);
            let kps = floats(&t["keypoints"]);
            assert_eq!((bbox.len(), kps.len()), (4, 12));
            for (i, (a, b)) in o.bbox.iter().zip(&bbox).enumerate() {
                box_px = box_px.max((a - b).abs() * if i % 2 == 0 { w } else { h } as f32);
            }
            for (i, (a, b)) in o.keypoints.iter().flatten().zip(&kps).enumerate() {
                kp_px = kp_px.max((a - b).abs() * if i % 2 == 0 { w } else { h } as f32);
            }
            score = score.max((o.score - t["score"].as_f64().unwrap() as f32).abs());
        }

        let mask = segment_person(img.as_raw(), w, h).unwrap();
        let mine = upsample(&mask.data, w as usize, h as usize);
        let png = image::open(
            here()
                .join("tests/mediapipe")
                .join(fx["mask"].as_str().unwrap()),
        )
        .unwrap()
        .to_luma8();
        assert_eq!(png.dimensions(), (w, h), "{name}: mask size");
        let (mut inter, mut union) = (0usize, 0usize);
        for (a, b) in mine.iter().zip(png.as_raw()) {
            let b = *b > 127;
            inter += (*a && b) as usize;
            union += (*a || b) as usize;
        }
        let iou = inter as f64 / union.max(1) as f64;
        eprintln!(
            "{name} {w}×{h}: {} face(s), boxes within {box_px:.3} px, keypoints {kp_px:.3} px, \
             scores {score:.1e}; mask IoU {iou:.5}",
            ours.len()
        );
        assert!(
            box_px <= tol_px && kp_px <= tol_px,
            "{name}: boxes {box_px} px, keypoints {kp_px} px"
        );
        assert!(score < 1e-3, "{name}: score differs by {score}");
        assert!(iou >= tol_iou, "{name}: mask IoU {iou}");
        assert!(
            union > (w * h / 10) as usize,
            "{name}: a mask with no person"
        );
    }
}
