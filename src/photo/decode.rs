//! Decoding under explicit limits, early downscale, orientation applied once.

use super::error::{PhotoError, MAX_SIDE};
use super::header::{Format, Probe};
use image::{ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;

/// Allocation cap handed to the decoder: a 48 MP RGB frame (146 MB) fits, a bomb does not.
const MAX_ALLOC: u64 = 192 * 1024 * 1024;

/// Long side of the working image. Everything after decoding runs on a copy at most
/// twice this size (integer box reduction), so a 12 MP photo costs one full-size
/// buffer (the decoder's) and then ~1.4 MP.
pub const WORK_LONG: u32 = 1280;

/// The decoder limits every decode runs under.
fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Decode `bytes` (already probed) to an upright RGB working image: alpha composited
/// over white, reduced to at most `2 × WORK_LONG` on the long side, then the EXIF
/// orientation applied (exactly once; the browser path never comes here).
pub(crate) fn decode_work(bytes: &[u8], probe: &Probe) -> Result<RgbImage, PhotoError> {
    let fmt = match probe.format {
        Format::Jpeg => {
            if !jpeg_complete(bytes) {
                return Err(PhotoError::truncated());
            }
            if !super::header::jpeg_sampling_supported(bytes) {
                return Err(PhotoError::unusual_jpeg());
            }
            ImageFormat::Jpeg
        }
        Format::Png => ImageFormat::Png,
        Format::Webp => ImageFormat::WebP,
        Format::Gif => ImageFormat::Gif,
        Format::Heif => return Err(PhotoError::heic()),
        Format::Pdf => return Err(PhotoError::pdf()),
        Format::Other => return Err(PhotoError::not_an_image()),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
    reader.limits(limits());
    let img = reader.decode().map_err(|e| map_err(e, probe))?;
    let small = if img.color().has_alpha() {
        // composite over white while reducing: no second full-size buffer
        let rgba = img.into_rgba8();
        let (w, h) = rgba.dimensions();
        work_from_rgba(rgba.as_raw(), w, h)?
    } else {
        shrink_box(img.into_rgb8(), WORK_LONG)
    };
    Ok(orient(small, probe.orientation))
}

/// Browser-decoded RGBA (already oriented) to the working image.
pub(crate) fn work_from_rgba(rgba: &[u8], width: u32, height: u32) -> Result<RgbImage, PhotoError> {
    let n = u64::from(width) * u64::from(height);
    if width > MAX_SIDE || height > MAX_SIDE || n > super::error::MAX_PIXELS {
        return Err(PhotoError::too_many_pixels(width, height));
    }
    // A picture with no pixels is not "too large": it is no picture.
    if n == 0 || rgba.len() as u64 != n * 4 {
        return Err(PhotoError::new(
            "bad_pixels",
            "图片数据不完整，请重新选择照片。",
            format!("The pixel data does not match {width}×{height} RGBA. Choose the photo again."),
        ));
    }
    let k = factor(width, height, WORK_LONG);
    let (w, h) = working_size(width, height);
    let mut out = RgbImage::new(w, h);
    let row = width as usize * 4;
    for (y, orow) in out.rows_mut().enumerate() {
        for (x, px) in orow.enumerate() {
            let mut acc = [0u32; 3];
            for dy in 0..k as usize {
                let base = (y * k as usize + dy) * row + x * k as usize * 4;
                for dx in 0..k as usize {
                    let i = base + dx * 4;
                    if let Some(p) = rgba.get(i..i + 4) {
                        let a = u32::from(p[3]);
                        // Opaque (every photo but a PNG with transparency): the
                        // blend below gives the channel itself, without its
                        // three divisions (a 12 MP photo has 36 million).
                        if a == 255 {
                            for c in 0..3 {
                                acc[c] += u32::from(p[c]);
                            }
                        } else {
                            for c in 0..3 {
                                acc[c] += (u32::from(p[c]) * a + 255 * (255 - a)) / 255;
                            }
                        }
                    }
                }
            }
            let kk = k * k;
            px.0 = [
                (acc[0] / kk) as u8,
                (acc[1] / kk) as u8,
                (acc[2] / kk) as u8,
            ];
        }
    }
    Ok(out)
}

fn map_err(e: ImageError, probe: &Probe) -> PhotoError {
    match &e {
        ImageError::Limits(_) => PhotoError::too_many_pixels(probe.width, probe.height),
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::truncated()
        }
        _ => {
            let text = e.to_string().to_lowercase();
            if text.contains("eof")
                || text.contains("end of")
                || text.contains("truncat")
                || text.contains("incomplete")
            {
                PhotoError::truncated()
            } else {
                PhotoError::decode(&e.to_string())
            }
        }
    }
}

/// A JPEG whose entropy-coded data has an end-of-image marker after the frame's
/// start-of-scan (a thumbnail's EOI inside EXIF does not count).
fn jpeg_complete(b: &[u8]) -> bool {
    let Some(sos) = super::header::jpeg_sos_offset(b) else {
        return false;
    };
    b.get(sos..)
        .is_some_and(|rest| rest.windows(2).any(|w| w == [0xFF, 0xD9]))
}

fn factor(w: u32, h: u32, max_long: u32) -> u32 {
    (w.max(h) / max_long.max(1)).max(1)
}

/// The size a `width`×`height` picture is checked and fixed at: one integer
/// reduction to a long side of `WORK_LONG`..2×`WORK_LONG`. The photo worker
/// asks the browser's decoder for this size, so both decoders agree.
pub fn working_size(width: u32, height: u32) -> (u32, u32) {
    let k = factor(width, height, WORK_LONG);
    ((width / k).max(1), (height / k).max(1))
}

/// Integer-factor box reduction (area average): fast, alias-free, and the result keeps
/// a long side of at least `max_long` (between `max_long` and twice that).
pub(crate) fn shrink_box(img: RgbImage, max_long: u32) -> RgbImage {
    let (w, h) = img.dimensions();
    let k = factor(w, h, max_long);
    if k <= 1 {
        return img;
    }
    let (ow, oh) = (w / k, h / k);
    let mut out = RgbImage::new(ow, oh);
    let src = img.as_raw();
    let stride = w as usize * 3;
    let ku = k as usize;
    let mut acc = vec![0u32; ow as usize * 3];
    for oy in 0..oh as usize {
        acc.iter_mut().for_each(|a| *a = 0);
        for dy in 0..ku {
            let row = &src[(oy * ku + dy) * stride..][..stride];
            for ox in 0..ow as usize {
                let seg = &row[ox * ku * 3..][..ku * 3];
                let a = &mut acc[ox * 3..ox * 3 + 3];
                for px in seg.chunks_exact(3) {
                    a[0] += u32::from(px[0]);
                    a[1] += u32::from(px[1]);
                    a[2] += u32::from(px[2]);
                }
            }
        }
        let kk = k * k;
        let orow = &mut out.as_mut()[oy * ow as usize * 3..][..ow as usize * 3];
        for (o, a) in orow.iter_mut().zip(acc.iter()) {
            *o = (*a / kk) as u8;
        }
    }
    out
}

/// Apply EXIF orientation 1–8 once, as the image crate reads the EXIF value
/// (`Orientation::from_exif`, `apply_orientation`): one mapping, not a copy of
/// it. Applied to the reduced working image, never the full-size one.
pub(crate) fn orient(img: RgbImage, orientation: u8) -> RgbImage {
    let Some(o) = image::metadata::Orientation::from_exif(orientation) else {
        return img;
    };
    let mut d = image::DynamicImage::ImageRgb8(img);
    d.apply_orientation(o);
    d.into_rgb8()
}
