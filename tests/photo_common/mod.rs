//! Generated test pictures (made in code, nothing copied): a head-and-shoulders
//! figure on a backdrop, and helpers to encode it in various broken ways.
#![allow(dead_code)]

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

pub const WHITE: [u8; 3] = [250, 250, 250];
pub const BLUE: [u8; 3] = [67, 142, 219];
pub const GREY: [u8; 3] = [170, 172, 175];
pub const RED: [u8; 3] = [215, 69, 50];

fn hash(x: u32, y: u32, seed: u32) -> u32 {
    let mut h =
        x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ seed.wrapping_mul(0xC2B2_AE3D);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    h
}

fn noise(x: u32, y: u32, seed: u32, amp: i32) -> i32 {
    if amp == 0 {
        return 0;
    }
    (hash(x, y, seed) % (2 * amp as u32 + 1)) as i32 - amp
}

fn add(c: [u8; 3], d: i32) -> Rgb<u8> {
    Rgb([
        (i32::from(c[0]) + d).clamp(0, 255) as u8,
        (i32::from(c[1]) + d).clamp(0, 255) as u8,
        (i32::from(c[2]) + d).clamp(0, 255) as u8,
    ])
}

/// How the figure sits in the frame (fractions of the picture).
#[derive(Clone, Copy)]
pub struct Pose {
    /// Head top below the top edge (fraction of height).
    pub head_top: f32,
    /// Head width (fraction of width).
    pub head_width: f32,
    /// Head centre x (fraction of width).
    pub cx: f32,
    /// Backdrop noise amplitude (sensor noise).
    pub bg_noise: i32,
    /// Vertical lighting falloff across the backdrop (levels).
    pub bg_gradient: i32,
}

impl Default for Pose {
    fn default() -> Self {
        Pose {
            head_top: 0.10,
            head_width: 0.58,
            cx: 0.5,
            bg_noise: 2,
            bg_gradient: 4,
        }
    }
}

/// A head-and-shoulders figure: hair, textured skin with eyes and mouth, neck, a
/// dark jacket over the shoulders, on `backdrop`.
pub fn portrait(w: u32, h: u32, backdrop: [u8; 3], pose: Pose) -> RgbImage {
    let (wf, hf) = (w as f32, h as f32);
    // head size is set by its width; its height is 1.3× its width in pixels
    let rx = pose.head_width * wf / 2.0;
    let ry = rx * 1.3;
    let cx = pose.cx * wf;
    let cy = pose.head_top * hf + ry;
    let skin = [222, 176, 146];
    let hair = [38, 30, 26];
    let jacket = [36, 44, 72];
    let shirt = [235, 235, 240];
    let shoulder_y = cy + ry * 1.15;
    RgbImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (x as f32 + 0.5, y as f32 + 0.5);
        let dx = (xf - cx) / rx;
        let dy = (yf - cy) / ry;
        let in_head = dx * dx + dy * dy <= 1.0;
        let neck = (xf - cx).abs() < rx * 0.45 && yf > cy && yf < shoulder_y + ry * 0.2;
        // shoulders: a wide ellipse top starting at shoulder_y
        let sx = (xf - cx) / (rx * 2.6);
        let sy = (yf - (shoulder_y + ry * 1.1)) / (ry * 1.1);
        let in_body = yf > shoulder_y
            && (sx * sx + sy * sy <= 1.0 || yf > shoulder_y + ry * 1.1 && sx.abs() <= 1.0);
        if in_head {
            if dy < -0.45 || (dx.abs() > 0.85 && dy < 0.1) {
                return add(hair, noise(x, y, 1, 14));
            }
            // eyes, brows, mouth
            let ey = -0.05;
            for ex in [-0.38f32, 0.38] {
                let ddx = (dx - ex) / 0.16;
                let ddy = (dy - ey) / 0.07;
                if ddx * ddx + ddy * ddy <= 1.0 {
                    return add([60, 45, 40], noise(x, y, 2, 10));
                }
                if (dx - ex).abs() < 0.2 && (dy - (ey - 0.17)).abs() < 0.03 {
                    return add(hair, noise(x, y, 3, 8));
                }
            }
            if dx.abs() < 0.3 && (dy - 0.5).abs() < 0.05 {
                return add([170, 80, 80], noise(x, y, 4, 8));
            }
            return add(skin, noise(x, y, 5, 12));
        }
        if in_body {
            if (xf - cx).abs() < rx * 0.35 * (1.0 + (yf - shoulder_y) / ry) {
                return add(shirt, noise(x, y, 6, 6));
            }
            return add(jacket, noise(x, y, 7, 12));
        }
        if neck {
            return add([205, 160, 132], noise(x, y, 8, 10));
        }
        let grad = (yf / hf * pose.bg_gradient as f32) as i32;
        add(backdrop, noise(x, y, 9, pose.bg_noise) - grad)
    })
}

pub fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .expect("encode");
    out
}

/// JPEG of `img` whose size lands in 40,960–80,000 bytes (searching quality).
pub fn jpeg_in_window(img: &RgbImage) -> Vec<u8> {
    let (mut lo, mut hi) = (10u8, 100u8);
    while lo <= hi {
        let q = lo + (hi - lo) / 2;
        let j = jpeg(img, q);
        if j.len() < 40_960 {
            lo = q + 1;
        } else if j.len() > 80_000 {
            hi = q - 1;
        } else {
            return j;
        }
    }
    panic!(
        "no quality lands in the window for {}x{}",
        img.width(),
        img.height()
    );
}

