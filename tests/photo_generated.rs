//! Verdicts on generated pictures and on the real fixtures, and properties of every
//! fixed output.
mod photo_common;

use photo_common as g;
use precheck_core::photo::{self, check, check_pixels, fix, probe, Material, Report, Verdict};

const REAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/photos-real/"
);

fn spec() -> &'static photo::PhotoSpec {
    photo::spec(Material::Photo, None)
}

fn status(r: &Report, id: &str) -> Verdict {
    r.get(id)
        .unwrap_or_else(|| panic!("no check {id} in {r:#?}"))
        .status
}

/// Everything a fixed JPEG must be: JPEG, 40,960–80,000 bytes, 5:7, nothing after
/// EOI, JFIF at 300 dpi, no EXIF, and passing every check.
fn assert_fixed_ok(fixed: &photo::Fixed) {
    let j = &fixed.jpeg;
    assert!((40_960..=80_000).contains(&j.len()), "size {}", j.len());
    assert_eq!(&j[..2], &[0xFF, 0xD8]);
    assert_eq!(&j[j.len() - 2..], &[0xFF, 0xD9], "no padding after EOI");
    // APP0 JFIF right after SOI: units 1 (dpi), 300×300
    assert_eq!(&j[2..4], &[0xFF, 0xE0]);
    assert_eq!(&j[6..11], b"JFIF\0");
    assert_eq!(j[13], 1, "density unit dpi");
    assert_eq!(u16::from_be_bytes([j[14], j[15]]), 300);
    assert_eq!(u16::from_be_bytes([j[16], j[17]]), 300);
    assert!(!j.windows(6).any(|w| w == b"Exif\0\0"), "EXIF stripped");
    let p = probe(j).expect("probe");
    assert_eq!(p.orientation, 1);
    assert!(p.software.is_none());
    let r = &fixed.report;
    assert!(((r.width as f32 / r.height as f32) / (5.0 / 7.0) - 1.0).abs() < 0.02);
    assert!(r.width >= 295 && r.height >= 413);
    let bad: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Verdict::Fail)
        .collect();
    assert!(r.pass && bad.is_empty(), "fixed output fails: {bad:#?}");
    assert_eq!(check(j, spec()).expect("recheck"), *r);
}

/// Upright: the top rows are white backdrop and the bottom rows are jacket (dark).
fn assert_upright(jpeg: &[u8]) {
    let img = image::load_from_memory(jpeg).expect("decode").to_rgb8();
    let (w, h) = img.dimensions();
    let row_luma = |y: u32| {
        (0..w)
            .map(|x| {
                img.get_pixel(x, y)
                    .0
                    .iter()
                    .map(|&c| u32::from(c))
                    .sum::<u32>()
                    / 3
            })
            .sum::<u32>()
            / w
    };
    assert!(row_luma(2) > 245, "top row white, got {}", row_luma(2));
    assert!(
        row_luma(h - 3) < 200,
        "bottom row is the body, got {}",
        row_luma(h - 3)
    );
}

#[test]
fn white_backdrop_compliant_passes_every_check() {
    let img = g::portrait(295, 413, g::WHITE, g::Pose::default());
    let jpeg = g::jpeg_in_window(&img);
    let r = check(&jpeg, spec()).unwrap();
    for c in &r.checks {
        assert_eq!(c.status, Verdict::Pass, "{c:#?}");
    }
    assert!(r.pass);
    assert_eq!((r.width, r.height), (295, 413));
}

