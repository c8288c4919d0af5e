//! Cutting the person out onto white at the output size: the person mask (256×256
//! from the segmentation model, blocky and a little loose) is refined to the photo's
//! own edges with a colour guided filter ([`refine`]), each edge pixel's coverage is
//! re-estimated from the sure person and backdrop colours beside it ([`ray_cover`]),
//! and the subject's own colour behind the edge ([`foreground`]) is blended onto
//! white ([`onto_white`]).
//!
//! Why all three: a guided filter alone gives smooth, edge-following alpha but
//! follows a loose mask over backdrop the mask took for person (a shelf behind
//! hair) and cannot see a backdrop as dark or light as the hair; and an edge pixel
//! is a mix of hair and the old backdrop, so compositing it as it is leaves a ring
//! of the backdrop's colour (brown around test4's hair). Everything here is f32/f64
//! arithmetic in a fixed order (the foreground estimate's level sizes use
//! `log2`/`powf`, in wasm the module's own libm): the same bytes on every engine.

use image::RgbImage;

/// Guided-filter window radius and regulariser, for an output about 600 px wide: a
/// radius of ~1 % of the width follows hair strands without bringing back the
/// mask's 2–3 px blocks; eps (guide in 0–1 units) keeps flat regions' alpha as the
/// mask says and lets strong edges in the photo decide.
const GUIDE_RADIUS_SHARE: f32 = 0.012;
const GUIDE_EPS: f32 = 0.002;
/// Radius of the wider person colour an edge pixel takes its hue from when no
/// solid person is within `NEAR_RADIUS_SHARE` (a strand far out).
const BACKDROP_RADIUS_SHARE: f32 = 0.04;
/// Radius (share of the long side) of the solid person's colour an edge pixel
/// takes its hue from, and how much darker or lighter than it the edge may be.
const NEAR_RADIUS_SHARE: f32 = 0.015;
const SHADE_MIN: f32 = 0.5;
const SHADE_MAX: f32 = 1.5;
/// Solid pixels within this share of the long side of the uncertain band are
/// re-estimated too; to `OUTER_RIM_SHARE` only plain backdrop gives way.
const RIM_SHARE: f32 = 0.005;
const OUTER_RIM_SHARE: f32 = 0.02;
/// Alpha below this is backdrop (pure white); above `SOLID`, person as it is.
const CLEAR: f32 = 0.04;
const SOLID: f32 = 0.97;
/// Person and backdrop colours closer than this (RGB distance) cannot tell a
/// mixed pixel's coverage.
const DISTINCT: f32 = 40.0;
/// The sampled coverage is smoothed by a colour guided filter this wide (px)
/// and with this regulariser: speckle goes, the photo's edges stay.
const SMOOTH_RADIUS: usize = 2;
const SMOOTH_EPS: f32 = 1e-3;
/// Alpha is shown through a smoothstep from `STEEP_LOW` to `STEEP_HIGH`: faint
/// leftovers vanish, edges stay crisp (an ID photo wants a clean outline more
/// than a few flyaway hairs).
const STEEP_LOW: f32 = 0.2;
const STEEP_HIGH: f32 = 0.8;

/// Mean over a `(2r+1)²` window (clamped at the borders): window sums along
/// each row from the row's prefix sums, then down the columns as a running sum
/// of rows (both in f64, so the result is exact to f32 and the same on every
/// engine).
pub(crate) fn box_mean(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let mut rows = vec![0f64; w * h];
    let mut prefix = vec![0f64; w + 1];
    for y in 0..h {
        let line = &src[y * w..(y + 1) * w];
        for x in 0..w {
            prefix[x + 1] = prefix[x] + f64::from(line[x]);
        }
        let out = &mut rows[y * w..(y + 1) * w];
        for (x, o) in out.iter_mut().enumerate() {
            let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
            *o = prefix[xb] - prefix[xa];
        }
    }
    let inv_widths: Vec<f64> = (0..w)
        .map(|x| 1.0 / ((x + r + 1).min(w) - x.saturating_sub(r)) as f64)
        .collect();
    let mut acc = vec![0f64; w];
    let mut out = vec![0f32; w * h];
    // acc holds the sum of rows [lo, hi).
    let (mut lo, mut hi) = (0usize, 0usize);
    for y in 0..h {
        let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
        while hi < yb {
            for (a, v) in acc.iter_mut().zip(&rows[hi * w..(hi + 1) * w]) {
                *a += v;
            }
            hi += 1;
        }
        while lo < ya {
            for (a, v) in acc.iter_mut().zip(&rows[lo * w..(lo + 1) * w]) {
                *a -= v;
            }
            lo += 1;
        }
        let inv_n = 1.0 / (yb - ya) as f64;
        let line = &mut out[y * w..(y + 1) * w];
        for ((o, a), iw) in line.iter_mut().zip(&acc).zip(&inv_widths) {
            *o = (a * inv_n * iw) as f32;
        }
    }
    out
}

