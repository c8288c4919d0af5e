//! The subject's colour behind the edge: multi-level foreground estimation
//! (Germer et al. 2020).

use super::*;

/// Smoothness of the foreground estimate (Germer, Uelwer, Conrad and Harmeling,
/// "Fast Multi-Level Foreground Estimation", 2020): neighbours pull a pixel's `F`
/// and `B` towards theirs with weight `FG_EPS + FG_OMEGA·|Δalpha|`, so colours
/// spread along the subject and along the backdrop but not across the edge.
pub(super) const FG_EPS: f32 = 5e-3;
pub(super) const FG_OMEGA: f32 = 0.1;
/// Sweeps per level: many on the small levels (cheap), two on the large ones.
pub(super) const FG_SMALL: usize = 32;
pub(super) const FG_SMALL_ITER: usize = 10;
pub(super) const FG_BIG_ITER: usize = 2;

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