#[test]
fn coloured_backdrops_fail_background_and_fix_to_white() {
    for (name, bg) in [("blue", g::BLUE), ("grey", g::GREY), ("red", g::RED)] {
        let img = g::portrait(
            413,
            579,
            bg,
            g::Pose {
                bg_gradient: 20,
                ..g::Pose::default()
            },
        );
        let jpeg = g::jpeg(&img, 92);
        let r = check(&jpeg, spec()).unwrap();
        assert_eq!(
            status(&r, "background"),
            Verdict::Fail,
            "{name}: {:#?}",
            r.get("background")
        );
        assert_eq!(status(&r, "format"), Verdict::Pass);
        let fixed = fix(&jpeg, spec()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_fixed_ok(&fixed);
        assert_upright(&fixed.jpeg);
    }
}

#[test]
fn wrong_ratio_too_small_too_big() {
    let sq = g::jpeg(&g::portrait(500, 500, g::WHITE, g::Pose::default()), 90);
    assert_eq!(
        status(&check(&sq, spec()).unwrap(), "aspect_ratio"),
        Verdict::Fail
    );
    assert_fixed_ok(&fix(&sq, spec()).unwrap());

    let small = g::jpeg(&g::portrait(200, 280, g::WHITE, g::Pose::default()), 90);
    let r = check(&small, spec()).unwrap();
    assert_eq!(status(&r, "resolution"), Verdict::Fail);
    assert_eq!(status(&r, "aspect_ratio"), Verdict::Pass);

    let big = g::jpeg(&g::portrait(1000, 1400, g::BLUE, g::Pose::default()), 95);
    let r = check(&big, spec()).unwrap();
    assert_eq!(status(&r, "file_size"), Verdict::Fail);
    assert_fixed_ok(&fix(&big, spec()).unwrap());
}

/// Pad a JPEG to exactly `target` bytes with APP15 segments after SOI.
fn pad_to(base: &[u8], target: usize) -> Vec<u8> {
    let mut j = base[..2].to_vec();
    let mut left = target - base.len();
    while left > 0 {
        let mut seg = left.min(65_537);
        if (1..4).contains(&(left - seg)) {
            seg -= 4;
        }
        j.extend_from_slice(&[0xFF, 0xEF]);
        j.extend_from_slice(&((seg - 2) as u16).to_be_bytes());
        j.extend(std::iter::repeat_n(0u8, seg - 4));
        left -= seg;
    }
    j.extend_from_slice(&base[2..]);
    assert_eq!(j.len(), target);
    j
}

#[test]
fn file_size_bands() {
    let img = g::portrait(295, 413, g::WHITE, g::Pose::default());
    let base = g::jpeg(&img, 50);
    assert!(base.len() < 39_000);
    for (target, want) in [
        (39_999usize, Verdict::Fail),
        (40_000, Verdict::Warn),
        (40_959, Verdict::Warn),
        (40_960, Verdict::Pass),
        (80_000, Verdict::Pass),
        (80_001, Verdict::Warn),
        (81_920, Verdict::Warn),
        (81_921, Verdict::Fail),
    ] {
        let r = check(&pad_to(&base, target), spec()).unwrap();
        assert_eq!(r.bytes as usize, target);
        assert_eq!(status(&r, "file_size"), want, "{target} bytes");
    }
}

#[test]
fn png_named_jpg_fails_format_and_is_fixable() {
    let png = g::png(&g::portrait(413, 579, g::GREY, g::Pose::default()));
    assert_eq!(photo::sniff(&png), photo::Format::Png);
    let r = check(&png, spec()).unwrap();
    assert_eq!(status(&r, "format"), Verdict::Fail);
    assert!(r.get("format").unwrap().message_zh.contains("PNG"));
    assert_fixed_ok(&fix(&png, spec()).unwrap());
}

#[test]
fn exif_orientations_applied_exactly_once() {
    let upright = g::portrait(413, 579, g::GREY, g::Pose::default());
    let direct = check(&g::jpeg(&upright, 92), spec()).unwrap();
    for o in [3u8, 6, 8] {
        let stored = g::stored_for(&upright, o);
        let jpeg = g::with_exif(&g::jpeg(&stored, 92), u16::from(o), None);
        let p = probe(&jpeg).unwrap();
        assert_eq!(
            (p.orientation, p.width, p.height),
            (o, 413, 579),
            "orientation {o}"
        );
        let r = check(&jpeg, spec()).unwrap();
        assert_eq!((r.width, r.height), (413, 579));
        assert_eq!(status(&r, "aspect_ratio"), Verdict::Pass, "orientation {o}");
        assert_eq!(
            status(&r, "framing"),
            status(&direct, "framing"),
            "orientation {o}: {:?}",
            r.get("framing")
        );
        let fixed = fix(&jpeg, spec()).unwrap();
        assert_fixed_ok(&fixed);
        assert_upright(&fixed.jpeg);
        // the browser path: pixels already upright, probe still says orientation o
        let rgba = image::DynamicImage::ImageRgb8(upright.clone()).to_rgba8();
        let rp = check_pixels(rgba.as_raw(), 413, 579, &p, spec());
        assert_eq!(status(&rp, "framing"), status(&r, "framing"));
        assert_eq!(status(&rp, "background"), status(&r, "background"));
        let fp = photo::fix_pixels(rgba.as_raw(), 413, 579, spec()).unwrap();
        assert_fixed_ok(&fp);
        assert_upright(&fp.jpeg);
    }
}

#[test]
fn reduced_browser_pixels_are_judged_on_the_files_own_size() {
    // The worker hands over a copy the browser already reduced; size and ratio
    // must still be the file's, the picture checks must still see the subject.
    let upright = g::portrait(826, 1156, g::WHITE, g::Pose::default());
    let jpeg = g::jpeg(&upright, 90);
    let p = probe(&jpeg).unwrap();
    let small = image::imageops::resize(&upright, 295, 413, image::imageops::FilterType::Triangle);
    let rgba = image::DynamicImage::ImageRgb8(small).to_rgba8();
    let r = check_pixels(rgba.as_raw(), 295, 413, &p, spec());
    assert_eq!((r.width, r.height), (826, 1156));
    assert_eq!(status(&r, "resolution"), Verdict::Pass);
    assert_eq!(status(&r, "aspect_ratio"), Verdict::Pass);
    assert_eq!(
        status(&r, "framing"),
        Verdict::Pass,
        "{:?}",
        r.get("framing")
    );
    // a probe without dimensions (HEIC lacking `ispe`) falls back to the pixels'
    let unknown = photo::Probe {
        width: 0,
        height: 0,
        ..p
    };
    let r = check_pixels(rgba.as_raw(), 295, 413, &unknown, spec());
    assert_eq!((r.width, r.height), (295, 413));
}

#[test]
fn cmyk_jpeg_is_checked_without_panicking() {
    let j = g::cmyk_jpeg(64, 88);
    let p = probe(&j).unwrap();
    assert_eq!((p.width, p.height), (64, 88));
    let r = check(&j, spec()).unwrap();
    assert_eq!(r.format, photo::Format::Jpeg);
    assert_eq!(status(&r, "resolution"), Verdict::Fail);
    // a flat picture has no subject: the fix says so
    assert_eq!(fix(&j, spec()).unwrap_err().code, "no_subject");
}

#[test]
fn grayscale_warns_and_fails_for_hebei() {
    let img = g::portrait(413, 579, g::WHITE, g::Pose::default());
    let gray = image::DynamicImage::ImageRgb8(img).into_luma8();
    let mut j = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut j, 90)
        .encode_image(&gray)
        .unwrap();
    assert_eq!(status(&check(&j, spec()).unwrap(), "colour"), Verdict::Warn);
    let hebei = photo::spec(Material::Photo, Some("ecommerce-2-hebei"));
    assert_eq!(hebei.id, "photo-hebei");
    assert_eq!(
        photo::spec(Material::Photo, Some("internet-marketing-2-hebei")).id,
        "photo-hebei"
    );
    let r = check(&j, hebei).unwrap();
    assert_eq!(status(&r, "colour"), Verdict::Fail);
    assert!(!r.pass);
}

