//! The interpreter against LiteRT, without Python: LiteRT's outputs (its
//! default CPU path, XNNPACK, as MediaPipe runs the models) on the input tensors
//! precheck-vision makes from fixture test2 at 512 px on the long side, written
//! by `scripts/model-record/run --write` into `tests/litert/test2-512.nnt`
//! (format: that script's docstring). The same tool compares every tensor of
//! both models with LiteRT's on all fixtures.

use precheck_vision::{face_input, load_model, person_input, FACE_MODEL, SEG_MODEL};
use std::path::PathBuf;

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The f32 tensors of an NNT1 file.
fn read_nnt(bytes: &[u8]) -> Vec<Vec<f32>> {
    assert_eq!(&bytes[..4], b"NNT1");
    let u32_at = |p: usize| u32::from_le_bytes(bytes[p..p + 4].try_into().unwrap()) as usize;
    let mut pos = 8;
    (0..u32_at(4))
        .map(|_| {
            let (code, rank) = (u32_at(pos), u32_at(pos + 4));
            assert_eq!(code, 0, "f32 only");
            let n: usize = (0..rank).map(|i| u32_at(pos + 8 + 4 * i)).product();
            pos += 8 + 4 * rank;
            let v = bytes[pos..pos + 4 * n]
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
                .collect();
            pos += 4 * n;
            v
        })
        .collect()
}

/// Largest difference relative to max(1, |LiteRT's value|).
fn max_rel(got: &[f32], want: &[f32]) -> f32 {
    assert_eq!(got.len(), want.len());
    got.iter()
        .zip(want)
        .map(|(g, w)| (g - w).abs() / w.abs().max(1.0))
        .fold(0.0, f32::max)
}

#[test]
fn both_models_agree_with_litert_on_a_real_photo() {
    let img = image::ImageReader::open(here().join("../../shared/fixtures/photos-real/test2.jpg"))
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap()
        .to_rgb8();
    let (w, h) = img.dimensions();
    let nw = (w as u64 * 512 / h as u64) as u32; // portrait: 512 px high
    assert!(h > w);
    let img = image::imageops::resize(&img, nw, 512, image::imageops::FilterType::Triangle);
    let want = read_nnt(&std::fs::read(here().join("tests/litert/test2-512.nnt")).unwrap());
    assert_eq!(want.len(), 5);

    let face = load_model(FACE_MODEL.name, FACE_MODEL.bytes, &FACE_MODEL.sha256).unwrap();
    let mut ws = face.workspace();
    let input = face_input(img.as_raw(), nw, 512).unwrap();
    let out = face.run(&mut ws, &input).unwrap();
    let (regressors, logits) = (out[0], out[1]);
    assert_eq!((regressors.len(), logits.len()), (896 * 16, 896));
    let d_scores = max_rel(logits, &want[0]);
    let best: Vec<usize> = want[1].iter().map(|&i| i as usize).collect();
    let ours: Vec<f32> = best
        .iter()
        .flat_map(|&i| regressors[i * 16..i * 16 + 16].to_vec())
        .collect();
    let d_boxes = max_rel(&ours, &want[2]);

    let seg = load_model(SEG_MODEL.name, SEG_MODEL.bytes, &SEG_MODEL.sha256).unwrap();
    let mut ws = seg.workspace();
    let input = person_input(img.as_raw(), nw, 512).unwrap();
    let mask = seg.run(&mut ws, &input).unwrap()[0];
    let sub: Vec<f32> = (0..64)
        .flat_map(|y| (0..64).map(move |x| mask[y * 4 * 256 + x * 4]))
        .collect();
    let d_mask = max_rel(&sub, &want[3]).max(max_rel(&mask[128 * 256..129 * 256], &want[4]));
    eprintln!("vs LiteRT: face logits {d_scores:.1e}, best 16 anchors' regressors {d_boxes:.1e}, mask {d_mask:.1e}");
    // the best anchor is a face (a real score), and everything within 1e-4
    assert!(want[0][best[0]] > 2.0, "{}", want[0][best[0]]);
    assert!(d_scores < 1e-4 && d_boxes < 1e-4 && d_mask < 1e-4);
}
