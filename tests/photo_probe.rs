//! sniff and probe on the real fixtures (test1.jpg is really WebP, test2.jpg really PNG).
use precheck_core::photo::{probe, sniff, Format};

const REAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/photos-real/"
);

fn real(name: &str) -> Vec<u8> {
    std::fs::read(format!("{REAL}{name}")).expect("fixture")
}

#[test]
fn real_fixtures_sniff_and_probe() {
    let cases = [
        ("test0.jpg", Format::Jpeg, 576, 768),
        ("test1.jpg", Format::Webp, 764, 1146),
        ("test2.jpg", Format::Png, 640, 718),
        ("test3.jpg", Format::Jpeg, 512, 715),
        ("test4.jpg", Format::Jpeg, 978, 1014),
    ];
    for (name, fmt, w, h) in cases {
        let b = real(name);
        assert_eq!(sniff(&b), fmt, "{name}");
        let p = probe(&b).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (p.format, p.width, p.height, p.bytes),
            (fmt, w, h, b.len() as u64),
            "{name}"
        );
    }
}

#[test]
fn probe_errors() {
    assert_eq!(probe(&[]).unwrap_err().code, "empty");
    assert_eq!(probe(b"hello world").unwrap_err().code, "not_an_image");
    assert_eq!(probe(b"%PDF-1.7\n...").unwrap_err().code, "pdf");
    assert_eq!(
        probe(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]).unwrap_err().code,
        "truncated"
    );
    let b = real("test3.jpg");
    assert_eq!(probe(&b[..40]).unwrap_err().code, "truncated");
}

/// Found by fuzzing (photo_check, 2026-12-01, after 2,454,958 executions): a
/// JPEG whose second component is sampled 2×1 under a 1×1 luma made zune-jpeg
/// 0.5.15 panic in its IDCT. It is now refused before decoding, with a message
/// that says what to do; the real photos, sampled as cameras sample, still decode.
#[test]
fn jpeg_with_chroma_finer_than_luma_is_refused_not_a_panic() {
    use precheck_core::photo::{check, fix, spec, Material};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fuzz-found/jpeg-chroma-finer-than-luma.jpg"
    );
    let bytes = std::fs::read(path).unwrap();
    let s = spec(Material::Photo, None);
    let err = check(&bytes, s).unwrap_err();
    assert_eq!(err.code, "unusual_jpeg", "{err}");
    assert!(err.message_zh.contains("另存"), "{}", err.message_zh);
    assert_eq!(fix(&bytes, s).unwrap_err().code, "unusual_jpeg");
    for name in ["test0.jpg", "test3.jpg", "test4.jpg"] {
        assert!(check(&real(name), s).is_ok(), "{name}");
    }
}
