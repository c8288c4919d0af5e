//! The planned crop drawn at an output size (turned where the eyes are levelled,
//! the person matted onto white), and the JPEG in the spec's size window.

use super::*;

/// Crop + resize to `out_w × out_h`, then turn the backdrop white with a soft edge.
pub(crate) fn render(
    work: &RgbImage,
    p: &Plan,
    a: &Analysis,
    spec: &PhotoSpec,
    out_w: u32,
    out_h: u32,
) -> RgbImage {
    // A turned crop, or one that runs past the picture's sides: sampled pixel by
    // pixel, white outside the picture.
    if p.angle != 0.0 || p.left < 0.0 || p.left + p.width as f32 > work.width() as f32 + 0.5 {
        return render_turned(work, p, a, spec, out_w, out_h);
    }
    let left = p.left.max(0.0) as u32;
    let mut out = RgbImage::from_pixel(out_w, out_h, Rgb([255, 255, 255]));
    let scale = out_h as f32 / p.height;
    let vis_top = p.top.max(0.0);
    let pad = ((vis_top - p.top) * scale).round() as u32;
    let src_h = ((p.height - (vis_top - p.top)).round() as u32)
        .min(work.height().saturating_sub(vis_top as u32))
        .max(1);
    let vis_out_h = out_h.saturating_sub(pad).max(1);
    let width = p.width.min(work.width().saturating_sub(left)).max(1);
    // Downscaling (the usual case): area average, which is both the right filter for
    // a large reduction and cheap. Upscaling a small crop: Catmull-Rom.
    let mut part = if width >= out_w && src_h >= vis_out_h {
        area_resize(work, (left, vis_top as u32, width, src_h), out_w, vis_out_h)
    } else {
        let view = crop_imm(work, left, vis_top as u32, width, src_h);
        resize(&*view, out_w, vis_out_h, FilterType::CatmullRom)
    };
    let person = a.seen.as_ref().and_then(|s| s.person.as_ref());
    match (person, &spec.background) {
        (Some(m), _) => {
            // Where each output pixel comes from, in fractions of the working image.
            let (sx, sy) = (width as f32 / out_w as f32, src_h as f32 / vis_out_h as f32);
            let (ww, wh) = (work.width() as f32, work.height() as f32);
            let (pw, ph) = part.dimensions();
            let mut alpha = Vec::with_capacity((pw * ph) as usize);
            for y in 0..ph {
                for x in 0..pw {
                    let wx = left as f32 + (x as f32 + 0.5) * sx;
                    let wy = vis_top + (y as f32 + 0.5) * sy;
                    alpha.push(m.at(wx / ww, wy / wh));
                }
            }
            let alpha = matte::refine(&part, &alpha);
            matte::onto_white(&mut part, &alpha, eye_row(a, vis_top, sy));
        }
        (None, Some(bs)) => {
            let reference = a.mask.as_ref().map(|m| m.reference).unwrap_or([255.0; 3]);
            whiten(&mut part, reference, bs.fill_tolerance, bs.fill_step);
        }
        (None, None) => {}
    }
    for (x, y, px) in part.enumerate_pixels() {
        if y + pad < out_h {
            out.put_pixel(x, y + pad, *px);
        }
    }
    out
}

