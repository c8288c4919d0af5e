//! # precheck-vision-web: the vision wasm module
//!
//! [`precheck_vision`] behind plain `extern "C"` exports, for the photo worker
//! to fetch on demand. No wasm-bindgen and **no imports**: instantiate with
//! `WebAssembly.instantiate(bytes, {})`. Built by `scripts/build-vision.sh`.
//!
//! ## ABI
//! All pointers are offsets into the exported `memory`; `usize` and pointers
//! are 32-bit. Re-read `memory.buffer` after any call: it may grow.
//!
//! - `vision_alloc(len: usize) -> *mut u8`: `len` bytes, 8-aligned (so fit for
//!   `f32`), or 0 if `len` is 0 or memory is exhausted.
//! - `vision_free(ptr: *mut u8, len: usize)`: frees what `vision_alloc(len)`
//!   returned (same `len`); 0 is ignored.
//! - `vision_detect_faces(rgb_ptr, width, height, out_ptr: *mut f32, max_faces: u32) -> i32`:
//!   `rgb_ptr` holds `width × height × 3` bytes (RGB8, interleaved, row-major).
//!   Writes up to `max_faces` faces, best first, 17 `f32` each: score,
//!   bbox (xmin, ymin, xmax, ymax), then 6 keypoints (x, y): right eye, left
//!   eye, nose tip, mouth centre, right ear tragion, left ear tragion ("right"
//!   = the subject's right); all normalised 0..1 to the image. `out_ptr` needs
//!   `max_faces × 68` bytes. Returns the number of faces written (≥ 0), or a
//!   negative error code.
//! - `vision_segment_person(rgb_ptr, width, height, out_ptr: *mut u8) -> i32`:
//!   writes the 256 × 256 person mask (confidence 0..=255, row-major, of the
//!   photo stretched to a square) to `out_ptr` (65,536 bytes). Returns 0, or a
//!   negative error code.
//!
//! Error codes: −1 zero width or height; −2 wrong buffer size (not used by
//! this ABI, which derives the size); −3 model failure (a bug); −4 a null
//! pointer, or an image too large to address; −5 an embedded model failed its
//! SHA-256 check (a corrupted module: it is not run).
//!
//! The first call of each function checks its model's SHA-256 and parses it
//! (tens of milliseconds); later calls reuse it and its buffers.

use precheck_vision::{detect_faces, segment_person, VisionError, MASK_SIDE};
use std::alloc::{alloc, dealloc, Layout};

/// Floats per face in `vision_detect_faces`'s output.
pub const FACE_FLOATS: usize = 17;
const BAD_POINTER: i32 = -4;

fn layout(len: usize) -> Option<Layout> {
    Layout::from_size_align(len, 8).ok()
}

/// Allocates `len` bytes (8-aligned); 0 on failure or `len == 0`.
#[no_mangle]
pub extern "C" fn vision_alloc(len: usize) -> *mut u8 {
    match layout(len) {
        // SAFETY: the layout has a non-zero size.
        Some(l) if len > 0 => unsafe { alloc(l) },
        _ => std::ptr::null_mut(),
    }
}

/// Frees a block from [`vision_alloc`] of the same `len`.
///
/// # Safety
/// `ptr` must come from `vision_alloc(len)` and not be freed twice.
#[no_mangle]
pub unsafe extern "C" fn vision_free(ptr: *mut u8, len: usize) {
    if let (false, Some(l)) = (ptr.is_null(), layout(len)) {
        if len > 0 {
            dealloc(ptr, l);
        }
    }
}

/// The RGB buffer at `ptr`, if the size is addressable.
///
/// # Safety
/// `ptr` must point to `width × height × 3` readable bytes.
unsafe fn rgb<'a>(ptr: *const u8, width: u32, height: u32) -> Result<&'a [u8], i32> {
    if width == 0 || height == 0 {
        return Err(-VisionError::EmptyImage.code());
    }
    let len = (width as usize)
        .checked_mul(height as usize)
        .and_then(|n| n.checked_mul(3))
        .filter(|n| *n <= isize::MAX as usize);
    match len {
        Some(n) if !ptr.is_null() => Ok(std::slice::from_raw_parts(ptr, n)),
        _ => Err(BAD_POINTER),
    }
}

/// Detects faces; see the crate docs for the output layout.
///
/// # Safety
/// `rgb_ptr` must point to `width × height × 3` bytes and `out_ptr` to
/// `max_faces × 17` writable `f32`s (4-aligned).
#[no_mangle]
pub unsafe extern "C" fn vision_detect_faces(
    rgb_ptr: *const u8,
    width: u32,
    height: u32,
    out_ptr: *mut f32,
    max_faces: u32,
) -> i32 {
    let rgb = match rgb(rgb_ptr, width, height) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if out_ptr.is_null() && max_faces > 0 || out_ptr.align_offset(4) != 0 {
        return BAD_POINTER;
    }
    let faces = match detect_faces(rgb, width, height) {
        Ok(f) => f,
        Err(e) => return -e.code(),
    };
    let n = faces.len().min(max_faces as usize);
    if n == 0 {
        return 0;
    }
    let out = std::slice::from_raw_parts_mut(out_ptr, n * FACE_FLOATS);
    for (f, dst) in faces.iter().zip(out.chunks_exact_mut(FACE_FLOATS)) {
        dst[0] = f.score;
        dst[1..5].copy_from_slice(&f.bbox);
        for (d, k) in dst[5..].chunks_exact_mut(2).zip(&f.keypoints) {
            d.copy_from_slice(k);
        }
    }
    n as i32
}

/// Segments the person; writes 256 × 256 bytes at `out_ptr`.
///
/// # Safety
/// `rgb_ptr` must point to `width × height × 3` bytes and `out_ptr` to
/// 65,536 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn vision_segment_person(
    rgb_ptr: *const u8,
    width: u32,
    height: u32,
    out_ptr: *mut u8,
) -> i32 {
    let rgb = match rgb(rgb_ptr, width, height) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if out_ptr.is_null() {
        return BAD_POINTER;
    }
    match segment_person(rgb, width, height) {
        Ok(mask) => {
            let n = (MASK_SIDE * MASK_SIDE) as usize;
            if mask.data.len() != n {
                return -3;
            }
            std::slice::from_raw_parts_mut(out_ptr, n).copy_from_slice(&mask.data);
            0
        }
        Err(e) => -e.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abi_round_trip_natively() {
        let (w, h) = (64u32, 48u32);
        let n = (w * h * 3) as usize;
        unsafe {
            let rgb = vision_alloc(n);
            std::slice::from_raw_parts_mut(rgb, n).fill(90);
            let out = vision_alloc(4 * 17 * 4) as *mut f32;
            assert_eq!(vision_detect_faces(rgb, w, h, out, 4), 0);
            assert_eq!(vision_detect_faces(rgb, 0, h, out, 4), -1);
            assert_eq!(vision_detect_faces(std::ptr::null(), w, h, out, 4), -4);
            let mask = vision_alloc(65536);
            assert_eq!(vision_segment_person(rgb, w, h, mask), 0);
            assert_eq!(vision_segment_person(rgb, w, h, std::ptr::null_mut()), -4);
            vision_free(mask, 65536);
            vision_free(out as *mut u8, 4 * 17 * 4);
            vision_free(rgb, n);
            assert!(vision_alloc(0).is_null());
        }
    }
}
