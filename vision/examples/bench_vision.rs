//! Native timings of face detection and segmentation on a real photo.
//!
//! `cargo run --release -p precheck-vision --example bench_vision [-- PHOTO [RUNS]]`
//! (default ../shared/fixtures/photos-real/test2.jpg, shrunk to 512 px on the
//! long side as in `scripts/bench-vision.mjs`; 10 runs after a warm-up run).
//! Prints the median and the fastest run in ms.

use std::time::Instant;

fn median_ms(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    f(); // warm-up: parses the model, allocates its buffers
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], t[0])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .map_or("../shared/fixtures/photos-real/test2.jpg", |s| s.as_str());
    let runs: usize = args.get(1).map_or(10, |s| s.parse().expect("RUNS"));
    let img = image::ImageReader::open(path)
        .expect("open")
        .with_guessed_format()
        .expect("read")
        .decode()
        .expect("decode")
        .to_rgb8();
    let (w, h) = img.dimensions();
    let s = 512.0 / w.max(h) as f64;
    let img = image::imageops::resize(
        &img,
        (w as f64 * s).round() as u32,
        (h as f64 * s).round() as u32,
        image::imageops::FilterType::Triangle,
    );
    let (w, h) = img.dimensions();
    let rgb = img.as_raw();
    let t0 = Instant::now();
    let faces = precheck_vision::detect_faces(rgb, w, h).expect("faces");
    let first_face = t0.elapsed().as_secs_f64() * 1e3;
    let t0 = Instant::now();
    precheck_vision::segment_person(rgb, w, h).expect("mask");
    let first_seg = t0.elapsed().as_secs_f64() * 1e3;
    let (face, face_min) = median_ms(runs, || {
        precheck_vision::detect_faces(rgb, w, h).unwrap();
    });
    let (seg, seg_min) = median_ms(runs, || {
        precheck_vision::segment_person(rgb, w, h).unwrap();
    });
    println!(
        "{path} at {w}×{h}: {} face(s), score {:.3}",
        faces.len(),
        faces.first().map_or(0.0, |f| f.score)
    );
    println!("first call (parse + run): face {first_face:.1} ms, segmentation {first_seg:.1} ms");
    println!("face detection: median {face:.2} ms (min {face_min:.2}) over {runs} runs");
    println!("segmentation:   median {seg:.2} ms (min {seg_min:.2}) over {runs} runs");
}
