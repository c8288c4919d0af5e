//! Bench binary (not a timed test): evaluates a profile with 20 work periods
//! against every plan and prints the time per `evaluate` call, then the
//! whole overview (every plan and the path up the levels, as one update of
//! the widget's overview computes it).
//!
//! Run: `cargo run --release -p precheck-core --example bench_engine`
//! (budget: under 1 ms per evaluation, and under 1 ms per overview).

#[path = "shared/bench_profile.rs"]
mod bench_profile;

use bench_profile::{as_of, profile};
use precheck_core::engine::evaluate;
use precheck_core::engine::levels::overview;
use precheck_core::rules::catalog;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let p = profile();
    let as_of = as_of();
    let t0 = Instant::now();
    let cat = catalog();
    println!("catalog decode (first call): {:?}", t0.elapsed());
    for plan in cat.plans() {
        let mut n = 0u32;
        let start = Instant::now();
        while start.elapsed().as_millis() < 300 {
            black_box(evaluate(black_box(plan), black_box(&p), as_of, None));
            n += 1;
        }
        let per = start.elapsed() / n;
        println!(
            "{:<30} 20 work periods: {:>8.1} µs per evaluate ({n} runs) {}",
            plan.id,
            per.as_secs_f64() * 1e6,
            if per.as_micros() < 1000 {
                "< 1 ms ok"
            } else {
                "OVER 1 ms"
            }
        );
    }
    let mut n = 0u32;
    let start = Instant::now();
    while start.elapsed().as_millis() < 1000 {
        black_box(overview(black_box(&p), as_of));
        n += 1;
    }
    let per = start.elapsed() / n;
    let ov = overview(&p, as_of);
    println!(
        "{:<30} 20 work periods: {:>8.1} µs per overview ({} plans + {} levels, {n} runs) {}",
        "overview",
        per.as_secs_f64() * 1e6,
        ov.plans.len(),
        ov.ladder.len(),
        if per.as_micros() < 1000 {
            "< 1 ms ok"
        } else {
            "OVER 1 ms"
        }
    );
}