#[test]
fn broken_inputs_give_clear_errors() {
    let good = g::jpeg(&g::portrait(413, 579, g::WHITE, g::Pose::default()), 90);
    assert_eq!(check(&[], spec()).unwrap_err().code, "empty");
    assert_eq!(
        check(&good[..good.len() / 2], spec()).unwrap_err().code,
        "truncated"
    );
    assert_eq!(
        fix(&good[..good.len() / 2], spec()).unwrap_err().code,
        "truncated"
    );
    assert_eq!(check(b"GIF89a", spec()).unwrap_err().code, "truncated");
    assert_eq!(
        check(b"just some text", spec()).unwrap_err().code,
        "not_an_image"
    );
    let bomb = g::bomb_header(60_000, 60_000);
    assert_eq!(probe(&bomb).unwrap_err().code, "too_many_pixels");
    assert_eq!(check(&bomb, spec()).unwrap_err().code, "too_many_pixels");
    assert_eq!(fix(&bomb, spec()).unwrap_err().code, "too_many_pixels");
    let png = g::png(&g::portrait(100, 140, g::WHITE, g::Pose::default()));
    assert_eq!(
        check(&png[..png.len() - 30], spec()).unwrap_err().code,
        "truncated"
    );
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    let e = check(&heic, spec()).unwrap_err();
    assert_eq!(e.code, "heic");
    assert!(e.message_zh.contains("兼容性最佳") && e.message_zh.contains("微信"));
    let p = probe(&heic).unwrap();
    assert_eq!(p.format, photo::Format::Heif);
    // bad pixel buffers: one failing `pixels` check that names the problem
    for (len, w, h, code) in [
        (10, 100, 100, "bad_pixels"),
        (100 * 100 * 4 + 4, 100, 100, "bad_pixels"),
        (0, 0, 0, "bad_pixels"),
        (400, 0, 100, "bad_pixels"),
        (16, 2, u32::MAX, "too_many_pixels"),
        (16, 20_000, 1, "too_many_pixels"),
    ] {
        let r = check_pixels(&vec![255; len], w, h, &p, spec());
        assert!(!r.pass, "{w}×{h}, {len} bytes");
        assert_eq!(r.checks.len(), 1, "{w}×{h}, {len} bytes: {r:#?}");
        let c = &r.checks[0];
        assert_eq!((&*c.id, c.status), ("pixels", Verdict::Fail), "{c:#?}");
        assert_eq!(c.value, code, "{w}×{h}, {len} bytes");
        assert!(!c.message_zh.is_empty() && !c.message_en.is_empty());
    }
}

