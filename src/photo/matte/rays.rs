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
    let mut out = vec![f32::NAN; w * h];
    let mut fs: Vec<[f32; 3]> = Vec::with_capacity(RAYS.len());
    let mut bs: Vec<[f32; 3]> = Vec::with_capacity(RAYS.len());
    for k in 0..w * h {
        if !todo[k] || back_near[k] <= 0.0 {
            continue;
        }
        let (x, y) = ((k % w) as i32, (k / w) as i32);
        fs.clear();
        bs.clear();
        let fore = if strict[k] { fore_deep } else { fore };
        for (dx, dy) in RAYS {
            let (mut got_f, mut got_b) = (false, false);
            let steps = reach / dx.abs().max(dy.abs());
            let mut t = 0;
            while t < steps {
                t += 1;
                let (nx, ny) = (x + dx * t, y + dy * t);
                if nx < 0 || ny < 0 || nx >= w as i32 || ny >= h as i32 {
                    break;
                }
                let j = ny as usize * w + nx as usize;
                if !got_f && fore[j] {
                    fs.push(col(j));
                    got_f = true;
                }
                if !got_b && back[j] {
                    bs.push(col(j));
                    got_b = true;
                }
                if got_f && got_b {
                    break;
                }
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

/// A pixel explained as a mix of a sampled person and backdrop colour within
/// this distance (RGB) takes that mix's coverage.
pub(super) const EXPLAINED: f32 = 24.0;

pub(super) fn dist2(a: [f32; 3], b: [f32; 3]) -> f32 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}
