//! Magic bytes and cheap header parsing: no pixel is decoded here.
//!
//! Everything reads through bounds-checked helpers, so any byte string is safe.

use super::error::{PhotoError, MAX_PIXELS, MAX_SIDE};
use serde::{Deserialize, Serialize};

/// The real container format, from magic bytes only (the file name is never trusted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    /// HEIC/HEIF (and AVIF, the same ISO-BMFF family): not decodable here.
    Heif,
    Pdf,
    Other,
}

impl Format {
    /// Lower-case name as used in JSON (`"jpeg"`, `"png"`…).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Heif => "heif",
            Format::Pdf => "pdf",
            Format::Other => "other",
        }
    }

    /// Human label for messages (`"JPG"`, `"PNG"`, `"HEIC"`…).
    pub fn label(self) -> &'static str {
        match self {
            Format::Jpeg => "JPG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Gif => "GIF",
            Format::Heif => "HEIC",
            Format::Pdf => "PDF",
            Format::Other => "?",
        }
    }
}

/// What the header says, without decoding pixels. Cheap enough for the main thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    pub format: Format,
    /// File size in bytes.
    pub bytes: u64,
    /// Width as displayed, i.e. after the EXIF orientation is applied.
    pub width: u32,
    /// Height as displayed, i.e. after the EXIF orientation is applied.
    pub height: u32,
    /// EXIF orientation 1–8 (1 when absent). Browsers' `createImageBitmap` applies it
    /// already; the Rust decode path applies it exactly once in [`super::check`].
    pub orientation: u8,
    /// EXIF `Software` tag when present (used by the `edited` check).
    pub software: Option<String>,
}

/// The format from magic bytes. Never fails; unknown bytes give [`Format::Other`].
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Format::Jpeg
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Format::Png
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Format::Webp
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Format::Gif
    } else if bytes.starts_with(b"%PDF-") {
        Format::Pdf
    } else if is_heif(bytes) {
        Format::Heif
    } else {
        Format::Other
    }
}

fn is_heif(b: &[u8]) -> bool {
    if b.get(4..8) != Some(b"ftyp") {
        return false;
    }
    const BRANDS: [&[u8; 4]; 10] = [
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis",
    ];
    let size = be32(b, 0).unwrap_or(0) as usize;
    let end = size.clamp(12, 64).min(b.len());
    // major brand at 8..12, compatible brands from 16 on
    let mut i = 8;
    while i + 4 <= end {
        if let Some(brand) = b.get(i..i + 4) {
            if BRANDS.iter().any(|x| &x[..] == brand) {
                return true;
            }
        }
        i += if i == 8 { 8 } else { 4 };
    }
    false
}

pub(crate) fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}
pub(crate) fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}
fn le16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}
fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(3)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], 0]))
}
fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Header facts before orientation: stored width/height plus EXIF if cheaply found.
#[derive(Default)]
pub(crate) struct Header {
    pub width: u32,
    pub height: u32,
    pub exif: Exif,
}

#[derive(Default, Clone)]
pub(crate) struct Exif {
    pub orientation: u8,
    pub software: Option<String>,
}

/// Cheap header read: format, byte size, displayed dimensions, EXIF orientation and
/// Software. Errors: `empty`, `not_an_image`, `pdf`, `truncated` (header cut off or
/// dimensions missing), `too_many_pixels` (over 16,384 a side or 50 MP: refused before
/// any decoding). HEIC/HEIF probes fine (dimensions from its `ispe` box, 0 if not
/// found) so that a browser-decoded HEIC can go to [`super::check_pixels`];
/// [`super::check`] on HEIC bytes returns the `heic` error.
pub fn probe(bytes: &[u8]) -> Result<Probe, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::empty());
    }
    let format = sniff(bytes);
    let header = match format {
        Format::Jpeg => jpeg_header(bytes),
        Format::Png => png_header(bytes),
        Format::Webp => webp_header(bytes),
        Format::Gif => gif_header(bytes),
        Format::Heif => Some(heif_header(bytes)),
        Format::Pdf => return Err(PhotoError::pdf()),
        Format::Other => return Err(PhotoError::not_an_image()),
    };
    let header = header.ok_or_else(PhotoError::truncated)?;
    if format != Format::Heif && (header.width == 0 || header.height == 0) {
        return Err(PhotoError::truncated());
    }
    if header.width > MAX_SIDE
        || header.height > MAX_SIDE
        || u64::from(header.width) * u64::from(header.height) > MAX_PIXELS
    {
        return Err(PhotoError::too_many_pixels(header.width, header.height));
    }
    let orientation = match header.exif.orientation {
        o @ 1..=8 => o,
        _ => 1,
    };
    let (width, height) = if orientation >= 5 {
        (header.height, header.width)
    } else {
        (header.width, header.height)
    };
    Ok(Probe {
        format,
        bytes: bytes.len() as u64,
        width,
        height,
        orientation,
        software: header.exif.software,
    })
}

