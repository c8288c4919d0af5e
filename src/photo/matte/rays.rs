//! An edge pixel's coverage from the sure person and backdrop colours that rays
//! from it meet ([`ray_cover`]).

use super::*;

/// Reach of the sample rays, as a share of the long side (about 23 px at
/// 413×579).
pub(super) const RAY_SHARE: f32 = 0.04;
/// Ray directions, integer steps (16 of them, about every 22.5°).
pub(super) const RAYS: [(i32, i32); 16] = [
    (1, 0),
    (2, 1),
    (1, 1),
    (1, 2),
    (0, 1),
    (-1, 2),
    (-1, 1),
    (-2, 1),
    (-1, 0),
    (-2, -1),
    (-1, -1),
    (-1, -2),
    (0, -1),
    (1, -2),
    (1, -1),
    (2, -1),
];
/// A pixel within this distance (RGB) of both a sampled person and a sampled
/// backdrop colour cannot be told by its colour: the mask decides.
pub(super) const AMBIGUOUS: f32 = 16.0;
/// Deeper inside the mask a pixel is backdrop only within `BACK_LIKE` of a
/// sampled backdrop colour and `PERSON_UNLIKE` from every sampled person colour.
pub(super) const BACK_LIKE: f32 = 14.0;
/// An unexplained pixel keeps the mask's alpha in full from `BACK_LIKE +
/// BACK_RAMP` away from every sampled backdrop colour.
pub(super) const BACK_RAMP: f32 = 20.0;
pub(super) const PERSON_UNLIKE: f32 = 40.0;

