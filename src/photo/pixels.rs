//! Pixel helpers every photo room reads, and that import no room: the one grey
//! value (`luma`), the area-average resampling (`fit_long`, `area_resize`) and
//! a pixel's 4 neighbours (`neighbours4`).
//! The measurements (analyze.rs), the models' view (seen.rs), the eye line
//! (eyes.rs), the matte and the fix all take them from here, so none of those
//! rooms needs another for its pixels.

use image::RgbImage;

/// The 4-connected neighbours of pixel `k` in a `w × h` grid, in a fixed order
/// (left, right, up, down), for the flood fills (the crowd count, the clean
/// outline).
pub(crate) fn neighbours4(k: usize, w: usize, h: usize) -> impl Iterator<Item = usize> {
    let (x, y) = (k % w, k / w);
    [
        (x > 0).then(|| k - 1),
        (x + 1 < w).then(|| k + 1),
        (y > 0).then(|| k - w),
        (y + 1 < h).then(|| k + w),
    ]
    .into_iter()
    .flatten()
}

// Forced inline: at opt-level "z" it stayed a call and cost a fifth of a
// 295×413 check (perf, BENCHMARKS.md).
#[inline(always)]
pub(crate) fn luma(p: [u8; 3]) -> f32 {
    0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2])
}

/// Shrink so the long side is at most `long` (never up) by averaging the source
/// pixels that fall in each output pixel (area average on integer bounds): cheap,
/// alias-free, and far faster than a general filter at size-optimised builds.
pub(crate) fn fit_long(img: &RgbImage, long: u32) -> std::borrow::Cow<'_, RgbImage> {
    let (w, h) = img.dimensions();
    let l = w.max(h);
    if l <= long || w == 0 || h == 0 {
        return std::borrow::Cow::Borrowed(img);
    }
    let s = f64::from(long) / f64::from(l);
    let nw = ((f64::from(w) * s).round() as u32).clamp(1, w);
    let nh = ((f64::from(h) * s).round() as u32).clamp(1, h);
    std::borrow::Cow::Owned(area_resize(img, (0, 0, w, h), nw, nh))
}

/// Area-average the rectangle `(x, y, w, h)` of `img` (clamped to it) down to
/// `nw × nh` (each output pixel averages the source pixels within its integer
/// bounds; at least one). For downscaling only; upscaling repeats pixels.
pub(crate) fn area_resize(
    img: &RgbImage,
    rect: (u32, u32, u32, u32),
    nw: u32,
    nh: u32,
) -> RgbImage {
    let (iw, ih) = img.dimensions();
    let x0 = rect.0.min(iw.saturating_sub(1)) as usize;
    let y0r = rect.1.min(ih.saturating_sub(1)) as usize;
    let w = (rect.2 as usize).min(iw as usize - x0).max(1);
    let h = (rect.3 as usize).min(ih as usize - y0r).max(1);
    let (nw, nh) = (nw.max(1) as usize, nh.max(1) as usize);
    let mut out = RgbImage::new(nw as u32, nh as u32);
    if iw == 0 || ih == 0 {
        return out;
    }
    let xb: Vec<usize> = (0..=nw).map(|i| i * w / nw).collect();
    let src = img.as_raw();
    let stride = iw as usize * 3;
    let mut acc = vec![0u32; nw * 3];
    for oy in 0..nh {
        let ya = oy * h / nh;
        let yb = ((oy + 1) * h / nh).max(ya + 1).min(h);
        acc.iter_mut().for_each(|a| *a = 0);
        for y in ya..yb {
            let row = &src[(y0r + y) * stride + x0 * 3..(y0r + y) * stride + (x0 + w) * 3];
            for ox in 0..nw {
                let (xa, xe) = (xb[ox], xb[ox + 1].max(xb[ox] + 1).min(w));
                let a = &mut acc[ox * 3..ox * 3 + 3];
                for px in row[xa * 3..xe * 3].chunks_exact(3) {
                    a[0] += u32::from(px[0]);
                    a[1] += u32::from(px[1]);
                    a[2] += u32::from(px[2]);
                }
            }
        }
        let orow = &mut out.as_mut()[oy * nw * 3..(oy + 1) * nw * 3];
        for ox in 0..nw {
            let (xa, xe) = (xb[ox], xb[ox + 1].max(xb[ox] + 1).min(w));
            let n = ((yb - ya) * (xe - xa)).max(1) as u32;
            for c in 0..3 {
                orow[ox * 3 + c] = ((acc[ox * 3 + c] + n / 2) / n) as u8;
            }
        }
    }
    out
}