/// He, Sun and Tang's guided filter with a colour guide (their eq. 14): per
/// window, `q = aᵀI + b` with `a = (Σ + εU)⁻¹ cov(I, p)`, `Σ` the guide's 3×3
/// colour covariance. An edge between colours of equal brightness (a pink ear
/// on a grey wall, skin on beige) is seen, which a grey guide misses.
pub(crate) fn guided_filter_rgb(
    guide: &[[f32; 3]],
    p: &[f32],
    w: usize,
    h: usize,
    r: usize,
    eps: f32,
) -> Vec<f32> {
    let (ma, mb) = guided_coeffs(guide, p, w, h, r, eps);
    (0..w * h)
        .map(|k| ma[0][k] * guide[k][0] + ma[1][k] * guide[k][1] + ma[2][k] * guide[k][2] + mb[k])
        .collect()
}

/// The same filter computed at half the resolution (He and Sun's fast guided
/// filter, 2015): the window's linear coefficients are found on 2×2 means of
/// the guide and `p` with half the radius, taken back to full size bilinearly
/// and applied to the full-size guide, so the output keeps the photo's own
/// edges at a quarter of the cost.
pub(crate) fn fast_guided_filter_rgb(
    guide: &[[f32; 3]],
    p: &[f32],
    w: usize,
    h: usize,
    r: usize,
    eps: f32,
) -> Vec<f32> {
    if w < 4 || h < 4 || r < 2 {
        return guided_filter_rgb(guide, p, w, h, r, eps);
    }
    let (w2, h2) = (w.div_ceil(2), h.div_ceil(2));
    let mut g2 = vec![[0f32; 3]; w2 * h2];
    let mut p2 = vec![0f32; w2 * h2];
    for y in 0..h2 {
        for x in 0..w2 {
            let (mut g, mut q, mut n) = ([0f32; 3], 0f32, 0f32);
            for yy in 2 * y..(2 * y + 2).min(h) {
                for xx in 2 * x..(2 * x + 2).min(w) {
                    let k = yy * w + xx;
                    for c in 0..3 {
                        g[c] += guide[k][c];
                    }
                    q += p[k];
                    n += 1.0;
                }
            }
            g2[y * w2 + x] = g.map(|v| v / n);
            p2[y * w2 + x] = q / n;
        }
    }
    let (ma, mb) = guided_coeffs(&g2, &p2, w2, h2, r / 2, eps);
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        // Full-size pixel centre in half-size pixel units.
        let fy = ((y as f32 + 0.5) / 2.0 - 0.5).clamp(0.0, (h2 - 1) as f32);
        let y0 = fy as usize;
        let y1 = (y0 + 1).min(h2 - 1);
        let ty = fy - y0 as f32;
        for x in 0..w {
            let fx = ((x as f32 + 0.5) / 2.0 - 0.5).clamp(0.0, (w2 - 1) as f32);
            let x0 = fx as usize;
            let x1 = (x0 + 1).min(w2 - 1);
            let tx = fx - x0 as f32;
            let lerp = |v: &[f32]| {
                let top = v[y0 * w2 + x0] * (1.0 - tx) + v[y0 * w2 + x1] * tx;
                let bottom = v[y1 * w2 + x0] * (1.0 - tx) + v[y1 * w2 + x1] * tx;
                top * (1.0 - ty) + bottom * ty
            };
            let k = y * w + x;
            out[k] = lerp(&ma[0]) * guide[k][0]
                + lerp(&ma[1]) * guide[k][1]
                + lerp(&ma[2]) * guide[k][2]
                + lerp(&mb);
        }
    }
    out
}