/// Coverage of each pixel in `todo` from the person and backdrop colours around
/// it (sampling matting, after Gastal and Oliveira's shared sampling, 2010): rays
/// in 16 directions from the pixel stop at the first sure person pixel (`fore`)
/// and the first sure backdrop pixel (`back`) they meet; of the sampled pairs,
/// the one that best explains the pixel as `aF + (1−a)B` gives its coverage
/// `a`. The backdrop may be of several colours (a beige wall, a dark shelf) and
/// so may the person (hair, headband, skin): each pixel is compared with what is
/// really beside it, not with a mean of them. `NAN` where the colour cannot
/// decide: no sample of one side within reach, or a colour close to both sides.
pub(super) fn ray_cover(
    img: &RgbImage,
    alpha: &[f32],
    fore: &[bool],
    fore_deep: &[bool],
    back: &[bool],
    todo: &[bool],
    strict: &[bool],
) -> Vec<f32> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let reach = ((w.max(h) as f32 * RAY_SHARE).round() as i32).max(3);
    // Pixels with no sure backdrop within reach in any direction are left to
    // the mask without casting a ray.
    let back_w: Vec<f32> = back.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
    let back_near = box_mean(&back_w, w, h, reach as usize);
    let raw = img.as_raw();
    let col = |k: usize| {
        [
            f32::from(raw[k * 3]),
            f32::from(raw[k * 3 + 1]),
            f32::from(raw[k * 3 + 2]),
        ]
    };
    let cast: Vec<usize> = (0..w * h)
        .filter(|&k| todo[k] && back_near[k] > 0.0)
        .collect();
    // Where each pixel's rays first meet each kind, ray by ray (`first_hits`:
    // one pass per ray for every pixel; stepping each ray from each pixel was
    // 17.5 M steps on test2's 413×579, most of the fix's time in wasm).
    let kind: Vec<u8> = (0..w * h)
        .map(|j| {
            (u8::from(fore[j]) * FORE)
                | (u8::from(fore_deep[j]) * FORE_DEEP)
                | (u8::from(back[j]) * BACK)
        })
        .collect();
    let n = RAYS.len();
    // Per cast pixel and ray: the step to its person sample (sure person, or
    // sure person deep in for a strict pixel) and to its backdrop sample.
    let (mut fore_at, mut back_at) = (vec![0u16; cast.len() * n], vec![0u16; cast.len() * n]);
    let mut hits = [vec![0u16; w * h], vec![0u16; w * h], vec![0u16; w * h]];
    for (d, &ray) in RAYS.iter().enumerate() {
        let limit = reach / ray.0.abs().max(ray.1.abs());
        first_hits(&kind, [FORE, FORE_DEEP, BACK], w, h, ray, limit, &mut hits);
        let [band, deep, backdrop] = &hits;
        for (i, &k) in cast.iter().enumerate() {
            fore_at[i * n + d] = if strict[k] { deep[k] } else { band[k] };
            back_at[i * n + d] = backdrop[k];
        }
    }
    let mut out = vec![f32::NAN; w * h];
    let mut fs: Vec<[f32; 3]> = Vec::with_capacity(n);
    let mut bs: Vec<[f32; 3]> = Vec::with_capacity(n);
    for (i, &k) in cast.iter().enumerate() {
        fs.clear();
        bs.clear();
        for (d, &(dx, dy)) in RAYS.iter().enumerate() {
            let step = dy as isize * w as isize + dx as isize;
            let at = |t: u16| (k as isize + t as isize * step) as usize;
            let (tf, tb) = (fore_at[i * n + d], back_at[i * n + d]);
            if tf > 0 {
                fs.push(col(at(tf)));
            }
            if tb > 0 {
                bs.push(col(at(tb)));
            }
        }
        if fs.is_empty() || bs.is_empty() {
            continue;
        }
        let i = col(k);
        let df = fs
            .iter()
            .map(|f| dist2(i, *f))
            .fold(f32::INFINITY, f32::min);
        let db = bs
            .iter()
            .map(|b| dist2(i, *b))
            .fold(f32::INFINITY, f32::min);
        if df <= AMBIGUOUS * AMBIGUOUS && db <= AMBIGUOUS * AMBIGUOUS {
            continue;
        }
        if strict[k] {
            // Deeper in the mask only a colour plainly of the backdrop beside it
            // and of no person colour near gives way.
            if db <= BACK_LIKE * BACK_LIKE && df >= PERSON_UNLIKE * PERSON_UNLIKE {
                out[k] = 0.0;
            }
            continue;
        }
        let mut best = (f32::INFINITY, f32::NAN);
        for f in &fs {
            for b in &bs {
                let fb = [f[0] - b[0], f[1] - b[1], f[2] - b[2]];
                let fb2 = fb[0] * fb[0] + fb[1] * fb[1] + fb[2] * fb[2];
                if fb2 < DISTINCT * DISTINCT {
                    continue;
                }
                let a = (((i[0] - b[0]) * fb[0] + (i[1] - b[1]) * fb[1] + (i[2] - b[2]) * fb[2])
                    / fb2)
                    .clamp(0.0, 1.0);
                let r = dist2(i, [b[0] + a * fb[0], b[1] + a * fb[1], b[2] + a * fb[2]]);
                if r < best.0 {
                    best = (r, a);
                }
            }
        }
        out[k] = if best.0 <= EXPLAINED * EXPLAINED {
            best.1
        } else {
            // No pair explains it (a cream shirt beside dark hair on a beige wall
            // is no mix of them): the mask's alpha stands unless the colour is
            // that of the backdrop beside it.
            let db = db.sqrt();
            if db >= BACK_LIKE + BACK_RAMP {
                continue;
            }
            alpha[k] * ((db - BACK_LIKE) / BACK_RAMP).clamp(0.0, 1.0)
        };
    }
    out
}

/// What a ray asks of a pixel, as bits: sure person (for a pixel in the band),
/// sure person deep in (for a strict pixel), sure backdrop.
const FORE: u8 = 1;
const FORE_DEEP: u8 = 2;
const BACK: u8 = 4;

