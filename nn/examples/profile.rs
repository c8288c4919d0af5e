//! Time per operator kind of one model (native), on a constant input.
//! `cargo run --release -p precheck-nn --example profile -- MODEL.tflite [RUNS]`
//! Times are thread CPU time where Linux offers it (`/proc/thread-self/schedstat`),
//! so other processes on a shared machine disturb them less; else wall time.

use precheck_nn::Model;
use std::collections::BTreeMap;
use std::time::Instant;

/// Nanoseconds of CPU this thread has run (Linux), else wall time.
fn clock(start: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or_else(|| start.elapsed().as_nanos() as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).expect("model");
    let runs: usize = args.get(1).map_or(20, |s| s.parse().unwrap());
    let model = Model::from_tflite(&bytes).expect("load");
    let n: usize = model.input_shape().iter().product();
    let input: Vec<f32> = (0..n).map(|i| ((i * 7919) % 255) as f32 / 255.0).collect();
    let names = model.step_names();
    let mut ws = model.workspace();
    let start = Instant::now();
    let mut per_step = vec![0f64; names.len()];
    let mut totals = Vec::new();
    for r in 0..=runs {
        let t0 = clock(start);
        let mut last = t0;
        let mut times = vec![0f64; names.len()];
        model
            .run_observed(&mut ws, &input, &mut |i, _, _| {
                let t = clock(start);
                times[i] = t - last;
                last = t;
            })
            .unwrap();
        if r > 0 {
            totals.push((last - t0) / 1e6);
            per_step
                .iter_mut()
                .zip(&times)
                .for_each(|(a, t)| *a += t / runs as f64 / 1e6);
        }
    }
    totals.sort_by(f64::total_cmp);
    let mut by_kind: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (name, t) in names.iter().zip(&per_step) {
        let e = by_kind.entry(name).or_default();
        e.0 += 1;
        e.1 += t;
    }
    let floats = model.workspace_floats();
    println!(
        "workspace: {floats} floats ({:.1} MB)",
        floats as f64 * 4e-6
    );
    println!(
        "{} steps; median {:.2} ms, min {:.2} ms over {runs} runs",
        names.len(),
        totals[runs / 2],
        totals[0]
    );
    for (k, (count, t)) in by_kind {
        println!("  {k:28} {count:3} × → {t:7.2} ms");
    }
}
