//! Native timings of face detection and segmentation on a real photo.
//!
//! `cargo run --release -p precheck-vision --example bench_vision [-- PHOTO [RUNS]]`
//! (default ../shared/fixtures/photos-real/test2.jpg, shrunk to 512 px on the
//! long side as in `scripts/bench-vision.mjs`; 10 runs after a warm-up run).
//! Prints the median and the fastest run in wall ms, and the median in thread
//! CPU ms where Linux offers it (`/proc/thread-self/schedstat`): on a shared
//! machine other processes disturb CPU time less.

use std::time::Instant;

/// CPU time of this thread in ms (Linux), if available.
fn cpu_ms() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e6)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// (median wall, min wall, median CPU) in ms.
fn bench(runs: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    f(); // warm-up: parses the model, allocates its buffers
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (s, c) = (Instant::now(), cpu_ms());
        f();
        wall.push(s.elapsed().as_secs_f64() * 1e3);
        cpu.push(cpu_ms().zip(c).map_or(f64::NAN, |(b, a)| b - a));
    }
    let min = wall.iter().copied().fold(f64::INFINITY, f64::min);
    (median(wall), min, median(cpu))
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
    let face = bench(runs, || {
        precheck_vision::detect_faces(rgb, w, h).unwrap();
    });
    let seg = bench(runs, || {
        precheck_vision::segment_person(rgb, w, h).unwrap();
    });
    println!(
        "{path} at {w}×{h}: {} face(s), score {:.3}",
        faces.len(),
        faces.first().map_or(0.0, |f| f.score)
    );
    println!("first call (parse + run): face {first_face:.1} ms, segmentation {first_seg:.1} ms");
    for (name, (med, min, cpu)) in [("face detection", face), ("segmentation  ", seg)] {
        println!("{name}: median {med:.2} ms wall (min {min:.2}), {cpu:.2} ms CPU, {runs} runs");
    }
}