/// The guided filter's window coefficients, averaged over the windows covering
/// each pixel: `q = āᵀI + b̄`.
fn guided_coeffs(
    guide: &[[f32; 3]],
    p: &[f32],
    w: usize,
    h: usize,
    r: usize,
    eps: f32,
) -> ([Vec<f32>; 3], Vec<f32>) {
    let n = w * h;
    let chan = |c: usize| -> Vec<f32> { guide.iter().map(|g| g[c]).collect() };
    let ch = [chan(0), chan(1), chan(2)];
    let mean_i: Vec<Vec<f32>> = ch.iter().map(|c| box_mean(c, w, h, r)).collect();
    let mean_p = box_mean(p, w, h, r);
    let mut cov_ip = Vec::with_capacity(3);
    for c in 0..3 {
        let ip: Vec<f32> = ch[c].iter().zip(p).map(|(a, b)| a * b).collect();
        let m = box_mean(&ip, w, h, r);
        cov_ip.push(
            (0..n)
                .map(|k| m[k] - mean_i[c][k] * mean_p[k])
                .collect::<Vec<f32>>(),
        );
    }
    // The six distinct entries of Σ: rr, rg, rb, gg, gb, bb.
    let pairs = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)];
    let mut var = Vec::with_capacity(6);
    for (c, d) in pairs {
        let prod: Vec<f32> = ch[c].iter().zip(&ch[d]).map(|(a, b)| a * b).collect();
        let m = box_mean(&prod, w, h, r);
        var.push(
            (0..n)
                .map(|k| m[k] - mean_i[c][k] * mean_i[d][k])
                .collect::<Vec<f32>>(),
        );
    }
    let mut a = [vec![0f32; n], vec![0f32; n], vec![0f32; n]];
    let mut b = vec![0f32; n];
    for k in 0..n {
        let (rr, rg, rb) = (var[0][k] + eps, var[1][k], var[2][k]);
        let (gg, gb, bb) = (var[3][k] + eps, var[4][k], var[5][k] + eps);
        // Inverse of the symmetric matrix by cofactors.
        let (c00, c01, c02) = (gg * bb - gb * gb, rb * gb - rg * bb, rg * gb - rb * gg);
        let (c11, c12, c22) = (rr * bb - rb * rb, rg * rb - rr * gb, rr * gg - rg * rg);
        let det = rr * c00 + rg * c01 + rb * c02;
        let v = [cov_ip[0][k], cov_ip[1][k], cov_ip[2][k]];
        let ak = if det.abs() > 1e-12 {
            [
                (c00 * v[0] + c01 * v[1] + c02 * v[2]) / det,
                (c01 * v[0] + c11 * v[1] + c12 * v[2]) / det,
                (c02 * v[0] + c12 * v[1] + c22 * v[2]) / det,
            ]
        } else {
            [0.0; 3]
        };
        for c in 0..3 {
            a[c][k] = ak[c];
        }
        b[k] = mean_p[k] - ak[0] * mean_i[0][k] - ak[1] * mean_i[1][k] - ak[2] * mean_i[2][k];
    }
    let ma = [
        box_mean(&a[0], w, h, r),
        box_mean(&a[1], w, h, r),
        box_mean(&a[2], w, h, r),
    ];
    (ma, box_mean(&b, w, h, r))
}

/// Refine `alpha` (person share per pixel of `img`, 0–1, sampled from the model's
/// mask) against the picture's own edges (colour guide).
pub(crate) fn refine(img: &RgbImage, alpha: &[f32]) -> Vec<f32> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let guide: Vec<[f32; 3]> = img
        .pixels()
        .map(|p| p.0.map(|v| f32::from(v) / 255.0))
        .collect();
    let r = ((w.max(h) as f32 * GUIDE_RADIUS_SHARE).round() as usize).max(2);
    fast_guided_filter_rgb(&guide, alpha, w, h, r, GUIDE_EPS)
        .into_iter()
        .map(|a| a.clamp(0.0, 1.0))
        .collect()
}

