//! A clean outline: pieces of the shown subject that stick out of its smooth
//! silhouette (a lone strand across the white, a wisp, a curl narrower than a
//! few px) are faded out, as a studio retoucher clears flyaways.

use crate::photo::pixels::{flood4, neighbours4};

/// Chamfer distance steps (3 across, 4 diagonal: units of a third of a pixel).
const STEP: u32 = 3;
const DIAG: u32 = 4;
/// Beyond the opened silhouette the subject fades out from this far (px) to
/// `FADE_END`: a removed strand's root and the soft edge beside it taper off.
const FADE_START: f32 = 1.0;
const FADE_END: f32 = 4.0;

/// Chamfer distance (in thirds of a pixel) from each pixel to the nearest
/// `seed` pixel, two passes in a fixed order; about `u32::MAX / 2` where none.
/// Each row takes the row before it (straight and diagonal steps) and then a
/// running minimum along itself: the usual two-pass mask, in slices.
fn distance(seed: &[bool], w: usize, h: usize) -> Vec<u32> {
    let far = u32::MAX / 2;
    let mut d: Vec<u32> = seed.iter().map(|&s| if s { 0 } else { far }).collect();
    let along = |row: &mut [u32]| {
        let mut run = far;
        for v in row.iter_mut() {
            run = (*v).min(run + STEP);
            *v = run;
        }
    };
    let across = |row: &mut [u32], near: &[u32]| {
        for (v, n) in row.iter_mut().zip(near) {
            *v = (*v).min(n + STEP);
        }
        for (v, n) in row[1..].iter_mut().zip(near) {
            *v = (*v).min(n + DIAG);
        }
        for (v, n) in row.iter_mut().zip(&near[1..]) {
            *v = (*v).min(n + DIAG);
        }
    };
    for y in 0..h {
        let (done, rest) = d.split_at_mut(y * w);
        let row = &mut rest[..w];
        if y > 0 {
            across(row, &done[(y - 1) * w..]);
        }
        along(row);
    }
    for y in (0..h).rev() {
        let (row, done) = d[y * w..].split_at_mut(w);
        if y + 1 < h {
            across(row, &done[..w]);
        }
        row.reverse();
        along(row);
        row.reverse();
    }
    d
}

/// Fade out what sticks out of the silhouette narrower than about `2r` px: the
/// silhouette (`shown` over one half) is opened with a disc of radius `r`
/// (chamfer distances: eroded, then grown back), which keeps every part of the
/// subject such a disc fits in; beyond the opened silhouette `shown` is scaled
/// down from 1 at `FADE_START` px to 0 at `FADE_END` px — but only in pieces
/// that touch the white outside (white connected to the picture's border), so
/// a hole inside the person is never touched. What stays is the same subject's
/// alpha, only lower: the edge stays a blend of the subject and white.
pub(super) fn clean_outline(shown: &mut [f32], w: usize, h: usize, r: usize) {
    if w == 0 || h == 0 || shown.len() != w * h || r == 0 {
        return;
    }
    let r3 = r as u32 * STEP;
    let back: Vec<bool> = shown.iter().map(|&s| s <= 0.5).collect();
    let to_back = distance(&back, w, h);
    let core: Vec<bool> = to_back.iter().map(|&d| d > r3).collect();
    let to_core = distance(&core, w, h);
    let to_kept: Vec<u32> = {
        let kept: Vec<bool> = to_core.iter().map(|&d| d <= r3).collect();
        distance(&kept, w, h)
    };
    let fade = |k: usize| {
        let px = to_kept[k].min(1 << 20) as f32 / STEP as f32;
        ((FADE_END - px) / (FADE_END - FADE_START)).clamp(0.0, 1.0)
    };
    let faded = (FADE_START * STEP as f32) as u32;
    // The white outside: shown 0, connected (4-way) to the border.
    let mut outside = vec![false; w * h];
    let mut stack: Vec<usize> = Vec::new();
    let border = (0..w).flat_map(|x| [x, (h - 1) * w + x]);
    for k in border.chain((0..h).flat_map(|y| [y * w, y * w + w - 1])) {
        if shown[k] <= 0.0 && !outside[k] {
            outside[k] = true;
            stack.push(k);
        }
    }
    flood4(
        &mut stack,
        w,
        h,
        |_, n| {
            let enter = !outside[n] && shown[n] <= 0.0;
            outside[n] |= enter;
            enter
        },
        |_| {},
    );
    // Pieces to fade: 4-connected runs of shown subject beyond the opening.
    let sticks: Vec<bool> = (0..w * h)
        .map(|k| shown[k] > 0.0 && to_kept[k] > faded)
        .collect();
    let mut seen = vec![false; w * h];
    let mut piece = Vec::new();
    for k in 0..w * h {
        if !sticks[k] || seen[k] {
            continue;
        }
        seen[k] = true;
        stack.push(k);
        piece.clear();
        flood4(
            &mut stack,
            w,
            h,
            |_, n| {
                let enter = !seen[n] && sticks[n];
                seen[n] |= enter;
                enter
            },
            |k| piece.push(k),
        );
        let touches = piece
            .iter()
            .any(|&p| neighbours4(p, w, h).any(|n| outside[n]));
        if touches {
            for &p in &piece {
                shown[p] *= fade(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strand_out_in_the_white_goes_one_across_a_hole_inside_stays() {
        // A solid block with a hole in it; a 1-px strand crosses the hole, and
        // another leaves the block's right side for the border.
        let (w, h) = (70usize, 60usize);
        let mut shown = vec![0f32; w * h];
        for y in 10..50 {
            for x in 10..50 {
                let hole = (20..40).contains(&x) && (20..40).contains(&y);
                shown[y * w + x] = if hole { 0.0 } else { 1.0 };
            }
        }
        for x in 20..70 {
            shown[30 * w + x] = 1.0;
        }
        let before = shown.clone();
        clean_outline(&mut shown, w, h, 3);
        // The strand in the white: faded from the side, gone beyond 4 px.
        assert!(shown[30 * w + 52] < 1.0 && shown[30 * w + 52] > 0.0);
        assert!(
            (54..70).all(|x| shown[30 * w + x] == 0.0),
            "{:?}",
            &shown[30 * w..31 * w]
        );
        // The block, its hole and the strand across the hole: as they were,
        // but for the block's square outer corners, which a disc cannot reach
        // and which only soften.
        assert!(shown[10 * w + 10] > 0.5 && shown[49 * w + 49] > 0.5);
        for y in 14..46 {
            for x in 0..50 {
                assert_eq!(shown[y * w + x], before[y * w + x], "({x}, {y})");
            }
        }
    }
}