/// For every pixel and each of `wants`, the step (1..=`limit`) at which the
/// ray `(dx, dy)` from it first meets a pixel of that kind, 0 when it leaves
/// the picture or runs out of steps first: the ray from a pixel goes on as the
/// ray from its next pixel, so one pass in the ray's reverse order gives them
/// all. Into `hits` (one `w × h` array per want).
fn first_hits(
    kind: &[u8],
    wants: [u8; 3],
    w: usize,
    h: usize,
    (dx, dy): (i32, i32),
    limit: i32,
    hits: &mut [Vec<u16>; 3],
) {
    for hit in hits.iter_mut() {
        hit.iter_mut().for_each(|t| *t = 0);
    }
    if limit <= 0 {
        return;
    }
    let limit = limit.min(i32::from(u16::MAX)) as u16;
    for i in 0..h {
        // the next pixel's row first: from the bottom when the ray goes down
        let y = if dy > 0 { h - 1 - i } else { i };
        let ny = y as i32 + dy;
        if ny < 0 || ny >= h as i32 {
            continue;
        }
        for j in 0..w {
            // along a row, the next pixel first (only matters when dy is 0)
            let x = if dx > 0 { w - 1 - j } else { j };
            let nx = x as i32 + dx;
            if nx < 0 || nx >= w as i32 {
                continue;
            }
            let (p, q) = (y * w + x, ny as usize * w + nx as usize);
            let here = kind[q];
            for (hit, want) in hits.iter_mut().zip(wants) {
                hit[p] = if here & want != 0 {
                    1
                } else if hit[q] != 0 && hit[q] < limit {
                    hit[q] + 1
                } else {
                    0
                };
            }
        }
    }
}

/// A pixel explained as a mix of a sampled person and backdrop colour within
/// this distance (RGB) takes that mix's coverage.
pub(super) const EXPLAINED: f32 = 24.0;

pub(super) fn dist2(a: [f32; 3], b: [f32; 3]) -> f32 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::pixels::test_numbers;

    /// The first hit by stepping the ray from the pixel, as `ray_cover` did
    /// before `first_hits`.
    fn first_hit_by_stepping(
        kind: &[u8],
        want: u8,
        w: usize,
        h: usize,
        p: usize,
        ray: (i32, i32),
        limit: i32,
    ) -> u16 {
        let (x, y) = ((p % w) as i32, (p / w) as i32);
        for t in 1..=limit {
            let (nx, ny) = (x + ray.0 * t, y + ray.1 * t);
            if nx < 0 || ny < 0 || nx >= w as i32 || ny >= h as i32 {
                return 0;
            }
            if kind[ny as usize * w + nx as usize] & want != 0 {
                return t as u16;
            }
        }
        0
    }

    #[test]
    fn first_hits_equal_stepping_each_ray_for_any_picture() {
        let mut next = test_numbers(0x2545_F491_4F6C_DD1D);
        for case in 0..60 {
            let (w, h) = (1 + next(30) as usize, 1 + next(30) as usize);
            // sparse to dense kinds, so rays both find and miss
            let density = 1 + next(12);
            let kind: Vec<u8> = (0..w * h)
                .map(|_| (0..3).fold(0, |k, bit| k | (u8::from(next(density) == 0) << bit)))
                .collect();
            let wants = [FORE, FORE_DEEP, BACK];
            let mut hits = [vec![0u16; w * h], vec![0u16; w * h], vec![0u16; w * h]];
            for ray in RAYS {
                let limit = next(20) as i32;
                first_hits(&kind, wants, w, h, ray, limit, &mut hits);
                for p in 0..w * h {
                    for (hit, want) in hits.iter().zip(wants) {
                        let by_stepping = first_hit_by_stepping(&kind, want, w, h, p, ray, limit);
                        assert_eq!(
                            hit[p], by_stepping,
                            "case {case}: {w}×{h}, ray {ray:?}, limit {limit}, pixel {p}"
                        );
                    }
                }
            }
        }
    }
}
