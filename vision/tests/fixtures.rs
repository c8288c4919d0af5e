//! Face detection and segmentation on the real fixtures
//! (`../shared/fixtures/photos-real/`, read at test time, never copied).

use precheck_vision::{detect_faces, segment_person, FaceDetection, Mask, VisionError};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/photos-real")
        .join(name)
}

/// Decodes a fixture (format sniffed: test1 is WebP, test2 PNG) and shrinks it
/// to at most 640 px on the long side, as the photo worker does.
fn load(name: &str) -> image::RgbImage {
    let img = image::ImageReader::open(fixture(name))
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap()
        .to_rgb8();
    let (w, h) = img.dimensions();
    if w.max(h) <= 640 {
        return img;
    }
    let s = 640.0 / w.max(h) as f64;
    let (nw, nh) = ((w as f64 * s).round() as u32, (h as f64 * s).round() as u32);
    image::imageops::resize(&img, nw, nh, image::imageops::FilterType::Triangle)
}

fn faces(img: &image::RgbImage) -> Vec<FaceDetection> {
    detect_faces(img.as_raw(), img.width(), img.height()).unwrap()
}

/// Eye tilt in degrees in the photo's pixels (positive: the image-right eye lower).
fn tilt(f: &FaceDetection, w: u32, h: u32) -> f32 {
    let [r, l] = [f.keypoints[0], f.keypoints[1]];
    let (dx, dy) = ((l[0] - r[0]) * w as f32, (l[1] - r[1]) * h as f32);
    dy.atan2(dx).to_degrees()
}

const PHOTOS: [&str; 5] = [
    "test0.jpg",
    "test1.jpg",
    "test2.jpg",
    "test3.jpg",
    "test4.jpg",
];

#[test]
fn one_face_per_portrait_with_plausible_landmarks() {
    for name in PHOTOS {
        let img = load(name);
        let (w, h) = img.dimensions();
        let found = faces(&img);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        let f = &found[0];
        let t = tilt(f, w, h);
        eprintln!(
            "{name} {w}×{h}: score {:.3}, bbox {:?}, eye tilt {t:.1}°",
            f.score, f.bbox
        );
        assert!(f.score > 0.8, "{name}: score {}", f.score);
        let [x0, y0, x1, y1] = f.bbox;
        assert!(
            0.0 <= x0 && x0 < x1 && x1 <= 1.0 && 0.0 <= y0 && y0 < y1 && y1 <= 1.0,
            "{name}: {:?}",
            f.bbox
        );
        // a portrait: the face is a fair part of the photo, in its upper two thirds
        assert!(
            x1 - x0 > 0.15 && (y0 + y1) / 2.0 < 0.67,
            "{name}: {:?}",
            f.bbox
        );
        for eye in &f.keypoints[..2] {
            assert!(
                x0 < eye[0] && eye[0] < x1 && y0 < eye[1] && eye[1] < y1,
                "{name}: eye {eye:?} outside {:?}",
                f.bbox
            );
        }
        let [right_eye, left_eye, nose, mouth, ..] = f.keypoints;
        // the subject's right eye is on the image's left; nose below the eyes, mouth below the nose
        assert!(right_eye[0] < left_eye[0], "{name}: eyes swapped");
        assert!(
            nose[1] > right_eye[1].min(left_eye[1]) && mouth[1] > nose[1],
            "{name}: {:?}",
            f.keypoints
        );
        assert!(t.abs() < 5.0, "{name}: eye tilt {t}°");
    }
}

#[test]
fn tilts_agree_with_the_measured_ones() {
    // ML-FACTS.md (MediaPipe's pipeline): test1 −1.0°, test2 3.4°; keypoints at
    // 128 px are good to about ±2–3°.
    for (name, want) in [("test1.jpg", -1.0), ("test2.jpg", 3.4)] {
        let img = load(name);
        let t = tilt(&faces(&img)[0], img.width(), img.height());
        assert!((t - want).abs() < 2.5, "{name}: {t}° vs {want}°");
    }
}

#[test]
fn no_face_in_blank_or_noise() {
    let grey = vec![128u8; 300 * 400 * 3];
    assert!(detect_faces(&grey, 300, 400).unwrap().is_empty());
    let mut x = 12345u32;
    let noise: Vec<u8> = (0..320 * 240 * 3)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    assert!(detect_faces(&noise, 320, 240).unwrap().is_empty());
}

#[test]
fn two_portraits_side_by_side_give_two_faces() {
    let (a, b) = (load("test0.jpg"), load("test3.jpg"));
    let h = 400;
    let a = image::imageops::resize(
        &a,
        a.width() * h / a.height(),
        h,
        image::imageops::FilterType::Triangle,
    );
    let b = image::imageops::resize(
        &b,
        b.width() * h / b.height(),
        h,
        image::imageops::FilterType::Triangle,
    );
    let mut both = image::RgbImage::new(a.width() + b.width(), h);
    image::imageops::replace(&mut both, &a, 0, 0);
    image::imageops::replace(&mut both, &b, a.width() as i64, 0);
    let found = faces(&both);
    assert_eq!(found.len(), 2, "{found:?}");
    let split = a.width() as f32 / both.width() as f32;
    let mut centres: Vec<f32> = found
        .iter()
        .map(|f| (f.bbox[0] + f.bbox[2]) / 2.0)
        .collect();
    centres.sort_by(f32::total_cmp);
    assert!(
        centres[0] < split && centres[1] > split,
        "{centres:?} split {split}"
    );
    assert!(found[0].score >= found[1].score);
}

