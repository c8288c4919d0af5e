//! The fill-in sheet as one picture laid out like the paper form: a table of
//! the form's boxes, each with the words to copy, drawn on a canvas in the
//! browser. In-app browsers (WeChat) cannot print or download, but they can
//! keep a picture by long-pressing it, and a candidate copies from the picture
//! at the counter or at home. Only the words to copy go into it (the working
//! and the guide's sentences stay in the page, behind 「依据」); a sheet whose
//! condition is not met gets no picture at all, so a picture is never a sheet
//! that should not be copied.

use super::sheet::who_label;
use crate::i18n::{tr, Lang};
use precheck_core::engine::sheet::{BoxSheet, FormSheet};
use precheck_core::engine::Problem;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Document, HtmlCanvasElement};

/// Canvas pixels per CSS pixel: sharp on a phone screen and at 2× zoom.
const SCALE: f64 = 2.0;
/// The picture's width in CSS pixels: a phone screen's, so it reads unzoomed.
const WIDTH: f64 = 540.0;
const MARGIN: f64 = 16.0;
const LABEL_WIDTH: f64 = 150.0;
const PAD: f64 = 8.0;
const BODY: f64 = 16.0;
const SMALL: f64 = 14.0;
const LINE: f64 = 1.45;
const FONT: &str =
    "\"PingFang SC\", \"Hiragino Sans GB\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif";

/// A PNG `data:` URL of `form` laid out as a table, or `None` where the
/// browser has no 2D canvas.
pub fn draw(
    document: &Document,
    lang: Lang,
    form: &FormSheet,
    fixes: &[Problem],
    signed_on: &str,
) -> Option<String> {
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    // Measure on a throwaway context first: the height depends on the wrapping.
    canvas.set_width((WIDTH * SCALE) as u32);
    canvas.set_height(1);
    let measure = context(&canvas)?;
    let height = paint(&measure, lang, form, fixes, signed_on, false);
    canvas.set_height((height * SCALE).ceil() as u32);
    let ctx = context(&canvas)?;
    ctx.scale(SCALE, SCALE).ok()?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, WIDTH, height);
    paint(&ctx, lang, form, fixes, signed_on, true);
    canvas.to_data_url_with_type("image/png").ok()
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

fn font(ctx: &CanvasRenderingContext2d, size: f64, bold: bool) {
    ctx.set_font(&format!(
        "{}{size}px {FONT}",
        if bold { "bold " } else { "" }
    ));
}

/// Lays the sheet out from the top and returns the height used; draws only
/// when `ink` (the first pass measures).
fn paint(
    ctx: &CanvasRenderingContext2d,
    lang: Lang,
    form: &FormSheet,
    fixes: &[Problem],
    signed_on: &str,
    ink: bool,
) -> f64 {
    let inner = WIDTH - 2.0 * MARGIN;
    let mut y = MARGIN;
    font(ctx, 20.0, true);
    let title = match lang {
        Lang::Zh => format!("填写草稿：{}", form.name),
        Lang::En => format!("Fill-in sheet: {}", form.name),
    };
    y = text_block(ctx, &title, MARGIN, y, inner, 20.0, "#1b1b1f", ink);
    font(ctx, SMALL, false);
    let note = tr(lang, &form.note_zh, &form.note_en);
    y = text_block(ctx, note, MARGIN, y + 4.0, inner, SMALL, "#4a4f57", ink) + 8.0;

    if !fixes.is_empty() {
        let top = y;
        let mut lines = vec![tr(
            lang,
            "抄写前先改，否则表格可能无效：",
            "Fix these before copying, or the form may be invalid:",
        )
        .to_owned()];
        lines.extend(
            fixes
                .iter()
                .map(|p| format!("• {}", tr(lang, &p.message_zh, &p.message_en))),
        );
        font(ctx, BODY, false);
        let mut inner_y = y + PAD;
        for line in &lines {
            inner_y = text_block(
                ctx,
                line,
                MARGIN + PAD,
                inner_y,
                inner - 2.0 * PAD,
                BODY,
                "#8c1d18",
                ink,
            );
        }
        y = inner_y + PAD;
        if ink {
            ctx.set_stroke_style_str("#b3261e");
            ctx.set_line_width(2.0);
            ctx.stroke_rect(MARGIN, top, inner, y - top);
        }
        y += 10.0;
    }

    // The table: the form's label on the left, the words on the right.
    let write_x = MARGIN + LABEL_WIDTH;
    let write_width = inner - LABEL_WIDTH - 2.0 * PAD;
    if ink {
        ctx.set_stroke_style_str("#1b1b1f");
        ctx.set_line_width(1.0);
    }
    for b in &form.boxes {
        let top = y;
        font(ctx, BODY, true);
        let label_end = text_block(
            ctx,
            &b.label,
            MARGIN + PAD,
            top + PAD,
            LABEL_WIDTH - 2.0 * PAD,
            BODY,
            "#1b1b1f",
            ink,
        );
        let (words, colour) = box_words(lang, b);
        font(ctx, BODY, b.copy && !b.withheld);
        let mut end = text_block(
            ctx,
            &words,
            write_x + PAD,
            top + PAD,
            write_width,
            BODY,
            colour,
            ink,
        );
        if let Some(who) = box_who(lang, b) {
            font(ctx, SMALL, false);
            end = text_block(
                ctx,
                &who,
                write_x + PAD,
                end + 2.0,
                write_width,
                SMALL,
                "#4a4f57",
                ink,
            );
        }
        y = label_end.max(end) + PAD;
        if ink {
            ctx.stroke_rect(MARGIN, top, inner, y - top);
            ctx.begin_path();
            ctx.move_to(write_x, top);
            ctx.line_to(write_x, y);
            ctx.stroke();
        }
    }

    font(ctx, SMALL, false);
    let footer = match lang {
        Lang::Zh => format!("报名预检在本机生成，按 {signed_on} 签字计算，未上传。以指南和纸质表格为准；表格不得涂改。"),
        Lang::En => format!("Made by 报名预检 on this device for signing on {signed_on}; nothing uploaded. The guide and the paper form decide; the form must have no corrections."),
    };
    text_block(ctx, &footer, MARGIN, y + 10.0, inner, SMALL, "#4a4f57", ink) + MARGIN
}