#[test]
fn street_backdrop_is_refused_by_the_fix() {
    let j = g::jpeg(&g::street(413, 579), 90);
    let r = check(&j, spec()).unwrap();
    assert_eq!(status(&r, "background"), Verdict::Fail);
    assert_eq!(fix(&j, spec()).unwrap_err().code, "background_not_flat");
}

#[test]
fn beauty_app_software_warns() {
    let img = g::portrait(295, 413, g::WHITE, g::Pose::default());
    let j = g::with_exif(&g::jpeg_in_window(&img), 1, Some("Meitu 美图秀秀 9.1"));
    let r = check(&j, spec()).unwrap();
    assert_eq!(status(&r, "edited"), Verdict::Warn);
    assert!(r.pass, "a warning does not fail the photo");
}

#[test]
fn blurred_photo_fails_clarity() {
    let img = g::blur(&g::portrait(413, 579, g::WHITE, g::Pose::default()), 4);
    let r = check(&g::jpeg(&img, 92), spec()).unwrap();
    assert_eq!(
        status(&r, "clarity"),
        Verdict::Fail,
        "{:?}",
        r.get("clarity")
    );
    assert!(!r.pass);
}

#[test]
fn framing_tiny_head_and_cut_off_head() {
    let tiny = g::jpeg(
        &g::portrait(
            413,
            579,
            g::WHITE,
            g::Pose {
                head_width: 0.15,
                head_top: 0.4,
                ..g::Pose::default()
            },
        ),
        92,
    );
    let r = check(&tiny, spec()).unwrap();
    assert_eq!(
        status(&r, "framing"),
        Verdict::Fail,
        "{:?}",
        r.get("framing")
    );
    let cut = g::jpeg(
        &g::portrait(
            413,
            579,
            g::WHITE,
            g::Pose {
                head_top: -0.05,
                ..g::Pose::default()
            },
        ),
        92,
    );
    assert_eq!(
        status(&check(&cut, spec()).unwrap(), "framing"),
        Verdict::Fail
    );
    assert_eq!(fix(&cut, spec()).unwrap_err().code, "head_cut_off");
}

#[test]
fn id_card_and_document_specs() {
    let idspec = photo::spec(Material::IdFront, None);
    // portrait-shaped picture of a "card": fails orientation
    let j = g::jpeg(&g::portrait(600, 900, g::WHITE, g::Pose::default()), 90);
    let r = check(&j, idspec).unwrap();
    assert_eq!(status(&r, "aspect_ratio"), Verdict::Fail);
    assert!(r.get("glare").is_some() && r.get("background").is_none());
    let doc = photo::spec(Material::Document, None);
    let r = check(&j, doc).unwrap();
    assert_eq!(status(&r, "resolution"), Verdict::Fail);
    assert!(r.get("file_size").is_none());
    assert_eq!(fix(&j, doc).unwrap_err().code, "no_fix");
}