fn mean(m: &Mask, x0: usize, y0: usize, x1: usize, y1: usize) -> f32 {
    let mut s = 0u64;
    for y in y0..y1 {
        s += m.data[y * m.width as usize + x0..y * m.width as usize + x1]
            .iter()
            .map(|&v| v as u64)
            .sum::<u64>();
    }
    s as f32 / ((x1 - x0) * (y1 - y0)) as f32
}

#[test]
fn segmentation_covers_the_person_not_the_corners() {
    for name in PHOTOS {
        let img = load(name);
        let m = segment_person(img.as_raw(), img.width(), img.height()).unwrap();
        assert_eq!((m.width, m.height, m.data.len()), (256, 256, 65536));
        let centre_bottom = mean(&m, 96, 192, 160, 256);
        let face = faces(&img)[0].bbox;
        let (fx, fy) = (
            ((face[0] + face[2]) / 2.0 * 256.0) as usize,
            ((face[1] + face[3]) / 2.0 * 256.0) as usize,
        );
        let at_face = mean(&m, fx - 8, fy - 8, fx + 8, fy + 8);
        let corners = [mean(&m, 0, 0, 24, 24), mean(&m, 232, 0, 256, 24)];
        let person = m.data.iter().filter(|&&v| v >= 128).count() as f32 / 65536.0;
        eprintln!("{name}: centre-bottom {centre_bottom:.0}, face {at_face:.0}, top corners {corners:?}, person {:.0} %", person * 100.0);
        assert!(
            centre_bottom > 200.0,
            "{name}: centre-bottom {centre_bottom}"
        );
        assert!(at_face > 200.0, "{name}: at the face {at_face}");
        assert!(
            corners.iter().all(|&c| c < 25.0),
            "{name}: corners {corners:?}"
        );
        assert!((0.15..0.9).contains(&person), "{name}: person {person}");
    }
}

#[test]
fn bad_buffers_are_errors_not_panics() {
    assert_eq!(detect_faces(&[], 0, 10), Err(VisionError::EmptyImage));
    assert_eq!(segment_person(&[], 10, 0), Err(VisionError::EmptyImage));
    let e = detect_faces(&[0; 10], 2, 2).unwrap_err();
    assert_eq!(e.code(), 2);
    assert!(e.message_zh().contains("12") && e.message_en().contains("12"));
    assert!(segment_person(&[0; 11], 2, 2).is_err());
    assert!(detect_faces(&[0; 3], u32::MAX, u32::MAX).is_err());
    // tiny and extreme shapes work
    for (w, h) in [(1, 1), (1, 700), (700, 1), (3, 2)] {
        let rgb = vec![200u8; w * h * 3];
        assert!(detect_faces(&rgb, w as u32, h as u32).unwrap().is_empty());
        assert_eq!(
            segment_person(&rgb, w as u32, h as u32).unwrap().data.len(),
            65536
        );
    }
}

#[test]
fn decoding_agrees_with_an_independent_numpy_decode() {
    // nn/tests/ref/gen_refs.py decodes the reference interpreter's outputs for
    // this 128×128 image (no letterbox, no resampling at that size) with its
    // own anchors and weighted NMS: 17 floats per face.
    let refs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../nn/tests/ref");
    let rgb = std::fs::read(refs.join("test2_128.u8")).unwrap();
    let b = std::fs::read(refs.join("faces_test2_128.nnt")).unwrap();
    let u32_at = |p: usize| u32::from_le_bytes(b[p..p + 4].try_into().unwrap()) as usize;
    assert_eq!(
        (&b[..4], u32_at(4), u32_at(8), u32_at(12), u32_at(20)),
        (&b"NNT1"[..], 1, 0, 2, 17)
    );
    let want: Vec<f32> = b[24..]
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(want.len(), u32_at(16) * 17);
    let got: Vec<f32> = detect_faces(&rgb, 128, 128)
        .unwrap()
        .iter()
        .flat_map(|f| {
            [f.score]
                .into_iter()
                .chain(f.bbox)
                .chain(f.keypoints.into_iter().flatten())
        })
        .collect();
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    let diff = got
        .iter()
        .zip(&want)
        .map(|(g, w)| (g - w).abs())
        .fold(0.0, f32::max);
    eprintln!(
        "{} face(s), max difference from the numpy decode {diff:e}",
        got.len() / 17
    );
    assert!(diff < 1e-4, "max difference {diff}: {got:?} vs {want:?}");
}
