//! What each fuzz target does with one input. The libFuzzer targets in
//! `fuzz_targets/` call these; so does the corpus replay in `./dev test`
//! (`tests/fuzz_corpus.rs`, included there by path), which runs on stable
//! without libFuzzer and checks that the committed seeds reach the checks
//! and the fix. Nothing here may panic, whatever the input.

use precheck_core::photo::{self, Format, Material, PhotoSpec, Probe, Verdict};
use std::sync::OnceLock;

/// `spec` with its fix scaled down: output sizes and the smallest crop a tenth
/// of each side, the byte window a hundredth. The fix runs the same code (crop,
/// matte, whiten, the size-and-quality ladder, up to `max_encodes` encodes), but
/// on 41×58 to 83×116 pictures instead of 413×579 to 826×1156, and pictures of a
/// few hundred pixels (a kilobyte or two of input) reach all of it: with the real
/// sizes one fix took ~0.5 s (a 150×210 seed, 20 runs in 9.75 s) and the pixels
/// target needed 8× enlarged inputs to pass the 120 px crop, which held the runs
/// at 6–124 executions a second, far from the 10,000,000 each must reach.
/// The real sizes are covered by the tests (tests/photo_generated.rs,
/// tests/photo_models.rs) and the browser tests.
pub fn fuzz_fix_spec(spec: &PhotoSpec) -> PhotoSpec {
    let mut s = spec.clone();
    if let Some(fx) = s.fix.as_mut() {
        for size in fx.sizes.to_mut() {
            *size = [size[0].div_ceil(10), size[1].div_ceil(10)];
        }
        fx.min_bytes = fx.min_bytes.div_ceil(40);
        fx.max_bytes = fx.max_bytes.div_ceil(40);
        fx.min_crop_height = fx.min_crop_height.div_ceil(10);
    }
    s
}

/// The scaled fix specs, built once (index: `Material` as in `spec_for`).
fn scaled(material: Material, plan: Option<&str>) -> &'static PhotoSpec {
    static SPECS: OnceLock<Vec<PhotoSpec>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        [
            Material::Photo,
            Material::IdFront,
            Material::IdBack,
            Material::Document,
        ]
        .into_iter()
        .flat_map(|m| [None, Some("ecommerce-2-hebei")].map(|p| fuzz_fix_spec(photo::spec(m, p))))
        .collect()
    });
    let m = match material {
        Material::Photo => 0,
        Material::IdFront => 1,
        Material::IdBack => 2,
        _ => 3,
    };
    &specs[m * 2 + usize::from(plan.is_some())]
}

/// How far one input got: the replay asserts that the seeds go all the way.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
    /// The header was read.
    pub probe: bool,
    /// A check looked at the pixels (a report, not an error or a `pixels` failure).
    pub check: bool,
    /// The fix was tried on the input.
    pub fix_tried: bool,
    /// The fix produced a JPEG.
    pub fix: bool,
}

/// Pictures of up to this many pixels go on to the checks (photo_check).
pub const MAX_CHECKED_PIXELS: u64 = 256 * 256;

/// `photo_check`: any bytes through sniff, probe, check (photo and ID specs)
/// and, for one input length in sixteen, the fix.
pub fn photo_check(data: &[u8]) -> Reached {
    let mut reached = Reached::default();
    let _ = photo::sniff(data);
    let Ok(p) = photo::probe(data) else {
        return reached;
    };
    reached.probe = true;
    // A 1 KB header can claim 16 megapixels and the decode is then bounded by the
    // limits, not by the input: such units took 0.3–0.6 s each (21 s under ASan), and
    // with a corpus full of them the run fell from ~650 to 47 executions a second.
    // The limits themselves are covered by tests (bomb header, too_many_pixels);
    // here the decoders and checks get pictures of up to 256×256, which still span
    // many MCUs, rows and chunks. The committed seeds (fuzz/seeds/photo_check) are
    // all that small, so the corpus starts past this line.
    if u64::from(p.width) * u64::from(p.height) > MAX_CHECKED_PIXELS {
        return reached;
    }
    let spec = photo::spec(Material::Photo, None);
    reached.check = photo::check(data, spec).is_ok();
    let _ = photo::check(data, photo::spec(Material::IdFront, None));
    // The fix ends in up to seven JPEG encodes whatever the input (a tiny picture
    // climbs the whole size ladder), even at the scaled sizes of `fuzz_fix_spec`.
    // One unit in sixteen, chosen by its length so a crash stays reproducible,
    // still drives it through every input shape.
    if data.len() % 16 == 0 {
        reached.fix_tried = true;
        reached.fix = photo::fix(data, scaled(Material::Photo, None)).is_ok();
    }
    reached
}

