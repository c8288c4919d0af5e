//! Any bytes through probe, check (photo and ID specs) and, for small pictures, fix:
//! nothing may panic. Run: `cargo +nightly fuzz run photo_check fuzz/corpus/photo_check
//! fuzz/seeds/photo_check` (or scripts/fuzz-smoke). The logic is in `src/lib.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    precheck_fuzz::photo_check(data);
});
