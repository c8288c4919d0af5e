//! The one-tap fix: crop 5:7 around the subject, white backdrop, JPEG in 40,960–80,000 bytes.

use super::analyze::{area_resize, flood, Analysis};
use super::error::PhotoError;
use super::spec_types::{FixSpec, PhotoSpec};
use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::imageops::{crop_imm, resize, FilterType};
use image::{Rgb, RgbImage};

pub(crate) struct Plan {
    pub left: u32,
    /// May be negative: rows above the picture are padded white.
    pub top: f32,
    pub width: u32,
    pub height: f32,
}

fn refuse_not_flat() -> PhotoError {
    PhotoError::new(
        "background_not_flat",
        "背景不是纯色（像街道、房间或有杂物），无法自动换成白底。请站在白墙或纯色布前、光线均匀时重新拍摄，或到照相馆拍证件照。",
        "The background is not plain (a street, a room, objects) and cannot be turned white automatically. Stand in front of a white wall or a plain sheet in even light and take it again, or have it taken at a photo studio.",
    )
}

/// Decide the crop (in working-image pixels) from the analysis.
pub(crate) fn plan(a: &Analysis, spec: &PhotoSpec, fx: &FixSpec) -> Result<Plan, PhotoError> {
    let (Some(bs), Some(b)) = (&spec.background, &a.backdrop) else {
        return Err(refuse_not_flat());
    };
    if b.coverage < bs.flat_coverage || b.spread > bs.flat_spread {
        return Err(refuse_not_flat());
    }
    let Some(s) = &a.subject else {
        return Err(PhotoError::new(
            "no_subject",
            "照片里没有找到人像，无法裁剪。请上传本人正面免冠的半身照。",
            "No person found in the picture, so it cannot be cropped. Upload a frontal head-and-shoulders photo of yourself.",
        ));
    };
    if s.top_touch > 0.03 {
        return Err(PhotoError::new(
            "head_cut_off",
            "头顶已被切掉，无法修正。请重拍，头顶上方留出空白。",
            "The top of the head is cut off and cannot be restored. Retake with space above the head.",
        ));
    }
    let (w, h) = (a.width as f32, a.height as f32);
    let ratio = 5.0 / 7.0;
    let head_top = s.top * h;
    let head_w = (s.head_width * w).max(1.0);
    let cx = (0.5 + s.centre) * w;
    let mut ch = head_w / fx.head_width_share / ratio;
    ch = ch
        .min((h - head_top) / (1.0 - fx.head_top_margin))
        .min(w / ratio);
    let cw = (ch * ratio).round().max(1.0).min(w);
    let ch = cw / ratio;
    if ch < 120.0 {
        return Err(PhotoError::new(
            "too_small",
            "人像太小，裁剪后像素不够。请靠近一些重新拍摄。",
            "The person is too small; a crop would have too few pixels. Move closer and retake.",
        ));
    }
    let top = head_top - fx.head_top_margin * ch;
    let left = (cx - cw / 2.0).clamp(0.0, w - cw).round() as u32;
    Ok(Plan {
        left,
        top,
        width: cw as u32,
        height: ch,
    })
}

/// Crop + resize to `out_w × out_h`, then turn the backdrop white with a soft edge.
pub(crate) fn render(
    work: &RgbImage,
    p: &Plan,
    reference: [f32; 3],
    spec: &PhotoSpec,
    out_w: u32,
    out_h: u32,
) -> RgbImage {
    let mut out = RgbImage::from_pixel(out_w, out_h, Rgb([255, 255, 255]));
    let scale = out_h as f32 / p.height;
    let vis_top = p.top.max(0.0);
    let pad = ((vis_top - p.top) * scale).round() as u32;
    let src_h = ((p.height - (vis_top - p.top)).round() as u32)
        .min(work.height().saturating_sub(vis_top as u32))
        .max(1);
    let vis_out_h = out_h.saturating_sub(pad).max(1);
    let width = p.width.min(work.width().saturating_sub(p.left)).max(1);
    // Downscaling (the usual case): area average, which is both the right filter for
    // a large reduction and cheap. Upscaling a small crop: Catmull-Rom.
    let mut part = if width >= out_w && src_h >= vis_out_h {
        area_resize(
            work,
            (p.left, vis_top as u32, width, src_h),
            out_w,
            vis_out_h,
        )
    } else {
        let view = crop_imm(work, p.left, vis_top as u32, width, src_h);
        resize(&*view, out_w, vis_out_h, FilterType::CatmullRom)
    };
    if let Some(bs) = &spec.background {
        whiten(&mut part, reference, bs.fill_tolerance, bs.fill_step);
    }
    for (x, y, px) in part.enumerate_pixels() {
        if y + pad < out_h {
            out.put_pixel(x, y + pad, *px);
        }
    }
    out
}

