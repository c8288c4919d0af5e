//! Runs both models on raw RGB and writes every tensor the interpreter computes,
//! for the reference tool (`scripts/model-record/record.py`), which compares
//! them with LiteRT's tensor by tensor and the results with MediaPipe's.
//!
//! `cargo run --release -p precheck-vision --example model_trace -- RGB W H OUT_DIR`
//!
//! Writes to OUT_DIR: `face_input.f32`, `seg_input.f32` (the input tensors,
//! MediaPipe's preprocessing), `face.trace`, `seg.trace` (per step: u32 tensor
//! index of the graph, u32 count, then that many f32, little-endian),
//! `faces.json` (what `detect_faces` returns) and `mask.u8` (256×256, what
//! `segment_person` returns).

use precheck_vision::{
    detect_faces, face_input, load_model, person_input, segment_person, EmbeddedModel, FACE_MODEL,
    SEG_MODEL,
};
use std::io::Write;
use std::path::Path;

fn f32s(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn trace(m: &EmbeddedModel, input: &[f32], path: &Path) {
    let model = load_model(m.name, m.bytes, &m.sha256).expect("model");
    let mut ws = model.workspace();
    let mut out = Vec::new();
    model
        .run_observed(&mut ws, input, &mut |_, t, v| {
            out.extend_from_slice(&(t as u32).to_le_bytes());
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(&f32s(v));
        })
        .expect("run");
    std::fs::write(path, out).expect("write");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 4 {
        eprintln!("usage: model_trace RGB W H OUT_DIR");
        std::process::exit(2);
    }
    let rgb = std::fs::read(&args[0]).expect("read rgb");
    let (w, h): (u32, u32) = (args[1].parse().expect("W"), args[2].parse().expect("H"));
    let dir = Path::new(&args[3]);
    std::fs::create_dir_all(dir).expect("mkdir");
    let fi = face_input(&rgb, w, h).expect("face input");
    let si = person_input(&rgb, w, h).expect("person input");
    std::fs::write(dir.join("face_input.f32"), f32s(&fi)).expect("write");
    std::fs::write(dir.join("seg_input.f32"), f32s(&si)).expect("write");
    trace(&FACE_MODEL, &fi, &dir.join("face.trace"));
    trace(&SEG_MODEL, &si, &dir.join("seg.trace"));
    let faces = detect_faces(&rgb, w, h).expect("faces");
    let mut j = std::fs::File::create(dir.join("faces.json")).expect("create");
    let list: Vec<String> = faces
        .iter()
        .map(|f| {
            let kp: Vec<String> = f
                .keypoints
                .iter()
                .map(|k| format!("[{}, {}]", k[0], k[1]))
                .collect();
            format!(
                "{{\"score\": {}, \"bbox\": [{}, {}, {}, {}], \"keypoints\": [{}]}}",
                f.score,
                f.bbox[0],
                f.bbox[1],
                f.bbox[2],
                f.bbox[3],
                kp.join(", ")
            )
        })
        .collect();
    writeln!(j, "[{}]", list.join(", ")).expect("write");
    let mask = segment_person(&rgb, w, h).expect("mask");
    std::fs::write(dir.join("mask.u8"), &mask.data).expect("write");
}
