//! Any bytes through probe, check (photo and ID specs) and, for small pictures, fix:
//! nothing may panic. Run: `cargo +nightly fuzz run photo_check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use precheck_core::photo::{self, Material};

fuzz_target!(|data: &[u8]| {
    let _ = photo::sniff(data);
    let Ok(p) = photo::probe(data) else { return };
    let spec = photo::spec(Material::Photo, None);
    let _ = photo::check(data, spec);
    let _ = photo::check(data, photo::spec(Material::IdFront, None));
    // the fix is costlier: only on small pictures to keep executions fast
    if u64::from(p.width) * u64::from(p.height) <= 256 * 256 {
        let _ = photo::fix(data, spec);
    }
    // the pixel path with whatever length the input has
    let w = u32::from(data.first().copied().unwrap_or(1)).max(1);
    let h = (data.len() as u32 / 4 / w).max(1);
    let _ = photo::check_pixels(data, w, h, &p, spec);
});