pub fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

/// Insert an APP1 EXIF segment (IFD0 with Orientation and optionally Software)
/// right after SOI.
pub fn with_exif(jpeg: &[u8], orientation: u16, software: Option<&str>) -> Vec<u8> {
    let sw = software.map(|s| {
        let mut b = s.as_bytes().to_vec();
        b.push(0);
        b
    });
    let n_entries: u16 = if sw.is_some() { 2 } else { 1 };
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    tiff.extend_from_slice(&n_entries.to_be_bytes());
    // Orientation SHORT
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    let data_off = 8 + 2 + 12 * u32::from(n_entries) + 4;
    if let Some(sw) = &sw {
        tiff.extend_from_slice(&0x0131u16.to_be_bytes());
        tiff.extend_from_slice(&2u16.to_be_bytes());
        tiff.extend_from_slice(&(sw.len() as u32).to_be_bytes());
        tiff.extend_from_slice(&data_off.to_be_bytes());
    }
    tiff.extend_from_slice(&0u32.to_be_bytes());
    if let Some(sw) = &sw {
        tiff.extend_from_slice(sw);
    }
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&seg);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Stored pixels for a picture that must *display* as `upright` under EXIF
/// `orientation` (the inverse transform of what a viewer applies).
pub fn stored_for(upright: &RgbImage, orientation: u8) -> RgbImage {
    use image::imageops::{rotate180, rotate270, rotate90};
    match orientation {
        3 => rotate180(upright),
        6 => rotate270(upright),
        8 => rotate90(upright),
        _ => upright.clone(),
    }
}

/// A JPEG whose frame header claims `w × h` pixels (the scan data is a tiny image's).
pub fn bomb_header(w: u16, h: u16) -> Vec<u8> {
    let mut j = jpeg(&RgbImage::from_pixel(16, 16, Rgb([255, 255, 255])), 80);
    let mut i = 2;
    while i + 9 < j.len() {
        if j[i] == 0xFF && (j[i + 1] == 0xC0 || j[i + 1] == 0xC2) {
            j[i + 5..i + 7].copy_from_slice(&h.to_be_bytes());
            j[i + 7..i + 9].copy_from_slice(&w.to_be_bytes());
            break;
        }
        let len = u16::from_be_bytes([j[i + 2], j[i + 3]]) as usize;
        i += 2 + len;
    }
    j
}

/// Box blur of radius `r` (a deliberately out-of-focus picture).
pub fn blur(img: &RgbImage, r: u32) -> RgbImage {
    image::imageops::blur(img, r as f32)
}

/// A minimal baseline CMYK JPEG (Adobe APP14, no transform), `w × h` multiples of 8,
/// every block DC-only with the same value: a flat mid-grey in all four inks. Made
/// by hand because the `image` encoder writes YCbCr only.
pub fn cmyk_jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    // APP14 Adobe, transform 0 (CMYK as is)
    j.extend_from_slice(&[0xFF, 0xEE, 0x00, 0x0E]);
    j.extend_from_slice(b"Adobe");
    j.extend_from_slice(&[0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00]);
    // DQT: table 0, all ones
    j.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    j.extend_from_slice(&[1u8; 64]);
    // SOF0: 8-bit, h, w, 4 components 1x1 sampling, table 0
    j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x14, 0x08]);
    j.extend_from_slice(&h.to_be_bytes());
    j.extend_from_slice(&w.to_be_bytes());
    j.push(4);
    for id in 1..=4u8 {
        j.extend_from_slice(&[id, 0x11, 0x00]);
    }
    // DHT: DC table 0 and AC table 0, each one 1-bit code for symbol 0
    for class in [0x00u8, 0x10] {
        j.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, class, 1]);
        j.extend_from_slice(&[0u8; 15]);
        j.push(0x00);
    }
    // SOS
    j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x0E, 4]);
    for id in 1..=4u8 {
        j.extend_from_slice(&[id, 0x00]);
    }
    j.extend_from_slice(&[0x00, 0x3F, 0x00]);
    // each block: DC diff category 0 ("0") + EOB ("0") = 2 zero bits
    let blocks = usize::from(w / 8) * usize::from(h / 8) * 4;
    let bits = blocks * 2;
    j.extend(std::iter::repeat_n(0u8, bits / 8));
    if bits % 8 != 0 {
        j.push(0xFFu8 >> (bits % 8) as u32 & 0xFF >> (bits % 8));
    }
    j.extend_from_slice(&[0xFF, 0xD9]);
    j
}

/// A busy, non-flat backdrop (a "street"): coloured blocks of random size.
pub fn street(w: u32, h: u32) -> RgbImage {
    let base = portrait(w, h, [128, 128, 128], Pose::default());
    RgbImage::from_fn(w, h, |x, y| {
        let p = *base.get_pixel(x, y);
        if p.0 == [128, 128, 128]
            || (p.0[0].abs_diff(128) < 6 && p.0[1].abs_diff(128) < 6 && p.0[2].abs_diff(128) < 6)
        {
            let (bx, by) = (x / 23, y / 17);
            let v = hash(bx, by, 42);
            Rgb([
                (v & 0xFF) as u8,
                ((v >> 8) & 0xFF) as u8,
                ((v >> 16) & 0xFF) as u8,
            ])
        } else {
            p
        }
    })
}