/// Bytes before the pixels in a `photo_pixels` input.
pub const PIXELS_HEADER: usize = 9;

/// Flag bits of a `photo_pixels` input's first byte.
pub mod flags {
    /// Bits 0–1: the material (photo, ID front, ID back, document).
    pub const MATERIAL: u8 = 0b11;
    /// The Hebei photo spec (colour required) instead of the default one.
    pub const HEBEI: u8 = 1 << 2;
    /// Also run the fix.
    pub const FIX: u8 = 1 << 3;
    /// Make the dimensions agree with the buffer: width 1–256 from the header,
    /// height from the buffer's length. Without it the header's width and
    /// height are used as they are, whatever the buffer holds.
    pub const FIT: u8 = 1 << 4;
    /// The file's probe has no dimensions (judge on the pixels' own size).
    pub const NO_ORIGINAL_SIZE: u8 = 1 << 5;
    /// The file's probe names a beauty app as its software.
    pub const EDITED: u8 = 1 << 6;
    /// With [`FIT`]: enlarge the picture 2× (nearest neighbour): blocky
    /// pictures, as a browser's upscaled thumbnail would be.
    pub const SCALE: u8 = 1 << 7;
}

/// `photo_pixels`: the worker's path for pictures the browser decoded.
/// Input: flags (1 byte), width and height (u32, little-endian), then RGBA
/// bytes into `check_pixels` and, with [`flags::FIX`], `fix_pixels`; the
/// dimensions may disagree with the buffer (zero, huge, too few or too many bytes).
pub fn photo_pixels(data: &[u8]) -> Reached {
    let mut reached = Reached::default();
    if data.len() < PIXELS_HEADER {
        return reached;
    }
    let f = data[0];
    let mut width = u32::from_le_bytes([data[1], data[2], data[3], data[4]]);
    let mut height = u32::from_le_bytes([data[5], data[6], data[7], data[8]]);
    let mut rgba = &data[PIXELS_HEADER..];
    let enlarged;
    if f & flags::FIT != 0 {
        width = width % 256 + 1;
        height = (rgba.len() / 4) as u32 / width;
        rgba = &rgba[..(width * height * 4) as usize];
        if f & flags::SCALE != 0 {
            enlarged = enlarge(rgba, width as usize, 2);
            (width, height, rgba) = (width * 2, height * 2, &enlarged[..]);
        }
    }
    let material = match f & flags::MATERIAL {
        0 => Material::Photo,
        1 => Material::IdFront,
        2 => Material::IdBack,
        _ => Material::Document,
    };
    let plan = (f & flags::HEBEI != 0).then_some("ecommerce-2-hebei");
    let spec: &PhotoSpec = photo::spec(material, plan);
    let original = Probe {
        format: Format::Jpeg,
        bytes: data.len() as u64,
        width: if f & flags::NO_ORIGINAL_SIZE != 0 {
            0
        } else {
            width
        },
        height: if f & flags::NO_ORIGINAL_SIZE != 0 {
            0
        } else {
            height
        },
        orientation: 1,
        software: (f & flags::EDITED != 0).then(|| "Meitu 美图秀秀".to_owned()),
    };
    reached.probe = true;
    let report = photo::check_pixels(rgba, width, height, &original, spec);
    reached.check = !report
        .checks
        .iter()
        .any(|c| c.id == "pixels" && c.status == Verdict::Fail);
    if f & flags::FIX != 0 {
        reached.fix_tried = true;
        reached.fix = photo::fix_pixels(rgba, width, height, scaled(material, plan)).is_ok();
    }
    reached
}

/// `rgba` (rows of `width` pixels) enlarged `k`× by repeating pixels and rows.
fn enlarge(rgba: &[u8], width: usize, k: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len() * k * k);
    for row in rgba.chunks_exact(width * 4) {
        let start = out.len();
        for px in row.chunks_exact(4) {
            for _ in 0..k {
                out.extend_from_slice(px);
            }
        }
        for _ in 1..k {
            out.extend_from_within(start..start + width * 4 * k);
        }
    }
    out
}