/// Flood fill the backdrop at output size and make it pure white. Subject pixels on
/// the edge blend towards white by the share of backdrop among their 3×3 neighbours
/// (at most 60 %), a soft edge without a coloured halo.
fn whiten(img: &mut RgbImage, reference: [f32; 3], tol: f32, step: f32) {
    let (w, h) = img.dimensions();
    let bg = flood(img, reference, tol, step);
    let at = |x: i64, y: i64| -> bool {
        let xc = x.clamp(0, i64::from(w) - 1) as usize;
        let yc = y.clamp(0, i64::from(h) - 1) as usize;
        bg.get(yc * w as usize + xc).copied().unwrap_or(false)
    };
    for y in 0..h {
        for x in 0..w {
            let (xi, yi) = (i64::from(x), i64::from(y));
            let px = img.get_pixel_mut(x, y);
            if at(xi, yi) {
                px.0 = [255, 255, 255];
                continue;
            }
            let mut n = 0u32;
            for dy in -1..=1 {
                for dx in -1..=1 {
                    n += u32::from(at(xi + dx, yi + dy));
                }
            }
            if n == 0 {
                continue;
            }
            let a = n as f32 / 9.0 * 0.6;
            for c in 0..3 {
                let v = f32::from(px.0[c]);
                px.0[c] = (v + (255.0 - v) * a).round().clamp(0.0, 255.0) as u8;
            }
        }
    }
}

pub(crate) fn encode(img: &RgbImage, quality: u8, dpi: u16) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::with_capacity(96 * 1024);
    let mut enc = JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100));
    enc.set_pixel_density(PixelDensity::dpi(dpi));
    enc.encode_image(img).map_err(|e| {
        PhotoError::new(
            "encode",
            "生成 JPG 失败，请重试。",
            format!("JPEG encoding failed: {e}"),
        )
    })?;
    Ok(out)
}

/// Try sizes and qualities until the JPEG lands in the byte window; at most
/// `max_encodes` encodes. Returns the best attempt (closest to the window) otherwise.
pub(crate) fn encode_in_window(
    work: &RgbImage,
    p: &Plan,
    a: &Analysis,
    spec: &PhotoSpec,
    fx: &FixSpec,
) -> Result<Vec<u8>, PhotoError> {
    let reference = a.mask.as_ref().map(|m| m.reference).unwrap_or([255.0; 3]);
    let mut tried = vec![false; fx.sizes.len()];
    let mut idx = 0usize;
    let mut encodes = 0u32;
    let mut best: Option<(u64, Vec<u8>)> = None;
    let miss = |n: u64| {
        if n < fx.min_bytes {
            fx.min_bytes - n
        } else {
            n.saturating_sub(fx.max_bytes)
        }
    };
    while let Some(tr) = tried.get_mut(idx) {
        *tr = true;
        let [ow, oh] = fx.sizes[idx];
        let img = render(work, p, reference, spec, ow, oh);
        let (mut lo, mut hi) = (fx.quality_min, fx.quality_max);
        let mut q = 92u8.clamp(lo, hi);
        let (mut too_small, mut too_big);
        loop {
            let jpeg = encode(&img, q, fx.dpi)?;
            encodes += 1;
            let n = jpeg.len() as u64;
            if (fx.min_bytes..=fx.max_bytes).contains(&n) {
                return Ok(jpeg);
            }
            if best.as_ref().is_none_or(|(m, _)| miss(n) < *m) {
                best = Some((miss(n), jpeg));
            }
            if n < fx.min_bytes {
                lo = q.saturating_add(1);
                too_small = true;
                too_big = false;
                // far too small: a bigger size is the honest way up
                if n * 10 < fx.min_bytes * 7 && q < fx.quality_max {
                    lo = hi.saturating_add(1);
                }
            } else {
                hi = q.saturating_sub(1);
                too_big = true;
                too_small = false;
            }
            if lo > hi || encodes >= fx.max_encodes {
                break;
            }
            q = lo + (hi - lo) / 2;
            if too_small && hi == fx.quality_max && lo + 2 >= hi {
                q = hi;
            }
        }
        if encodes >= fx.max_encodes {
            break;
        }
        let px = u64::from(ow) * u64::from(oh);
        let next = fx
            .sizes
            .iter()
            .enumerate()
            .filter(|(i, _)| !tried[*i])
            .filter(|(_, [w, h])| {
                let n = u64::from(*w) * u64::from(*h);
                (too_small && n > px) || (too_big && n < px)
            })
            .min_by_key(|(_, [w, h])| (u64::from(*w) * u64::from(*h)).abs_diff(px))
            .map(|(i, _)| i);
        match next {
            Some(i) => idx = i,
            None => break,
        }
    }
    best.map(|(_, j)| j).ok_or_else(|| {
        PhotoError::new("encode", "生成 JPG 失败，请重试。", "JPEG encoding failed.")
    })
}