/// What the right-hand cell says, and in which colour.
fn box_words(lang: Lang, b: &BoxSheet) -> (String, &'static str) {
    if b.blank {
        return (
            tr(lang, "（此栏不填）", "(leave blank)").to_owned(),
            "#4a4f57",
        );
    }
    let words = if lang == Lang::En && b.write_en != b.write {
        format!("{}\n{}", b.write, b.write_en)
    } else {
        b.write.clone()
    };
    if b.withheld {
        let lead = tr(
            lang,
            "【样式：符合条件前不填】",
            "[Template: not to fill yet] ",
        );
        return (format!("{lead}{words}"), "#6b7280");
    }
    (words, if b.copy { "#0b3d91" } else { "#1b1b1f" })
}

fn box_who(lang: Lang, b: &BoxSheet) -> Option<String> {
    Some(format!("（{}）", who_label(lang, b.who?)))
}

/// Draws `text` wrapped to `width` from (`x`, `y`) downwards; returns the `y`
/// below its last line. Breaks at spaces where a line has them (English),
/// else between any two characters (Chinese); `\n` starts a new line.
#[allow(clippy::too_many_arguments)]
fn text_block(
    ctx: &CanvasRenderingContext2d,
    text: &str,
    x: f64,
    y: f64,
    width: f64,
    size: f64,
    colour: &str,
    ink: bool,
) -> f64 {
    let step = size * LINE;
    let fits = |s: &str| {
        ctx.measure_text(s)
            .map(|m| m.width() <= width)
            .unwrap_or(true)
    };
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for piece in pieces(paragraph) {
            let mut candidate = line.clone();
            candidate.push_str(piece);
            if fits(&candidate) || line.is_empty() {
                line = candidate;
                // A single piece wider than the cell (a long word): cut it.
                while !fits(&line) && line.chars().count() > 1 {
                    let (head, tail) = split_to_fit(&line, &fits);
                    lines.push(head);
                    line = tail;
                }
            } else {
                lines.push(line.trim_end().to_owned());
                line = piece.trim_start().to_owned();
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    if ink {
        ctx.set_fill_style_str(colour);
        ctx.set_text_baseline("top");
    }
    let mut y = y;
    for line in &lines {
        if ink {
            let _ = ctx.fill_text(line, x, y + (step - size) / 2.0);
        }
        y += step;
    }
    y
}

/// The pieces a line may break between: each CJK character alone, a run of
/// other characters with the space that follows it. Closing punctuation
/// stays with what it closes: no line starts with 。 or ；.
fn pieces(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if CLOSING.contains(c) && start == i {
            if let Some(last) = out.pop() {
                // `last` ends where `c` starts: widen it over `c`.
                let from = i - last.len();
                out.push(&text[from..end]);
                start = end;
                continue;
            }
        }
        if is_wide(c) {
            if start < i {
                out.push(&text[start..i]);
            }
            out.push(&text[i..end]);
            start = end;
        } else if c == ' ' {
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

const CLOSING: &str = "。，、；：？！）」』】》〉”’.,;:!?)";

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// The longest head of `line` that fits, and the rest.
fn split_to_fit(line: &str, fits: &dyn Fn(&str) -> bool) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let mut n = chars.len() - 1;
    while n > 1 && !fits(&chars[..n].iter().collect::<String>()) {
        n -= 1;
    }
    (chars[..n].iter().collect(), chars[n..].iter().collect())
}