fn real(name: &str) -> Vec<u8> {
    std::fs::read(format!("{REAL}{name}")).expect("fixture")
}

#[test]
fn real_fixtures_verdicts() {
    // test0: studio portrait on light grey, 576×768 (3:4), 209 KB
    let r = check(&real("test0.jpg"), spec()).unwrap();
    assert!(!r.pass);
    assert_eq!(status(&r, "format"), Verdict::Pass);
    assert_eq!(status(&r, "file_size"), Verdict::Fail);
    assert_eq!(status(&r, "aspect_ratio"), Verdict::Warn);
    assert_eq!(status(&r, "background"), Verdict::Fail);
    assert_fixed_ok(&fix(&real("test0.jpg"), spec()).unwrap());

    // test1: WebP named .jpg, outdoors (street) → format fails, fix refused
    let r = check(&real("test1.jpg"), spec()).unwrap();
    assert_eq!(status(&r, "format"), Verdict::Fail);
    assert_eq!(status(&r, "background"), Verdict::Fail);
    assert_eq!(
        fix(&real("test1.jpg"), spec()).unwrap_err().code,
        "background_not_flat"
    );

    // test2: PNG named .jpg, in a room → format fails, fix refused
    let r = check(&real("test2.jpg"), spec()).unwrap();
    assert_eq!(status(&r, "format"), Verdict::Fail);
    assert_eq!(status(&r, "background"), Verdict::Fail);
    assert_eq!(
        fix(&real("test2.jpg"), spec()).unwrap_err().code,
        "background_not_flat"
    );

    // test3: 5:7 JPEG of the right size, but a grey backdrop and the hair at the top edge
    let r = check(&real("test3.jpg"), spec()).unwrap();
    assert_eq!(status(&r, "format"), Verdict::Pass);
    assert_eq!(status(&r, "file_size"), Verdict::Pass);
    assert_eq!(status(&r, "aspect_ratio"), Verdict::Pass);
    assert_eq!(status(&r, "background"), Verdict::Fail);
    assert_fixed_ok(&fix(&real("test3.jpg"), spec()).unwrap());

    // test4: almost square, warm beige backdrop, half-body
    let r = check(&real("test4.jpg"), spec()).unwrap();
    assert_eq!(status(&r, "aspect_ratio"), Verdict::Fail);
    assert_eq!(status(&r, "background"), Verdict::Fail);
    assert_fixed_ok(&fix(&real("test4.jpg"), spec()).unwrap());
}

/// Every limit in a message is the spec's: an organiser whose guide asks for
/// 20–200 KB at 480×640 (学信网-like) gets those figures, never 40k–80k or
/// 295×413.
#[test]
fn messages_state_the_specs_own_limits() {
    let mut other = spec().clone();
    other.file_size = Some(photo::SizeSpec {
        pass_min: 20 * 1024,
        pass_max: 200_000,
        warn_min: 20_000,
        warn_max: 204_800,
    });
    other.resolution.min_short = 480;
    other.resolution.min_long = 640;
    other.resolution.good_short = 480;
    other.resolution.good_long = 640;
    let small = g::jpeg(&g::portrait(300, 420, g::WHITE, g::Pose::default()), 40);
    let r = check(&small, &other).unwrap();
    let size = r.get("file_size").unwrap();
    assert!(size.message_zh.contains("20k–200k"), "{}", size.message_zh);
    assert!(size.message_en.contains("20k–200k"), "{}", size.message_en);
    let res = r.get("resolution").unwrap();
    assert_eq!(res.status, Verdict::Fail);
    assert!(res.message_zh.contains("480×640"), "{}", res.message_zh);
    assert!(res.message_en.contains("480×640"), "{}", res.message_en);
    for c in &r.checks {
        for m in [&c.message_zh, &c.message_en] {
            assert!(
                !m.contains("40k") && !m.contains("80k") && !m.contains("295×413"),
                "{}: {m}",
                c.id
            );
        }
    }
}
