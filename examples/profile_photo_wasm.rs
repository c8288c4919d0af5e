//! The photo checks in a wasm engine under a profiler (dev only, never
//! shipped): `scripts/profile-photo-wasm.mjs` builds this for wasm32 at the
//! photo worker's optimisation (the core at opt-level 3), with the models
//! linked in (natively compiled kernels, no SIMD unless RUSTFLAGS asks), and
//! runs it in Node with `--cpu-prof` to print where the time goes per
//! function. The worker's own module cannot be profiled this way (it needs a
//! browser worker); this one runs the same core code on the same input.
//!
//! ABI: `alloc(len) -> ptr` for the input; `check(ptr, len, n) -> passes`
//! (`photo::check_with` of a file's bytes, `n` times); `fix_pixels(ptr, len,
//! w, h, n) -> fixes` (`photo::fix_pixels_with` of the JPEG's pixels reduced to
//! `w × h`, as the worker runs after the browser decoded a big photo).

#[path = "../cli/src/native_models.rs"]
mod native_models;

use precheck_core::photo::{self, Material};
use std::hint::black_box;

/// A buffer of `len` bytes for the caller to fill (leaked: one per run).
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    Box::leak(vec![0u8; len].into_boxed_slice()).as_mut_ptr()
}

fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    // SAFETY: `ptr` came from `alloc(len)` and the buffer is never freed.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Checks the file's bytes `n` times; how many passed.
#[no_mangle]
pub extern "C" fn check(ptr: *const u8, len: usize, n: u32) -> u32 {
    let bytes = input(ptr, len);
    let spec = photo::spec(Material::Photo, None);
    let models = native_models::NativeModels;
    (0..n)
        .filter(|_| photo::check_with(black_box(bytes), spec, Some(&models)).is_ok_and(|r| r.pass))
        .count() as u32
}

/// Decodes the JPEG and resizes it to `w × h` (as the browser hands the worker
/// a big photo, reduced), then fixes those pixels `n` times; how many fixes
/// succeeded. The decode and resize come before the fixes, once.
#[no_mangle]
pub extern "C" fn fix_pixels(ptr: *const u8, len: usize, w: u32, h: u32, n: u32) -> u32 {
    let Ok(img) = image::load_from_memory(input(ptr, len)) else {
        return 0;
    };
    let rgba =
        image::imageops::resize(&img.to_rgba8(), w, h, image::imageops::FilterType::Triangle);
    let spec = photo::spec(Material::Photo, None);
    let models = native_models::NativeModels;
    (0..n)
        .filter(|_| {
            photo::fix_pixels_with(black_box(rgba.as_raw()), w, h, spec, Some(&models)).is_ok()
        })
        .count() as u32
}