/// Put the person (alpha per pixel) onto pure white, with no colour of the old
/// backdrop left in the edge.
///
/// Alpha: in the uncertain band (alpha between `CLEAR` and `SOLID`, and the
/// solid pixels within `RIM_SHARE` of it) each pixel's coverage is re-estimated
/// from the sure person and sure backdrop colours around it ([`ray_cover`]:
/// the pair of sampled colours that best explains the pixel as their mix); a
/// leftover of the old backdrop that the loose mask let in (a shelf beside
/// test2's hair, the wall between test4's curls and neck) comes out near 0,
/// a mixed hair pixel at its coverage. Further in, to `OUTER_RIM_SHARE`, only a
/// colour plainly of the backdrop and of no person colour nearby gives way.
/// Where colour cannot tell (person and backdrop alike, or nothing sure within
/// reach) the mask's alpha stands. The estimate is then smoothed by a colour
/// guided filter of radius `SMOOTH_RADIUS` (per-pixel estimates are noisy; the
/// filter keeps their edges where the photo has them). What is shown is that
/// coverage steepened, so faint leftovers go and solid edges stay.
///
/// Colour: the subject's own colour in the band is estimated for the whole
/// picture at once ([`foreground`]: `I = αF + (1−α)B` with `F` and `B` smooth
/// where alpha is), and the shown pixel is `shown·F + (1−shown)·white`: a blend
/// of the subject and white, nothing else. (Dividing each pixel by its own alpha
/// instead, `(I − (1−α)B)/α`, overshoots wherever alpha or `B` is a little off:
/// it painted a blue rim round hair on a gold backdrop.) Where the coverage was
/// misjudged even the smooth estimate overshoots, so the edge takes its hue from
/// the solid person within `NEAR_RADIUS_SHARE` and only its brightness from the
/// estimate. Pixels the mask is sure of keep their own colour.
pub(crate) fn onto_white(img: &mut RgbImage, alpha: &[f32]) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if alpha.len() != w * h {
        return;
    }
    let long = w.max(h) as f32;
    let r = ((long * BACKDROP_RADIUS_SHARE).round() as usize).max(3);
    let fore_w: Vec<f32> = alpha
        .iter()
        .map(|a| if *a >= SOLID { 1.0 } else { 0.0 })
        .collect();
    let band: Vec<f32> = alpha
        .iter()
        .map(|a| if *a < SOLID { 1.0 } else { 0.0 })
        .collect();
    // Pixels the mask is sure of right beside the band are looked at too (a mask
    // a pixel or two too wide calls a mixed pixel solid), and further in, a
    // pocket of backdrop the mask took for person.
    let rim_r = ((long * RIM_SHARE).round() as usize).max(1);
    let outer_r = ((long * OUTER_RIM_SHARE).round() as usize).max(rim_r);
    let near_band = box_mean(&band, w, h, rim_r);
    let near_outer = box_mean(&band, w, h, outer_r);
    let looked: Vec<bool> = (0..w * h)
        .map(|k| alpha[k] < SOLID || near_outer[k] > 0.0)
        .collect();
    // Strict: solid, beyond the inner rim. Sure person for the band: solid beyond
    // the inner rim; for the strict pixels: beyond the outer rim.
    let strict: Vec<bool> = (0..w * h)
        .map(|k| alpha[k] >= SOLID && near_band[k] <= 0.0)
        .collect();
    let deep: Vec<bool> = (0..w * h).map(|k| !looked[k]).collect();
    let sure_back: Vec<bool> = alpha.iter().map(|a| *a < CLEAR).collect();
    let sampled = ray_cover(img, alpha, &strict, &deep, &sure_back, &looked, &strict);
    let est: Vec<f32> = (0..w * h)
        .map(|k| {
            let (a, r) = (alpha[k], sampled[k]);
            if !looked[k] || !r.is_finite() {
                a
            } else if a < SOLID {
                r
            } else {
                a.min(r)
            }
        })
        .collect();
    let guide: Vec<[f32; 3]> = img
        .pixels()
        .map(|p| p.0.map(|v| f32::from(v) / 255.0))
        .collect();
    let smooth = guided_filter_rgb(&guide, &est, w, h, SMOOTH_RADIUS, SMOOTH_EPS);
    // Coverage (for the colour estimate) and what is shown, per pixel.
    let mut cover = vec![1f32; w * h];
    let mut shown = vec![1f32; w * h];
    for k in 0..w * h {
        if !looked[k] {
            continue;
        }
        let a = smooth[k].clamp(0.0, 1.0);
        cover[k] = a;
        let s = smoothstep(STEEP_LOW, STEEP_HIGH, a);
        shown[k] = if s < CLEAR { 0.0 } else { s };
    }
    let fore = foreground(img, &cover);
    let near_r = ((w.max(h) as f32 * NEAR_RADIUS_SHARE).round() as usize).max(2);
    let near = local_colour(img, &fore_w, near_r, f32::NAN);
    // The wider person colour, only where some shown edge pixel has no solid
    // person that close (a strand far out).
    let far = (0..w * h)
        .any(|k| looked[k] && shown[k] > 0.0 && cover[k] < 0.99 && !near[0][k].is_finite());
    let person = if far {
        local_colour(img, &fore_w, r, f32::NAN)
    } else {
        [Vec::new(), Vec::new(), Vec::new()]
    };
    for (k, px) in img.pixels_mut().enumerate() {
        let s = shown[k];
        if !looked[k] || (alpha[k] >= SOLID && cover[k] >= 0.99) {
            continue;
        }
        if s <= 0.0 {
            px.0 = [255, 255, 255];
            continue;
        }
        let mut f = [
            fore[k * 3] * 255.0,
            fore[k * 3 + 1] * 255.0,
            fore[k * 3 + 2] * 255.0,
        ];
        // The subject's colour with its shading: the solid person's colour nearby,
        // as bright as the estimate says. Where alpha was misjudged the estimate
        // overshoots to the backdrop's complement (teal beside red, blue beside
        // gold); the person nearby has no such colour.
        let mut p = [near[0][k], near[1][k], near[2][k]];
        if !p.iter().all(|v| v.is_finite()) {
            // No solid person that close (a strand far out): the wider one.
            p = if far {
                [person[0][k], person[1][k], person[2][k]]
            } else {
                [f32::NAN; 3]
            };
        }
        let pp = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
        if pp.is_finite() && pp > 1.0 {
            let shade =
                ((f[0] * p[0] + f[1] * p[1] + f[2] * p[2]) / pp).clamp(SHADE_MIN, SHADE_MAX);
            f = p.map(|v| v * shade);
        }
        for c in 0..3 {
            px.0[c] = (s * f[c] + (1.0 - s) * 255.0).round().clamp(0.0, 255.0) as u8;
        }
    }
    light_rim(img, &shown, &looked);
}

/// A subject as light as the new white (a white shirt or collar) would have no
/// outline against it: its own pixels along the outline (the half-shown
/// contour) are shaded to at least
/// `RIM_LEVELS` below white on their lowest channel (the whole colour scaled,
/// so it stays a shade of the subject's own colour), half that one pixel
/// further in, as a light fabric's edge falls off in a studio photo.
const RIM_LEVELS: f32 = 22.0;

