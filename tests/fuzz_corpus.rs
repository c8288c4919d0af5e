//! Replays the committed fuzz seeds (fuzz/seeds/<target>/) through the fuzz
//! targets' own logic (fuzz/src/lib.rs, included by path): no seed may panic,
//! and the seeds must reach what the targets are for — the checks and the fix,
//! on the file path (`photo_check`) and on the browser-pixels path
//! (`photo_pixels`). Runs on stable in `./dev test`; fuzzing itself needs
//! nightly and cargo-fuzz (scripts/fuzz-smoke).
//!
//! The seeds are small pictures written by `write_seeds` below:
//! `cargo test --test fuzz_corpus -- --ignored write_seeds` rewrites them.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz_logic;

use fuzz_logic::{flags, Reached, MAX_CHECKED_PIXELS, PIXELS_HEADER};
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use std::path::{Path, PathBuf};

fn seeds(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target)
}

/// Every seed of `target` through `run`; the tally of how far they got.
fn replay(target: &str, run: fn(&[u8]) -> Reached) -> Vec<(String, Reached)> {
    let dir = seeds(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, run(&bytes))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn photo_check_seeds_reach_the_checks_and_the_fix() {
    let r = replay("photo_check", fuzz_logic::photo_check);
    let unchecked: Vec<_> = r.iter().filter(|(_, x)| !x.check).collect();
    assert!(
        unchecked.is_empty(),
        "seeds that never reach check: {unchecked:#?}"
    );
    assert!(r.len() >= 6, "{r:#?}");
    assert!(r.iter().any(|(_, x)| x.fix), "no seed is fixed: {r:#?}");
}

#[test]
fn photo_pixels_seeds_reach_the_checks_and_the_fix() {
    let r = replay("photo_pixels", fuzz_logic::photo_pixels);
    assert!(r.len() >= 6, "{r:#?}");
    let count = |f: fn(&Reached) -> bool| r.iter().filter(|(_, x)| f(x)).count();
    assert!(count(|x| x.check) >= 4, "{r:#?}");
    assert!(count(|x| x.fix) >= 1, "{r:#?}");
    // and some whose dimensions disagree with their buffer
    assert!(count(|x| x.probe && !x.check) >= 3, "{r:#?}");
}

/// A small portrait: white backdrop, dark jacket, skin-coloured head.
fn portrait(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32 - 0.5, y as f32 / h as f32);
        if fy > 0.78 && fx.abs() < 0.42 {
            Rgb([31, 42, 68])
        } else if (fx / 0.22).powi(2) + ((fy - 0.42) / 0.25).powi(2) < 1.0 {
            Rgb([224, 180, 143])
        } else if (fx / 0.24).powi(2) + ((fy - 0.3) / 0.17).powi(2) < 1.0 {
            Rgb([43, 29, 20])
        } else {
            Rgb([252, 252, 252])
        }
    })
}

fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
    out
}

/// Pads after the end of the file to a multiple of 16 bytes (photo_check then fixes it).
fn padded16(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.resize(bytes.len().div_ceil(16) * 16, 0);
    bytes
}

