//! Width, height and an RGBA buffer (which may disagree) into `check_pixels` and
//! `fix_pixels`, the photo worker's path for every big photo: nothing may panic.
//! Run: `cargo +nightly fuzz run photo_pixels fuzz/corpus/photo_pixels
//! fuzz/seeds/photo_pixels` (or scripts/fuzz-smoke). Input layout: `src/lib.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    precheck_fuzz::photo_pixels(data);
});