fn light_rim(img: &mut RgbImage, shown: &[f32], looked: &[bool]) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let white: Vec<f32> = (0..w * h)
        .map(|k| {
            if looked[k] && shown[k] <= 0.0 {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let near1 = box_mean(&white, w, h, 1);
    let near2 = box_mean(&white, w, h, 2);
    let target = 255.0 - RIM_LEVELS;
    for (k, px) in img.pixels_mut().enumerate() {
        if shown[k] < 0.5 || near2[k] <= 0.0 {
            continue;
        }
        let lo = f32::from(*px.0.iter().min().unwrap_or(&0));
        let want = if near1[k] > 0.0 {
            target
        } else {
            (target + 255.0) / 2.0
        };
        if lo <= want {
            continue;
        }
        let scale = want / lo;
        px.0 = px.0.map(|v| (f32::from(v) * scale).round() as u8);
    }
}

/// Reach of the sample rays, as a share of the long side (about 23 px at
/// 413×579).
const RAY_SHARE: f32 = 0.04;
/// Ray directions, integer steps (16 of them, about every 22.5°).
const RAYS: [(i32, i32); 16] = [
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
const AMBIGUOUS: f32 = 16.0;
/// Deeper inside the mask a pixel is backdrop only within `BACK_LIKE` of a
/// sampled backdrop colour and `PERSON_UNLIKE` from every sampled person colour.
const BACK_LIKE: f32 = 14.0;
/// An unexplained pixel keeps the mask's alpha in full from `BACK_LIKE +
/// BACK_RAMP` away from every sampled backdrop colour.
const BACK_RAMP: f32 = 20.0;
const PERSON_UNLIKE: f32 = 40.0;

/// Coverage of each pixel in `todo` from the person and backdrop colours around
/// it (sampling matting, after Gastal and Oliveira's shared sampling, 2010): rays
/// in 16 directions from the pixel stop at the first sure person pixel (`fore`)
/// and the first sure backdrop pixel (`back`) they meet; of the sampled pairs,
/// the one that best explains the pixel as `aF + (1−a)B` gives its coverage
/// `a`. The backdrop may be of several colours (a beige wall, a dark shelf) and
/// so may the person (hair, headband, skin): each pixel is compared with what is
/// really beside it, not with a mean of them. `NAN` where the colour cannot
/// decide: no sample of one side within reach, or a colour close to both sides.
fn ray_cover(
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
const EXPLAINED: f32 = 24.0;

fn dist2(a: [f32; 3], b: [f32; 3]) -> f32 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

/// Smoothness of the foreground estimate (Germer, Uelwer, Conrad and Harmeling,
/// "Fast Multi-Level Foreground Estimation", 2020): neighbours pull a pixel's `F`
/// and `B` towards theirs with weight `FG_EPS + FG_OMEGA·|Δalpha|`, so colours
/// spread along the subject and along the backdrop but not across the edge.
const FG_EPS: f32 = 5e-3;
const FG_OMEGA: f32 = 0.1;
/// Sweeps per level: many on the small levels (cheap), two on the large ones.
const FG_SMALL: usize = 32;
const FG_SMALL_ITER: usize = 10;
const FG_BIG_ITER: usize = 2;

/// The subject's colour `F` (0–1, 3 per pixel) behind every pixel of `img`, given
/// its coverage `alpha`: the least-squares solution of `I = αF + (1−α)B` with
/// `F` and `B` smooth, solved coarse to fine. From a 1×1 picture up to the full
/// size in steps of about ×2, each level starts from the previous level's `F` and
/// `B` and refines them by a few Gauss–Seidel sweeps; each pixel's update is a
/// 2×2 linear system (shared by the three channels) of its data term and its
/// four neighbours.
pub(crate) fn foreground(img: &RgbImage, alpha: &[f32]) -> Vec<f32> {
    let (w0, h0) = (img.width() as usize, img.height() as usize);
    let n0 = w0 * h0;
    if n0 == 0 || alpha.len() != n0 {
        return Vec::new();
    }
    let src: Vec<f32> = img.as_raw().iter().map(|&v| f32::from(v) / 255.0).collect();
    let levels = (w0.max(h0) as f32).log2().ceil().max(1.0) as i32;
    let mut fg = vec![0f32; 3];
    let mut bg = vec![0f32; 3];
    // The 1×1 start: the mean colour for both.
    for c in 0..3 {
        let m = src.iter().skip(c).step_by(3).sum::<f32>() / n0 as f32;
        fg[c] = m;
        bg[c] = m;
    }
    let (mut pw, mut ph) = (1usize, 1usize);
    for level in 0..=levels {
        let t = level as f32 / levels as f32;
        let w = ((w0 as f32).powf(t).round() as usize).clamp(1, w0);
        let h = ((h0 as f32).powf(t).round() as usize).clamp(1, h0);
        // This level's picture and alpha (nearest sample of the full size), and
        // F, B carried up from the previous level (nearest).
        let mut ii = vec![0f32; w * h * 3];
        let mut aa = vec![0f32; w * h];
        let mut f = vec![0f32; w * h * 3];
        let mut b = vec![0f32; w * h * 3];
        for y in 0..h {
            let sy = (y * h0 / h).min(h0 - 1);
            let py = (y * ph / h).min(ph - 1);
            for x in 0..w {
                let sx = (x * w0 / w).min(w0 - 1);
                let px = (x * pw / w).min(pw - 1);
                let k = y * w + x;
                aa[k] = alpha[sy * w0 + sx].clamp(0.0, 1.0);
                for c in 0..3 {
                    ii[k * 3 + c] = src[(sy * w0 + sx) * 3 + c];
                    f[k * 3 + c] = fg[(py * pw + px) * 3 + c];
                    b[k * 3 + c] = bg[(py * pw + px) * 3 + c];
                }
            }
        }
        let iters = if w <= FG_SMALL && h <= FG_SMALL {
            FG_SMALL_ITER
        } else {
            FG_BIG_ITER
        };
        for _ in 0..iters {
            for y in 0..h {
                for x in 0..w {
                    let k = y * w + x;
                    let a0 = aa[k];
                    let a1 = 1.0 - a0;
                    let mut wsum = 0f32;
                    let mut fsum = [0f32; 3];
                    let mut bsum = [0f32; 3];
                    let mut add = |j: usize| {
                        let wt = FG_EPS + FG_OMEGA * (a0 - aa[j]).abs();
                        wsum += wt;
                        for c in 0..3 {
                            fsum[c] += wt * f[j * 3 + c];
                            bsum[c] += wt * b[j * 3 + c];
                        }
                    };
                    if x > 0 {
                        add(k - 1);
                    }
                    if x + 1 < w {
                        add(k + 1);
                    }
                    if y > 0 {
                        add(k - w);
                    }
                    if y + 1 < h {
                        add(k + w);
                    }
                    let m00 = a0 * a0 + wsum;
                    let m01 = a0 * a1;
                    let m11 = a1 * a1 + wsum;
                    let det = m00 * m11 - m01 * m01;
                    if det.abs() < 1e-12 {
                        continue;
                    }
                    for c in 0..3 {
                        let i = ii[k * 3 + c];
                        let r0 = a0 * i + fsum[c];
                        let r1 = a1 * i + bsum[c];
                        f[k * 3 + c] = ((m11 * r0 - m01 * r1) / det).clamp(0.0, 1.0);
                        b[k * 3 + c] = ((m00 * r1 - m01 * r0) / det).clamp(0.0, 1.0);
                    }
                }
            }
        }
        fg = f;
        bg = b;
        pw = w;
        ph = h;
    }
    fg
}

/// Colour of the pixels weighted by `weight` within radius `r` of each pixel,
/// per channel; `empty` where no weight is within reach.
fn local_colour(img: &RgbImage, weight: &[f32], r: usize, empty: f32) -> [Vec<f32>; 3] {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let wsum = box_mean(weight, w, h, r);
    let mut out = [vec![0f32; w * h], vec![0f32; w * h], vec![0f32; w * h]];
    for (c, out) in out.iter_mut().enumerate() {
        let weighted: Vec<f32> = img
            .pixels()
            .zip(weight)
            .map(|(p, wt)| f32::from(p.0[c]) * wt)
            .collect();
        let m = box_mean(&weighted, w, h, r);
        for k in 0..w * h {
            out[k] = if wsum[k] > 1e-3 {
                m[k] / wsum[k]
            } else {
                empty
            };
        }
    }
    out
}

fn smoothstep(lo: f32, hi: f32, x: f32) -> f32 {
    let t = ((x - lo) / (hi - lo)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn box_mean_of_a_constant_is_that_constant_and_averages_a_step() {
        let src = vec![2.0f32; 6 * 4];
        assert!(box_mean(&src, 6, 4, 2)
            .iter()
            .all(|v| (v - 2.0).abs() < 1e-6));
        // 1D step 0,0,0,1,1,1 with r = 1: the middle pair averages to 1/3 and 2/3.
        let step = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        let m = box_mean(&step, 6, 1, 1);
        assert!((m[2] - 1.0 / 3.0).abs() < 1e-6 && (m[3] - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn guided_filter_snaps_a_blocky_mask_to_the_photos_edge() {
        // Dark person on the left 0..12 of 24 columns, light backdrop on the right;
        // the mask says the edge is at 16 in 4-px blocks.
        let (w, h) = (24usize, 8usize);
        let guide: Vec<f32> = (0..w * h)
            .map(|k| if k % w < 12 { 0.2 } else { 0.9 })
            .collect();
        let mask: Vec<f32> = (0..w * h)
            .map(|k| if k % w < 16 { 1.0 } else { 0.0 })
            .collect();
        let guide: Vec<[f32; 3]> = guide.iter().map(|&g| [g; 3]).collect();
        let q = guided_filter_rgb(&guide, &mask, w, h, 4, 1e-4);
        let row = &q[3 * w..4 * w];
        assert!(row[6] > 0.9, "inside the person stays person: {row:?}");
        // The steepest step is where the photo's edge is (11 → 12), not where the
        // mask's was (15 → 16); the input mask had no step at 11 at all.
        let steepest = (0..w - 1)
            .max_by(|&a, &b| (row[a] - row[a + 1]).total_cmp(&(row[b] - row[b + 1])))
            .unwrap();
        assert_eq!(steepest, 11, "{row:?}");
        assert!(row[11] - row[12] > 0.15, "{row:?}");
        assert!(row[22] < 0.1, "backdrop stays backdrop: {row:?}");
    }

    #[test]
    fn edge_pixels_lose_the_old_backdrop_colour() {
        // Brown backdrop (150,100,60); a grey person (90,90,90) on the left; the
        // column between is half and half.
        let (w, h) = (40u32, 10u32);
        let brown = [150u8, 100, 60];
        let grey = [90u8, 90, 90];
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let a = if x < 15 {
                    1.0
                } else if x == 15 {
                    0.5
                } else {
                    0.0
                };
                let mix = |c: usize| {
                    (a * f32::from(grey[c]) + (1.0 - a) * f32::from(brown[c])).round() as u8
                };
                img.put_pixel(x, y, Rgb([mix(0), mix(1), mix(2)]));
                alpha[(y * w + x) as usize] = a;
            }
        }
        onto_white(&mut img, &alpha);
        let edge = img.get_pixel(15, 5).0;
        // Expected: half grey, half white = (172.5, 172.5, 172.5); a plain blend
        // would keep the brown cast (120, 95, 75 → red over blue by 45).
        let cast = i32::from(edge[0]) - i32::from(edge[2]);
        assert!(cast.abs() <= 3, "edge keeps a colour cast: {edge:?}");
        assert!((i32::from(edge[1]) - 172).abs() <= 3, "{edge:?}");
        assert_eq!(img.get_pixel(30, 5).0, [255, 255, 255]);
        assert_eq!(img.get_pixel(5, 5).0, grey);
    }

    #[test]
    fn foreground_estimate_recovers_the_subject_colour_behind_a_ramp() {
        // A dark-red subject on the left fading over 10 px into a gold backdrop:
        // I = aF + (1-a)B. The estimate of F in the ramp is the subject's colour,
        // not the gold and not its complement.
        let (w, h) = (48u32, 12u32);
        let (fc, bc) = ([120.0f32, 30.0, 40.0], [212.0f32, 175.0, 55.0]);
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let a = (1.0 - (x as f32 - 18.0) / 10.0).clamp(0.0, 1.0);
                alpha[(y * w + x) as usize] = a;
                let c = |i: usize| (a * fc[i] + (1.0 - a) * bc[i]).round() as u8;
                img.put_pixel(x, y, Rgb([c(0), c(1), c(2)]));
            }
        }
        let f = foreground(&img, &alpha);
        for x in 18..27 {
            let k = (6 * w + x) as usize * 3;
            let got = [f[k] * 255.0, f[k + 1] * 255.0, f[k + 2] * 255.0];
            for c in 0..3 {
                assert!(
                    (got[c] - fc[c]).abs() < 12.0,
                    "x {x}: F {got:?}, subject {fc:?}"
                );
            }
        }
        // Bad input gives nothing rather than a panic.
        assert!(foreground(&img, &alpha[1..]).is_empty());
        assert!(foreground(&RgbImage::new(0, 0), &[]).is_empty());
    }

    /// The edge measure with the shading these generated subjects have (±10 %,
    /// and their edge's own ramp): 0.5–1.5.
    fn off_blend(c: [f32; 3], f: [f32; 3]) -> f32 {
        crate::photo::measure::off_blend(c, f, [0.5, 1.5])
    }

    #[test]
    fn every_output_pixel_is_a_blend_of_the_subject_and_white_whatever_the_backdrop() {
        // Property over generated pictures: a subject of one colour (with ±10 %
        // shading) behind a wavy soft edge, on a backdrop of another colour; the
        // mask the fix gets is the true alpha shifted by up to 2 px and blocky,
        // as the 256² model's is. Whatever the colours, no output pixel may be
        // anything but a shade of the subject blended with white.
        let mut seed = 0x1234_5678_u32;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed % 10_000) as f32 / 10_000.0
        };
        // The size of a fixed photo's edge region (the fix works at ~413×579).
        let (w, h) = (240u32, 160u32);
        for case in 0..24 {
            let f = [
                30.0 + 200.0 * rnd(),
                30.0 + 200.0 * rnd(),
                30.0 + 200.0 * rnd(),
            ];
            let mut b = [255.0 * rnd(), 255.0 * rnd(), 255.0 * rnd()];
            // Keep the backdrop distinct from the subject (else nothing can tell).
            if (0..3).map(|k| (f[k] - b[k]).abs()).fold(0.0, f32::max) < 60.0 {
                b = f.map(|v| if v > 128.0 { v - 110.0 } else { v + 110.0 });
            }
            let (phase, amp, shift) = (
                std::f32::consts::TAU * rnd(),
                2.0 + 4.0 * rnd(),
                -2.0 + 4.0 * rnd(),
            );
            let edge = |y: f32| 120.0 + amp * (y / 6.0 + phase).sin();
            let mut img = RgbImage::new(w, h);
            let mut mask = vec![0f32; (w * h) as usize];
            for y in 0..h {
                for x in 0..w {
                    let e = edge(y as f32);
                    let a = ((e - x as f32) / 3.0 + 0.5).clamp(0.0, 1.0);
                    let shade = 0.9 + 0.2 * ((x * 7 + y * 3) % 11) as f32 / 10.0;
                    let px: [u8; 3] = std::array::from_fn(|k| {
                        (a * f[k] * shade + (1.0 - a) * b[k])
                            .round()
                            .clamp(0.0, 255.0) as u8
                    });
                    img.put_pixel(x, y, Rgb(px));
                    // The model's mask: shifted, in 3-px blocks.
                    let (bx, by) = ((x / 3 * 3) as f32 + 1.0, (y / 3 * 3) as f32 + 1.0);
                    mask[(y * w + x) as usize] =
                        ((edge(by) + shift - bx) / 3.0 + 0.5).clamp(0.0, 1.0);
                }
            }
            let alpha = refine(&img, &mask);
            onto_white(&mut img, &alpha);
            for (x, y, p) in img.enumerate_pixels() {
                let c = p.0.map(f32::from);
                let d = off_blend(c, f);
                assert!(
                    d <= 14.0,
                    "case {case}: subject {f:?} on {b:?}: pixel ({x},{y}) {:?} is {d:.0} off the blends",
                    p.0
                );
            }
        }
    }

    #[test]
    fn a_light_shirt_beside_dark_hair_is_kept_not_turned_white() {
        // Dark hair over most of the person, a strip of cream shirt at its edge,
        // a beige wall beyond; the mask is right but its edge band is soft. The
        // local person colour is the hair's, and the shirt, lighter than the
        // wall, projects below zero on the hair–wall line: it is no mix of them,
        // so the mask's alpha holds and the shirt stays.
        let (w, h) = (200u32, 40u32);
        let (hair, shirt, wall) = ([40u8, 30, 25], [242u8, 236, 222], [170u8, 150, 135]);
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let (c, a) = match x {
                    0..=95 => (hair, 1.0),
                    96..=101 => (shirt, 0.9),
                    102 => (shirt, 0.6),
                    _ => (wall, 0.0),
                };
                img.put_pixel(x, y, Rgb(c));
                alpha[(y * w + x) as usize] = a;
            }
        }
        onto_white(&mut img, &alpha);
        for x in 96..=101 {
            let p = img.get_pixel(x, 20).0;
            assert!(p[2] <= 232, "shirt at x {x} turned white: {p:?}");
        }
        assert_eq!(img.get_pixel(150, 20).0, [255, 255, 255]);
    }

    #[test]
    fn a_white_shirt_on_a_white_wall_keeps_its_outline() {
        // A shirt at 246 on a wall at 236: no colour tells them apart, so the
        // mask's alpha stands (the shirt is kept, not turned white), and its own
        // pixels along the outline are shaded to at least 22 levels below white
        // so the shoulder still reads against the new white.
        let (w, h) = (120u32, 60u32);
        let mut img = RgbImage::new(w, h);
        let mut alpha = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let inside = x < 60;
                img.put_pixel(
                    x,
                    y,
                    Rgb(if inside {
                        [246, 246, 244]
                    } else {
                        [236, 236, 232]
                    }),
                );
                alpha[(y * w + x) as usize] = if inside { 1.0 } else { 0.0 };
            }
        }
        let alpha = refine(&img, &alpha);
        onto_white(&mut img, &alpha);
        let row: Vec<[u8; 3]> = (0..w).map(|x| img.get_pixel(x, 30).0).collect();
        assert!(
            row[30].iter().all(|&c| c >= 240),
            "shirt kept as it is: {:?}",
            row[30]
        );
        assert_eq!(row[100], [255, 255, 255], "wall white");
        let outline = (0..w as usize)
            .rev()
            .find(|&x| row[x] != [255, 255, 255])
            .expect("shirt kept");
        assert!(
            (55..=64).contains(&outline),
            "outline at {outline}: {row:?}"
        );
        let darkest = row[outline.saturating_sub(2)..=outline]
            .iter()
            .map(|p| *p.iter().min().unwrap())
            .min()
            .unwrap();
        assert!(
            darkest <= 233,
            "outline {darkest} is not seen against white: {row:?}"
        );
    }
}
