//! Old backdrop the mask took for hair above the eyes ([`backdrop_pockets`]).

use super::*;
use crate::photo::pixels::{flood4, neighbours4};

/// Colour bins per channel for the head's colour counts (16 levels each).
const POCKET_BINS: usize = 16;
/// A pocket's colour (give or take a bin) is more than this many times as
/// common, as a share of each, among the sure backdrop above the eyes as among
/// the person deep inside there (at 4, half of test1's sky blob stayed: its
/// pale blue is also in the hair's sky-lit sheen).
const POCKET_ODDS: u64 = 2;
/// The largest step (levels, any channel) from a pocket pixel to a
/// 4-neighbour: a blurred backdrop changes slowly, a hair's outline is a
/// sharper step.
const POCKET_STEP: u8 = 10;

/// Pixels above `eye_row` that `looked` at but the mask took for person, which
/// are the old backdrop: reached from the sure backdrop (`sure_back`) through
/// smooth pixels only, and of a colour common in the sure backdrop above the
/// eyes and rare in the person deep inside there (`deep`). Above the eyes the
/// person is hair, textured and of its own colours; a smooth patch of the
/// backdrop's colours there is backdrop (test1's blurred sky above the crown,
/// which the mask covered and which is no mix of the hair and the green
/// beyond it, so no coverage estimate could tell it). A hole inside the
/// person is not reached from outside; a hair's outline stops the flood.
pub(super) fn backdrop_pockets(
    img: &RgbImage,
    sure_back: &[bool],
    deep: &[bool],
    looked: &[bool],
    eye_row: usize,
) -> Vec<bool> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let rows = eye_row.min(h);
    let mut pocket = vec![false; w * h];
    if rows == 0 || [sure_back.len(), deep.len(), looked.len()] != [w * h; 3] {
        return pocket;
    }
    let raw = img.as_raw();
    let bin = |k: usize| {
        let q = |c: usize| usize::from(raw[k * 3 + c]) * POCKET_BINS / 256;
        (q(0) * POCKET_BINS + q(1)) * POCKET_BINS + q(2)
    };
    let mut back = vec![0u64; POCKET_BINS.pow(3)];
    let mut person = vec![0u64; POCKET_BINS.pow(3)];
    for k in 0..rows * w {
        if sure_back[k] {
            back[bin(k)] += 1;
        } else if deep[k] {
            person[bin(k)] += 1;
        }
    }
    let (nb, np): (u64, u64) = (back.iter().sum(), person.iter().sum());
    if nb == 0 || np == 0 {
        return pocket;
    }
    let back = spread(&back);
    let person = spread(&person);
    let step = |k: usize, j: usize| {
        (0..3)
            .map(|c| raw[k * 3 + c].abs_diff(raw[j * 3 + c]))
            .max()
    };
    let candidate = |k: usize| {
        if k >= rows * w || !looked[k] || sure_back[k] {
            return false;
        }
        let b = bin(k);
        back[b] * np > POCKET_ODDS * person[b] * nb
            && neighbours4(k, w, h).all(|j| step(k, j).unwrap_or(0) <= POCKET_STEP)
    };
    let mut stack: Vec<usize> = (0..((rows + 1) * w).min(w * h))
        .filter(|&k| sure_back[k])
        .collect();
    let mut seen = sure_back.to_vec();
    flood4(
        &mut stack,
        w,
        h,
        |_, j| {
            let enter = !seen[j] && candidate(j);
            seen[j] = true;
            pocket[j] |= enter;
            enter
        },
        |_| {},
    );
    pocket
}

/// Each bin's count with its neighbours' (±1 bin per channel): colours a few
/// levels apart across a bin's border count as alike.
fn spread(counts: &[u64]) -> Vec<u64> {
    let n = POCKET_BINS;
    let span = |v: usize| v.saturating_sub(1)..(v + 2).min(n);
    let mut out = vec![0u64; counts.len()];
    for r in 0..n {
        for g in 0..n {
            for b in 0..n {
                let mut sum = 0;
                for rr in span(r) {
                    for gg in span(g) {
                        for bb in span(b) {
                            sum += counts[(rr * n + gg) * n + bb];
                        }
                    }
                }
                out[(r * n + g) * n + b] = sum;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// Dark textured hair below row 40 on a green backdrop with a pale building
    /// at the right; a pale patch (the blurred sky) above the hair in columns
    /// 20–60, blending from the green over rows 12–26, which the mask covers
    /// from row 22; and a pale hole inside the hair at rows 60–66 (a shirt seen
    /// through it, inside the person).
    fn head() -> (RgbImage, Vec<bool>, Vec<bool>, Vec<bool>) {
        let (w, h) = (80u32, 100u32);
        let (green, pale) = ([160.0f32, 175.0, 105.0], [205.0f32, 212.0, 220.0]);
        let img = RgbImage::from_fn(w, h, |x, y| {
            let hole = (60..66).contains(&y) && (30..40).contains(&x);
            let c = if y >= 40 && !hole {
                // Strands: alternate columns 40 levels apart.
                let v = if (x + y / 3) % 2 == 0 { 60.0 } else { 100.0 };
                [v, v - 5.0, v - 10.0]
            } else if hole || (x >= 66 && y < 38) {
                pale
            } else if y >= 12 && (20..60).contains(&x) {
                let t = ((y - 12) as f32 / 14.0).min(1.0);
                std::array::from_fn(|c| green[c] * (1.0 - t) + pale[c] * t)
            } else {
                green
            };
            Rgb(c.map(|v| v.round() as u8))
        });
        let n = (w * h) as usize;
        let mut sure_back = vec![false; n];
        let mut deep = vec![false; n];
        let mut looked = vec![false; n];
        for k in 0..n {
            let (x, y) = (k % w as usize, k / w as usize);
            let top = if (18..62).contains(&x) { 22 } else { 38 };
            sure_back[k] = y + 2 < top;
            looked[k] = !sure_back[k] && y < 52;
            deep[k] = y >= 52;
        }
        (img, sure_back, deep, looked)
    }

    #[test]
    fn a_smooth_patch_of_the_backdrops_colour_above_the_hair_is_backdrop() {
        let (img, sure_back, deep, looked) = head();
        let w = img.width() as usize;
        let pocket = backdrop_pockets(&img, &sure_back, &deep, &looked, 90);
        // The patch is found, in its middle and down to the hair.
        for (x, y) in [(40, 22), (40, 30), (25, 35), (55, 38), (40, 38)] {
            assert!(pocket[y * w + x], "patch at ({x}, {y}) kept");
        }
        // The hair is not, nor the pale hole inside it.
        for y in 40..100 {
            for x in 0..w {
                assert!(!pocket[y * w + x], "hair or hole at ({x}, {y}) taken");
            }
        }
        // Below the eye line nothing is.
        let below = backdrop_pockets(&img, &sure_back, &deep, &looked, 20);
        assert!(below.iter().all(|&p| !p));
    }

    #[test]
    fn a_patch_of_the_hairs_own_colour_stays() {
        // The same head, the patch above it dark like the hair: it is hair.
        let (mut img, sure_back, deep, looked) = head();
        for y in 20..40 {
            for x in 20..60 {
                img.put_pixel(x, y, Rgb([80, 75, 70]));
            }
        }
        let pocket = backdrop_pockets(&img, &sure_back, &deep, &looked, 90);
        let w = img.width() as usize;
        for y in 20..100 {
            for x in 20..60 {
                assert!(!pocket[y * w + x], "({x}, {y}) taken");
            }
        }
    }
}