/// Whether the frame header's sampling factors are ones the JPEG decoder
/// handles: each 1–4, and no component sampled more finely than the first
/// (luma). Every camera and phone writes luma at least as fine as chroma; a
/// file with chroma finer than luma made the decoder panic (zune-jpeg 0.5.15,
/// found by fuzzing: BENCHMARKS.md "Fuzzing", tests/photo_probe.rs), so such
/// files are refused before decoding.
pub(crate) fn jpeg_sampling_supported(b: &[u8]) -> bool {
    let Some(sof) = jpeg_walk(b).map(|j| j.frame) else {
        return false;
    };
    let Some(&n) = sof.get(5) else {
        return false;
    };
    let factors: Option<Vec<(u8, u8)>> = (0..usize::from(n))
        .map(|k| sof.get(6 + 3 * k + 1).map(|f| (f >> 4, f & 0x0F)))
        .collect();
    let Some(factors) = factors.filter(|f| !f.is_empty()) else {
        return false;
    };
    let (h0, v0) = factors[0];
    factors
        .iter()
        .all(|&(h, v)| (1..=4).contains(&h) && (1..=4).contains(&v) && h <= h0 && v <= v0)
}

/// Offset of the first start-of-scan after a frame header (the main image's data).
pub(crate) fn jpeg_sos_offset(b: &[u8]) -> Option<usize> {
    jpeg_walk(b).map(|j| j.sos)
}

fn jpeg_header(b: &[u8]) -> Option<Header> {
    jpeg_walk(b).map(|j| j.header)
}

/// What one walk over a JPEG's markers finds up to its first scan.
struct JpegLayout<'a> {
    header: Header,
    /// The frame header segment (SOF, after its length bytes) the dimensions come from.
    frame: &'a [u8],
    /// Offset of the first start-of-scan marker.
    sos: usize,
}

fn jpeg_walk(b: &[u8]) -> Option<JpegLayout<'_>> {
    let mut h = Header::default();
    let mut i = 2usize;
    let mut frame: Option<&[u8]> = None;
    loop {
        // skip fill bytes
        while b.get(i) == Some(&0xFF) && b.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if *b.get(i)? != 0xFF {
            return None;
        }
        let marker = *b.get(i + 1)?;
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        if marker == 0xD9 {
            return None;
        }
        let len = usize::from(be16(b, i + 2)?);
        if len < 2 {
            return None;
        }
        let seg = b.get(i + 4..i + 2 + len)?;
        match marker {
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                h.height = u32::from(be16(seg, 1)?);
                h.width = u32::from(be16(seg, 3)?);
                frame = Some(seg);
            }
            0xE1 if seg.starts_with(b"Exif\0\0") && h.exif.orientation == 0 => {
                h.exif = parse_exif(seg.get(6..)?);
            }
            0xDA => {
                return frame.map(|frame| JpegLayout {
                    header: h,
                    frame,
                    sos: i,
                })
            }
            _ => {}
        }
        i += 2 + len;
    }
}

fn png_header(b: &[u8]) -> Option<Header> {
    if b.get(12..16)? != b"IHDR" {
        return None;
    }
    let mut h = Header {
        width: be32(b, 16)?,
        height: be32(b, 20)?,
        ..Header::default()
    };
    // walk chunk headers (no pixel data) until IDAT, looking for eXIf
    let mut i = 8usize;
    for _ in 0..64 {
        if i >= b.len() {
            break;
        }
        let (Some(len), Some(kind)) = (be32(b, i), b.get(i + 4..i + 8)) else {
            break;
        };
        let len = len as usize;
        if kind == b"IDAT" {
            break;
        }
        if kind == b"eXIf" {
            if let Some(data) = b.get(i + 8..(i + 8).saturating_add(len)) {
                h.exif = parse_exif(data);
            }
            break;
        }
        i = i.saturating_add(12).saturating_add(len);
    }
    Some(h)
}

