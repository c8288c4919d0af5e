//! Operators and whole models against reference tensors written by
//! `tests/ref/gen_refs.py` (numpy reference interpreter, ~1e-5 from MediaPipe).

use precheck_nn::{f16_to_f32, Model};
use std::path::{Path, PathBuf};

const FACE: &[u8] = include_bytes!("../../models/face_detection_short_range.tflite");
const SEG: &[u8] = include_bytes!("../../models/selfie_segmentation.tflite");

fn ref_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ref")
}

struct Tensor {
    shape: Vec<usize>,
    data: Vec<f32>,
}

/// Reads an "NNT1" file (format: gen_refs.py's docstring).
fn read_nnt(path: &Path) -> Vec<Tensor> {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..4], b"NNT1");
    let u32_at = |p: usize| u32::from_le_bytes(b[p..p + 4].try_into().unwrap()) as usize;
    let mut pos = 8;
    (0..u32_at(4))
        .map(|_| {
            let (code, rank) = (u32_at(pos), u32_at(pos + 4));
            let shape: Vec<usize> = (0..rank).map(|i| u32_at(pos + 8 + 4 * i)).collect();
            pos += 8 + 4 * rank;
            let n: usize = shape.iter().product();
            let data: Vec<f32> = match code {
                0 => b[pos..pos + 4 * n]
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
                    .collect(),
                1 => b[pos..pos + 2 * n]
                    .chunks_exact(2)
                    .map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
                    .collect(),
                _ => b[pos..pos + n].iter().map(|&v| v as f32).collect(),
            };
            pos += n * [4, 2, 1][code];
            Tensor { shape, data }
        })
        .collect()
}

/// Largest difference, relative to max(1, |reference|).
fn max_diff(got: &[f32], want: &[f32]) -> f32 {
    assert_eq!(got.len(), want.len());
    got.iter()
        .zip(want)
        .map(|(g, w)| (g - w).abs() / w.abs().max(1.0))
        .fold(0.0, f32::max)
}

#[test]
fn each_operator_matches_the_reference() {
    let face = Model::from_tflite(FACE).unwrap();
    let seg = Model::from_tflite(SEG).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(ref_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("op_"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "reference files missing: run nn/tests/ref/gen_refs.py"
    );
    for path in files {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let parts: Vec<&str> = name.splitn(4, '_').collect();
        let model = if parts[1] == "face" { &face } else { &seg };
        let op: usize = parts[2].parse().unwrap();
        let mut tensors = read_nnt(&path);
        let want = tensors.pop().unwrap();
        let inputs: Vec<(&[usize], &[f32])> = tensors
            .iter()
            .map(|t| (t.shape.as_slice(), t.data.as_slice()))
            .collect();
        let (shape, got) = model
            .run_operator(op, &inputs)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(shape, want.shape, "{name}: shape");
        let d = max_diff(&got, &want.data);
        eprintln!("{name}: max difference {d:e}");
        assert!(d < 1e-5, "{name}: max difference {d}");
    }
}

fn photo() -> Vec<u8> {
    std::fs::read(ref_dir().join("test2_128.u8")).unwrap()
}

#[test]
fn face_model_matches_the_reference_on_a_photo() {
    let model = Model::from_tflite(FACE).unwrap();
    assert_eq!(model.input_shape(), [1, 128, 128, 3]);
    assert_eq!(model.output_shapes(), [&[1, 896, 16][..], &[1, 896, 1][..]]);
    let input: Vec<f32> = photo().iter().map(|&v| v as f32 / 127.5 - 1.0).collect();
    let mut ws = model.workspace();
    let r = read_nnt(&ref_dir().join("model_face.nnt"));
    for _ in 0..2 {
        // twice: the reused workspace gives the same answer
        let out = model.run(&mut ws, &input).unwrap();
        let (reg, cls) = (out[0], out[1]);
        assert!(
            max_diff(cls, &r[0].data) < 1e-4,
            "scores {}",
            max_diff(cls, &r[0].data)
        );
        let every4: Vec<f32> = reg.chunks_exact(16).step_by(4).flatten().copied().collect();
        assert!(
            max_diff(&every4, &r[1].data) < 1e-4,
            "regressors {}",
            max_diff(&every4, &r[1].data)
        );
        let top: Vec<f32> = r[2]
            .data
            .iter()
            .flat_map(|&i| reg[i as usize * 16..][..16].to_vec())
            .collect();
        assert!(
            max_diff(&top, &r[3].data) < 1e-4,
            "best anchors {}",
            max_diff(&top, &r[3].data)
        );
        eprintln!(
            "face: scores {:e}, regressors {:e}, best anchors {:e}",
            max_diff(cls, &r[0].data),
            max_diff(&every4, &r[1].data),
            max_diff(&top, &r[3].data)
        );
    }
}

#[test]
fn segmentation_model_matches_the_reference_on_a_photo() {
    let model = Model::from_tflite(SEG).unwrap();
    assert_eq!(model.input_shape(), [1, 256, 256, 3]);
    let small = photo();
    let mut input = vec![0f32; 256 * 256 * 3];
    for (i, px) in input.chunks_exact_mut(3).enumerate() {
        let (y, x) = (i / 256 / 2, i % 256 / 2);
        for (c, v) in px.iter_mut().enumerate() {
            *v = small[(y * 128 + x) * 3 + c] as f32 / 255.0;
        }
    }
    let mut ws = model.workspace();
    let out = model.run(&mut ws, &input).unwrap();
    let mask = out[0];
    let r = read_nnt(&ref_dir().join("model_seg.nnt"));
    let sub: Vec<f32> = mask
        .chunks_exact(256)
        .step_by(4)
        .flat_map(|row| row.iter().step_by(4).copied())
        .collect();
    assert!(
        max_diff(&sub, &r[0].data) < 1e-4,
        "mask {}",
        max_diff(&sub, &r[0].data)
    );
    assert!(max_diff(&mask[128 * 256..129 * 256], &r[1].data) < 1e-4);
    eprintln!("segmentation: mask {:e}", max_diff(&sub, &r[0].data));
    let mean = mask.iter().map(|&v| v as f64).sum::<f64>() / mask.len() as f64;
    assert!(
        (mean as f32 - r[2].data[0]).abs() < 1e-5,
        "mean {mean} vs {}",
        r[2].data[0]
    );
}

#[test]
fn mean_over_height_and_width_is_an_exact_float_mean() {
    let model =
        Model::from_tflite(&std::fs::read(ref_dir().join("synthetic_mean.tflite")).unwrap())
            .unwrap();
    let r = read_nnt(&ref_dir().join("synthetic_mean.nnt"));
    let mut ws = model.workspace();
    let out = model.run(&mut ws, &r[0].data).unwrap();
    assert_eq!(model.output_shapes(), [&[1, 1, 1, 4][..]]);
    assert!(
        max_diff(out[0], &r[1].data) < 1e-6,
        "{:?} vs {:?}",
        out[0],
        r[1].data
    );
    assert!(out[0].iter().any(|v| v.fract() != 0.0), "not rounded");
}

#[test]
fn an_unsupported_operator_is_refused_at_load_by_name() {
    let err = Model::from_tflite(&std::fs::read(ref_dir().join("synthetic_tanh.tflite")).unwrap())
        .unwrap_err();
    assert_eq!(
        err,
        precheck_nn::NnError::Unsupported("builtin operator 28 (operator #0)".into())
    );
}