/// The crop taken in a frame turned by `p.angle` about the eyes, so the eyes come
/// out level: each output pixel samples (bilinear) a copy of the picture first
/// area-reduced to at most twice the output's scale (no aliasing), and the person
/// mask the same way; outside the picture is white.
pub(super) fn render_turned(
    work: &RgbImage,
    p: &Plan,
    a: &Analysis,
    spec: &PhotoSpec,
    out_w: u32,
    out_h: u32,
) -> RgbImage {
    let (ww, wh) = (work.width() as f32, work.height() as f32);
    let sx = p.width as f32 / out_w as f32;
    let sy = p.height / out_h as f32;
    let k = (sx.min(sy) / 2.0).floor().max(1.0);
    let reduced = if k > 1.0 {
        let (rw, rh) = ((ww / k).max(1.0) as u32, (wh / k).max(1.0) as u32);
        area_resize(work, (0, 0, work.width(), work.height()), rw, rh)
    } else {
        work.clone()
    };
    let (rw, rh) = (reduced.width() as f32, reduced.height() as f32);
    let (cos, sin) = (p.angle.cos(), p.angle.sin());
    let person = a.seen.as_ref().and_then(|s| s.person.as_ref());
    let mut out = RgbImage::new(out_w, out_h);
    let mut alpha = Vec::with_capacity((out_w * out_h) as usize);
    let raw = reduced.as_raw();
    let stride = reduced.width() as usize * 3;
    for y in 0..out_h {
        for x in 0..out_w {
            let (dx, dy) = (
                p.left + (x as f32 + 0.5) * sx - p.pivot.0,
                p.top + (y as f32 + 0.5) * sy - p.pivot.1,
            );
            let (wx, wy) = (
                p.pivot.0 + cos * dx - sin * dy,
                p.pivot.1 + sin * dx + cos * dy,
            );
            let inside = (0.0..ww).contains(&wx) && (0.0..wh).contains(&wy);
            alpha.push(match (inside, person) {
                (true, Some(m)) => m.at(wx / ww, wy / wh),
                (true, None) => 1.0,
                (false, _) => 0.0,
            });
            if !inside {
                out.put_pixel(x, y, Rgb([255, 255, 255]));
                continue;
            }
            let (fx, fy) = (
                (wx / k - 0.5).clamp(0.0, rw - 1.0),
                (wy / k - 0.5).clamp(0.0, rh - 1.0),
            );
            let (x0, y0) = (fx as usize, fy as usize);
            let (x1, y1) = ((x0 + 1).min(rw as usize - 1), (y0 + 1).min(rh as usize - 1));
            let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
            let mut px = [0u8; 3];
            for c in 0..3 {
                let g = |xx: usize, yy: usize| f32::from(raw[yy * stride + xx * 3 + c]);
                let top = g(x0, y0) * (1.0 - tx) + g(x1, y0) * tx;
                let bottom = g(x0, y1) * (1.0 - tx) + g(x1, y1) * tx;
                px[c] = (top * (1.0 - ty) + bottom * ty + 0.5).clamp(0.0, 255.0) as u8;
            }
            out.put_pixel(x, y, Rgb(px));
        }
    }
    if person.is_some() {
        let alpha = matte::refine(&out, &alpha);
        matte::onto_white(&mut out, &alpha, eye_row(a, p.top, sy));
    } else if let (Some(bs), Some(m)) = (&spec.background, &a.mask) {
        whiten(&mut out, m.reference, bs.fill_tolerance, bs.fill_step);
    }
    out
}

/// The eye line's row in a part drawn from working-image row `top` down at
/// `rows_per_px` working rows per row (a turned crop turns about the eyes, so
/// their row is the same in its frame).
fn eye_row(a: &Analysis, top: f32, rows_per_px: f32) -> Option<usize> {
    let head = a.head.as_ref()?;
    let eyes = (head.eye_points[0][1] + head.eye_points[1][1]) / 2.0 * a.height as f32;
    let row = (eyes - top) / rows_per_px;
    (row.is_finite() && row >= 0.0).then_some(row as usize)
}

/// Flood fill the backdrop at output size and make it pure white. Subject pixels on
/// the edge blend towards white by the share of backdrop among their 3×3 neighbours
/// (at most 60 %), a soft edge without a coloured halo.
pub(super) fn whiten(img: &mut RgbImage, reference: [f32; 3], tol: f32, step: f32) {
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
    mut first: Option<RgbImage>,
) -> Result<Vec<u8>, PhotoError> {
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
        let img = match first.take() {
            Some(img) if idx == 0 => img,
            _ => render(work, p, a, spec, ow, oh),
        };
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
