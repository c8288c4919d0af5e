//! The levels overview in a browser's wasm engine (bench only, never shipped):
//! `engine::levels::overview` of `bench_engine`'s 20-work-period profile, the
//! call the widget's overview makes on each change of the answers
//! (app/src/steps/levels.rs). Built for wasm32 with the release profile the
//! widget's modules use (opt-level "z", fat LTO) and, by scripts/bench.mjs, run
//! through `wasm-opt -Oz` as Trunk runs the app; no wasm-bindgen and no imports
//! (the page times it with `performance.now()`).
//!
//! Build: `cargo build --release --target wasm32-unknown-unknown -p precheck-core
//! --no-default-features --example bench_overview_wasm` (`node scripts/bench.mjs
//! --only overview` does, then loads it in Chromium).
//!
//! ABI: `overview_setup() -> u32` builds the profile and runs the overview once
//! (the first call also touches the catalog), returning plans + levels;
//! `overview_run(n: u32) -> u32` runs it `n` times and returns the same count.

#[path = "shared/bench_profile.rs"]
mod bench_profile;

use precheck_core::engine::levels::overview;
use precheck_core::profile::Profile;
use std::hint::black_box;
use std::sync::OnceLock;

static PROFILE: OnceLock<Profile> = OnceLock::new();

fn once() -> u32 {
    let p = PROFILE.get_or_init(bench_profile::profile);
    let ov = black_box(overview(black_box(p), bench_profile::as_of()));
    (ov.plans.len() + ov.ladder.len()) as u32
}

/// Builds the profile and runs one overview; plans + levels in it.
#[no_mangle]
pub extern "C" fn overview_setup() -> u32 {
    once()
}

/// Runs the overview `n` times; plans + levels in the last one.
#[no_mangle]
pub extern "C" fn overview_run(n: u32) -> u32 {
    let mut count = 0;
    for _ in 0..n {
        count = once();
    }
    count
}