/// An EXIF APP1 segment with only the orientation tag, right after SOI.
fn with_orientation(jpeg: &[u8], orientation: u8) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0".to_vec();
    tiff.extend_from_slice(&[orientation, 0, 0, 0, 0, 0, 0]);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let len = (payload.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn pixels_input(f: u8, w: u32, h: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = vec![f];
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(rgba);
    assert_eq!(out.len(), PIXELS_HEADER + rgba.len());
    out
}

fn rgba(img: &RgbImage) -> Vec<u8> {
    image::DynamicImage::ImageRgb8(img.clone())
        .into_rgba8()
        .into_raw()
}

#[test]
#[ignore = "writes the seed files; run by hand when the seeds should change"]
fn write_seeds() {
    use image::{DynamicImage as D, ImageFormat as F};
    let small = portrait(40, 56);
    let check: Vec<(&str, Vec<u8>)> = vec![
        ("portrait-40x56.jpg", jpeg(&small, 80)),
        ("portrait-40x56-fix.jpg", padded16(jpeg(&small, 80))),
        // big enough for the fix's whole path (a crop at least 120 px high)
        (
            "portrait-150x210-fix.jpg",
            padded16(jpeg(&portrait(150, 210), 60)),
        ),
        (
            "portrait-40x56-exif6.jpg",
            with_orientation(&jpeg(&portrait(56, 40), 80), 6),
        ),
        (
            "portrait-24x34-gray.jpg",
            encode(
                D::ImageLuma8(D::ImageRgb8(portrait(24, 34)).into_luma8()),
                F::Jpeg,
            ),
        ),
        (
            "portrait-24x34.png",
            padded16(encode(D::ImageRgb8(portrait(24, 34)), F::Png)),
        ),
        (
            "portrait-20x28.webp",
            encode(
                D::ImageRgba8(D::ImageRgb8(portrait(20, 28)).into_rgba8()),
                F::WebP,
            ),
        ),
        (
            "portrait-20x28.gif",
            encode(
                D::ImageRgba8(D::ImageRgb8(portrait(20, 28)).into_rgba8()),
                F::Gif,
            ),
        ),
        (
            "grey-backdrop-32x45.jpg",
            jpeg(
                &RgbImage::from_fn(32, 45, |x, y| {
                    let p = portrait(32, 45);
                    let px = *p.get_pixel(x, y);
                    if px == Rgb([252, 252, 252]) {
                        Rgb([142, 144, 147])
                    } else {
                        px
                    }
                }),
                85,
            ),
        ),
    ];
    let big = portrait(20, 28);
    let mut translucent = RgbaImage::from_raw(20, 28, rgba(&big)).unwrap();
    for p in translucent.pixels_mut().step_by(3) {
        *p = Rgba([p[0], p[1], p[2], 40]);
    }
    let pixels: Vec<(&str, Vec<u8>)> = vec![
        (
            "fit-20x28-check",
            pixels_input(flags::FIT, 19, 0, &rgba(&big)),
        ),
        (
            "fit-20x28-fix",
            pixels_input(flags::FIT | flags::FIX, 19, 0, &rgba(&big)),
        ),
        (
            "fit-20x28-scaled-fix",
            pixels_input(flags::FIT | flags::SCALE | flags::FIX, 19, 0, &rgba(&big)),
        ),
        (
            "fit-20x28-scaled-hebei-edited-fix",
            pixels_input(
                flags::FIT | flags::SCALE | flags::HEBEI | flags::EDITED | flags::FIX,
                19,
                0,
                &rgba(&big),
            ),
        ),
        (
            "fit-20x28-translucent-no-size",
            pixels_input(
                flags::FIT | flags::NO_ORIGINAL_SIZE,
                19,
                0,
                translucent.as_raw(),
            ),
        ),
        (
            "exact-16x10-id-front",
            pixels_input(1, 16, 10, &rgba(&portrait(16, 10))),
        ),
        (
            "exact-12x8-document-fix",
            pixels_input(3 | flags::FIX, 12, 8, &rgba(&portrait(12, 8))),
        ),
        (
            "disagree-100x100-64-bytes",
            pixels_input(flags::FIX, 100, 100, &[200; 64]),
        ),
        ("disagree-too-many-bytes", pixels_input(0, 4, 4, &[200; 68])),
        (
            "disagree-zero-width",
            pixels_input(flags::FIX, 0, 7, &[200; 28]),
        ),
        (
            "disagree-huge",
            pixels_input(flags::FIX, u32::MAX, 2, &[200; 32]),
        ),
        (
            "disagree-over-max-side",
            pixels_input(0, 20_000, 1, &[0; 16]),
        ),
    ];
    for (target, files) in [("photo_check", check), ("photo_pixels", pixels)] {
        let dir = seeds(target);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in files {
            assert!(
                bytes.len() <= 4096,
                "{name}: {} bytes (fuzz-smoke runs at -max_len=4096)",
                bytes.len()
            );
            if target == "photo_check" {
                let p = precheck_core::photo::probe(&bytes).unwrap();
                assert!(u64::from(p.width) * u64::from(p.height) <= MAX_CHECKED_PIXELS);
            }
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
}