fn webp_header(b: &[u8]) -> Option<Header> {
    let mut h = Header::default();
    let mut i = 12usize;
    let mut found = false;
    for _ in 0..64 {
        if i >= b.len() {
            break;
        }
        let (Some(kind), Some(len)) = (b.get(i..i + 4), le32(b, i + 4)) else {
            break;
        };
        let data = i + 8;
        match kind {
            b"VP8X" => {
                h.width = le24(b, data + 4)? + 1;
                h.height = le24(b, data + 7)? + 1;
                found = true;
            }
            b"VP8 " if !found => {
                // frame tag (3) + start code 9d 01 2a + 14-bit width, height
                if b.get(data + 3..data + 6)? != [0x9d, 0x01, 0x2a] {
                    return None;
                }
                h.width = u32::from(le16(b, data + 6)? & 0x3fff);
                h.height = u32::from(le16(b, data + 8)? & 0x3fff);
                found = true;
            }
            b"VP8L" if !found => {
                if *b.get(data)? != 0x2f {
                    return None;
                }
                let v = le32(b, data + 1)?;
                h.width = (v & 0x3fff) + 1;
                h.height = ((v >> 14) & 0x3fff) + 1;
                found = true;
            }
            b"EXIF" => {
                if let Some(d) = b.get(data..data.saturating_add(len as usize)) {
                    let d = d.strip_prefix(b"Exif\0\0").unwrap_or(d);
                    h.exif = parse_exif(d);
                }
            }
            _ => {}
        }
        i = data
            .saturating_add(len as usize)
            .saturating_add((len & 1) as usize);
    }
    found.then_some(h)
}

fn gif_header(b: &[u8]) -> Option<Header> {
    Some(Header {
        width: u32::from(le16(b, 6)?),
        height: u32::from(le16(b, 8)?),
        ..Header::default()
    })
}

/// Largest `ispe` (image spatial extent) box: the primary image, not a thumbnail.
fn heif_header(b: &[u8]) -> Header {
    let mut h = Header::default();
    let scan = &b[..b.len().min(1 << 20)];
    let mut best = 0u64;
    for (i, w) in scan.windows(4).enumerate() {
        if w == b"ispe" {
            if let (Some(wd), Some(ht)) = (be32(scan, i + 8), be32(scan, i + 12)) {
                let px = u64::from(wd) * u64::from(ht);
                if px > best {
                    best = px;
                    h.width = wd;
                    h.height = ht;
                }
            }
        }
    }
    h
}

/// IFD0 of a TIFF/EXIF block: Orientation (0x0112) and Software (0x0131).
pub(crate) fn parse_exif(t: &[u8]) -> Exif {
    let mut out = Exif::default();
    let little = match t.get(0..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return out,
    };
    let r16 = |at: usize| if little { le16(t, at) } else { be16(t, at) };
    let r32 = |at: usize| if little { le32(t, at) } else { be32(t, at) };
    let Some(ifd) = r32(4) else { return out };
    let ifd = ifd as usize;
    let Some(n) = r16(ifd) else { return out };
    for k in 0..usize::from(n.min(512)) {
        let e = ifd.saturating_add(2).saturating_add(12 * k);
        let (Some(tag), Some(kind), Some(count)) =
            (r16(e), r16(e.saturating_add(2)), r32(e.saturating_add(4)))
        else {
            break;
        };
        match tag {
            0x0112 if kind == 3 => {
                if let Some(v) = r16(e.saturating_add(8)) {
                    out.orientation = u8::try_from(v).unwrap_or(0);
                }
            }
            0x0131 if kind == 2 => {
                let count = (count as usize).min(256);
                let at = e.saturating_add(8);
                let start = if count <= 4 {
                    Some(at)
                } else {
                    r32(at).map(|o| o as usize)
                };
                if let Some(s) = start.and_then(|s| t.get(s..s.saturating_add(count))) {
                    let s = s.split(|&c| c == 0).next().unwrap_or(&[]);
                    let text = String::from_utf8_lossy(s).trim().to_string();
                    if !text.is_empty() {
                        out.software = Some(text);
                    }
                }
            }
            _ => {}
        }
    }
    out
}
