//! The kernels. Tensors are NHWC with N = 1, row-major `f32` slices; shapes are
//! checked by the caller (`graph.rs`), so a kernel only sees consistent sizes.
//! Hot loops walk slices with iterators and `chunks_exact`, not indices, so
//! they carry no per-element bounds checks.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

/// A fused activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    None,
    Relu,
    Relu6,
    HardSwish,
    Sigmoid,
}

impl Act {
    // Comparisons, not f32::max/clamp: in wasm those become calls to fmaxf
    // (Rust's NaN rules differ from the f32.max instruction's). NaN → 0 here.
    #[inline(always)]
    pub fn apply(self, x: f32) -> f32 {
        match self {
            Act::None => x,
            Act::Relu => relu(x),
            Act::Relu6 => relu6(x),
            Act::HardSwish => x * relu6(x + 3.0) * (1.0 / 6.0),
            Act::Sigmoid => sigmoid(x),
        }
    }

    pub fn apply_slice(self, xs: &mut [f32]) {
        match self {
            Act::None => {}
            Act::Relu => xs.iter_mut().for_each(|x| *x = relu(*x)),
            Act::Relu6 => xs.iter_mut().for_each(|x| *x = relu6(*x)),
            Act::HardSwish => xs
                .iter_mut()
                .for_each(|x| *x = *x * relu6(*x + 3.0) * (1.0 / 6.0)),
            Act::Sigmoid => xs.iter_mut().for_each(|x| *x = sigmoid(*x)),
        }
    }
}

#[inline(always)]
fn relu(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

#[inline(always)]
fn relu6(x: f32) -> f32 {
    if x > 6.0 {
        6.0
    } else {
        relu(x)
    }
}

#[inline(always)]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Weights of a matrix multiply `out[m][n] = act(bias[n] + Σ_k a[m][k] · w[n][k])`,
/// packed at load time: whole groups of 4 output columns interleaved
/// (`blocks[g][k][0..4]`), so the 2×4 micro-kernel reads 4 weights in a row,
/// then the remaining columns as plain rows.
#[derive(Clone, Debug)]
pub struct Packed {
    pub n: usize,
    pub k: usize,
    blocks: Vec<f32>,
    rest: Vec<f32>,
    bias: Vec<f32>,
}

impl Packed {
    /// Floats held (weights and bias).
    pub fn floats(&self) -> usize {
        self.blocks.len() + self.rest.len() + self.bias.len()
    }

    /// `w` holds `n` rows of `k` weights; `bias` has `n` values.
    pub fn new(w: &[f32], bias: &[f32], n: usize, k: usize) -> Packed {
        debug_assert!(w.len() == n * k && bias.len() == n);
        let groups = n / 4;
        let mut blocks = Vec::with_capacity(groups * 4 * k);
        for g in 0..groups {
            for kk in 0..k {
                for c in 0..4 {
                    blocks.push(w[(g * 4 + c) * k + kk]);
                }
            }
        }
        let rest = w[groups * 4 * k..].to_vec();
        Packed {
            n,
            k,
            blocks,
            rest,
            bias: bias.to_vec(),
        }
    }
}

/// `out (m × n) = act(a (m × k) · wᵀ + bias)`. Rows of `a` are `k` long.
/// Two rows × four columns at a time: 8 accumulators + 4 weights + 2 inputs
/// stay in registers (in wasm without SIMD, 4×4 spilled and was 15 % slower).
pub fn gemm(a: &[f32], m: usize, w: &Packed, act: Act, out: &mut [f32]) {
    let (k, n) = (w.k, w.n);
    let a = &a[..m * k];
    let out = &mut out[..m * n];
    if k == 0 {
        for row in out.chunks_exact_mut(n.max(1)) {
            for (o, b) in row.iter_mut().zip(&w.bias) {
                *o = act.apply(*b);
            }
        }
        return;
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::gemm_blocks(a, m, w, act, out);
        let col0 = w.blocks.len() / k;
        for (row, orow) in a.chunks_exact(k).zip(out.chunks_exact_mut(n)) {
            for (j, wr) in w.rest.chunks_exact(k).enumerate() {
                orow[col0 + j] = act.apply(dot(row, wr) + w.bias[col0 + j]);
            }
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    gemm_scalar(a, m, w, act, out);
}

/// The scalar body of [`gemm`] (`k > 0`).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn gemm_scalar(a: &[f32], m: usize, w: &Packed, act: Act, out: &mut [f32]) {
    let (k, n) = (w.k, w.n);
    const R: usize = 2;
    let full = m / R;
    let (a2, a1) = a.split_at(full * R * k);
    let (o2, o1) = out.split_at_mut(full * R * n);
    let col0 = w.blocks.len() / k;
    for (a2, o2) in a2.chunks_exact(R * k).zip(o2.chunks_exact_mut(R * n)) {
        let (r0, r1) = a2.split_at(k);
        for (g, wb) in w.blocks.chunks_exact(4 * k).enumerate() {
            let acc = micro_2x4(r0, r1, wb);
            let col = g * 4;
            let bias = &w.bias[col..col + 4];
            for (r, acc_row) in acc.iter().enumerate() {
                let dst = &mut o2[r * n + col..r * n + col + 4];
                for ((d, s), b) in dst.iter_mut().zip(acc_row).zip(bias) {
                    *d = act.apply(s + b);
                }
            }
        }
        for (j, wr) in w.rest.chunks_exact(k).enumerate() {
            let col = col0 + j;
            for (r, row) in [r0, r1].into_iter().enumerate() {
                o2[r * n + col] = act.apply(dot(row, wr) + w.bias[col]);
            }
        }
    }
    for (row, orow) in a1.chunks_exact(k).zip(o1.chunks_exact_mut(n)) {
        for (g, wb) in w.blocks.chunks_exact(4 * k).enumerate() {
            let acc = micro_1x4(row, wb);
            let col = g * 4;
            for ((d, s), b) in orow[col..col + 4]
                .iter_mut()
                .zip(&acc)
                .zip(&w.bias[col..col + 4])
            {
                *d = act.apply(s + b);
            }
        }
        for (j, wr) in w.rest.chunks_exact(k).enumerate() {
            orow[col0 + j] = act.apply(dot(row, wr) + w.bias[col0 + j]);
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn micro_2x4(r0: &[f32], r1: &[f32], wb: &[f32]) -> [[f32; 4]; 2] {
    let mut c = [[0f32; 4]; 2];
    for ((wv, &x0), &x1) in wb.chunks_exact(4).zip(r0).zip(r1) {
        let (w0, w1, w2, w3) = (wv[0], wv[1], wv[2], wv[3]);
        c[0][0] += x0 * w0;
        c[0][1] += x0 * w1;
        c[0][2] += x0 * w2;
        c[0][3] += x0 * w3;
        c[1][0] += x1 * w0;
        c[1][1] += x1 * w1;
        c[1][2] += x1 * w2;
        c[1][3] += x1 * w3;
    }
    c
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn micro_1x4(r: &[f32], wb: &[f32]) -> [f32; 4] {
    let mut c = [0f32; 4];
    for (wv, &x) in wb.chunks_exact(4).zip(r) {
        c[0] += x * wv[0];
        c[1] += x * wv[1];
        c[2] += x * wv[2];
        c[3] += x * wv[3];
    }
    c
}

#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).fold(0.0, |s, (x, y)| s + x * y)
}

/// Window geometry of a conv or pool: output size and leading padding, as
/// TFLite computes them (SAME: pad total split with the smaller half first).
/// `None` if the window does not fit or a size overflows (checked: `usize`
/// is 32 bits in wasm32).
pub fn window(n: usize, k: usize, s: usize, same: bool) -> Option<(usize, usize)> {
    if s == 0 || k == 0 {
        return None;
    }
    if same {
        let out = n.div_ceil(s);
        let span = out.checked_sub(1)?.checked_mul(s)?.checked_add(k)?;
        Some((out, span.saturating_sub(n) / 2))
    } else {
        Some(((n.checked_sub(k)?) / s + 1, 0))
    }
}

/// Geometry of a 2-D window op.
#[derive(Clone, Copy, Debug)]
pub struct Geom {
    pub h: usize,
    pub w: usize,
    pub c: usize,
    pub kh: usize,
    pub kw: usize,
    pub sh: usize,
    pub sw: usize,
    pub oh: usize,
    pub ow: usize,
    pub pt: usize,
    pub pl: usize,
}

impl Geom {
    /// Input row `oy·sh + i − pt` if inside the image.
    #[inline(always)]
    fn src(o: usize, s: usize, i: usize, p: usize, n: usize) -> Option<usize> {
        (o * s + i).checked_sub(p).filter(|v| *v < n)
    }
}

/// A general convolution by im2col, one output row at a time: the patch row
/// (`ow × kh·kw·c`, zeros where the window leaves the image) goes through
/// [`gemm`]. `scratch` must hold `ow · kh · kw · c` floats.
pub fn conv(inp: &[f32], g: &Geom, w: &Packed, act: Act, scratch: &mut [f32], out: &mut [f32]) {
    let kk = g.kh * g.kw * g.c;
    let patches = &mut scratch[..g.ow * kk];
    for (oy, orow) in out.chunks_exact_mut(g.ow * w.n).take(g.oh).enumerate() {
        for (ox, patch) in patches.chunks_exact_mut(kk).enumerate() {
            for (i, prow) in patch.chunks_exact_mut(g.kw * g.c).enumerate() {
                let Some(iy) = Geom::src(oy, g.sh, i, g.pt, g.h) else {
                    prow.fill(0.0);
                    continue;
                };
                for (j, px) in prow.chunks_exact_mut(g.c).enumerate() {
                    match Geom::src(ox, g.sw, j, g.pl, g.w) {
                        Some(ix) => copy_pixel(px, &inp[(iy * g.w + ix) * g.c..][..g.c]),
                        None => px.fill(0.0),
                    }
                }
            }
        }
        gemm(patches, g.ow, w, act, orow);
    }
}

/// `dst.copy_from_slice(src)`, inline for an RGB pixel (both models' first
/// conv): in wasm a copy of unknown length is `memory.copy`, which V8 runs as a
/// call, once per tap of every output pixel.
#[inline(always)]
fn copy_pixel(dst: &mut [f32], src: &[f32]) {
    if dst.len() == 3 {
        if let (Some(d), Some(s)) = (dst.first_chunk_mut::<3>(), src.first_chunk::<3>()) {
            *d = *s;
            return;
        }
    }
    dst.copy_from_slice(src);
}

/// Depthwise convolution, multiplier 1: `kernel` is `kh × kw × c`. Per output
/// pixel, the taps inside the image are listed once; then 4 channels at a time
/// sum all taps in registers (2 loads per multiply-add, no stores).
pub fn depthwise(inp: &[f32], g: &Geom, kernel: &[f32], bias: &[f32], act: Act, out: &mut [f32]) {
    let c = g.c;
    let c4 = c - c % 4;
    let mut taps: Vec<(usize, usize)> = Vec::with_capacity(g.kh * g.kw);
    // `taps` holds the whole window's offsets relative to its top-left pixel
    // (the same for every pixel whose window lies inside the image: listed
    // once per run of such pixels), or else the taps inside the image at
    // their absolute offsets. Same taps in the same order either way.
    let mut whole = false;
    for (oy, orow) in out.chunks_exact_mut(g.ow * c).take(g.oh).enumerate() {
        let y0 = (oy * g.sh).checked_sub(g.pt).filter(|y| y + g.kh <= g.h);
        for (ox, o) in orow.chunks_exact_mut(c).enumerate() {
            let x0 = (ox * g.sw).checked_sub(g.pl).filter(|x| x + g.kw <= g.w);
            let inp = match (y0, x0) {
                (Some(y0), Some(x0)) => {
                    if !whole {
                        taps.clear();
                        for i in 0..g.kh {
                            for j in 0..g.kw {
                                taps.push(((i * g.w + j) * c, (i * g.kw + j) * c));
                            }
                        }
                        whole = true;
                    }
                    &inp[(y0 * g.w + x0) * c..]
                }
                _ => {
                    whole = false;
                    taps.clear();
                    for i in 0..g.kh {
                        let Some(iy) = Geom::src(oy, g.sh, i, g.pt, g.h) else {
                            continue;
                        };
                        for j in 0..g.kw {
                            let Some(ix) = Geom::src(ox, g.sw, j, g.pl, g.w) else {
                                continue;
                            };
                            taps.push(((iy * g.w + ix) * c, (i * g.kw + j) * c));
                        }
                    }
                    inp
                }
            };
            let (o4, o1) = o.split_at_mut(c4);
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            simd::depthwise_pixel(inp, kernel, bias, &taps, act, o4);
            #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
            for ((ch, oc), b) in o4.chunks_exact_mut(4).enumerate().zip(bias.chunks_exact(4)) {
                let base = ch * 4;
                let mut a = [b[0], b[1], b[2], b[3]];
                for &(xo, ko) in &taps {
                    let x = &inp[xo + base..xo + base + 4];
                    let k = &kernel[ko + base..ko + base + 4];
                    a[0] += x[0] * k[0];
                    a[1] += x[1] * k[1];
                    a[2] += x[2] * k[2];
                    a[3] += x[3] * k[3];
                }
                for (d, v) in oc.iter_mut().zip(a) {
                    *d = act.apply(v);
                }
            }
            for (ch, d) in (c4..c).zip(o1.iter_mut()) {
                let mut a = bias[ch];
                for &(xo, ko) in &taps {
                    a += inp[xo + ch] * kernel[ko + ch];
                }
                *d = act.apply(a);
            }
        }
    }
}

/// Transpose convolution with kernel == stride (no overlap): a matrix multiply
/// into `scratch` (`h·w × kh·kw·n`, columns ordered (i, j, o)), then a scatter.
/// `dims`: input height and width, kernel (= stride) height and width.
pub fn transpose_conv(
    inp: &[f32],
    dims: [usize; 4],
    wp: &Packed,
    act: Act,
    scratch: &mut [f32],
    out: &mut [f32],
) {
    let [h, w, kh, kw] = dims;
    let cols = wp.n;
    let n = cols / (kh * kw);
    let tmp = &mut scratch[..h * w * cols];
    gemm(inp, h * w, wp, act, tmp);
    let ow = w * kw;
    for (p, t) in tmp.chunks_exact(cols).enumerate() {
        let (y, x) = (p / w, p % w);
        for (ij, src) in t.chunks_exact(n).enumerate() {
            let (i, j) = (ij / kw, ij % kw);
            let dst = ((y * kh + i) * ow + x * kw + j) * n;
            out[dst..dst + n].copy_from_slice(src);
        }
    }
}

/// Max pool (padding ignored: only pixels inside the image count).
pub fn max_pool(inp: &[f32], g: &Geom, act: Act, out: &mut [f32]) {
    let c = g.c;
    for (oy, orow) in out.chunks_exact_mut(g.ow * c).take(g.oh).enumerate() {
        for (ox, o) in orow.chunks_exact_mut(c).enumerate() {
            o.fill(f32::NEG_INFINITY);
            for i in 0..g.kh {
                let Some(iy) = Geom::src(oy, g.sh, i, g.pt, g.h) else {
                    continue;
                };
                for j in 0..g.kw {
                    let Some(ix) = Geom::src(ox, g.sw, j, g.pl, g.w) else {
                        continue;
                    };
                    let x = &inp[(iy * g.w + ix) * c..][..c];
                    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
                    if c % 4 == 0 {
                        simd::max_into(o, x);
                        continue;
                    }
                    for (o, x) in o.iter_mut().zip(x) {
                        if *x > *o {
                            *o = *x;
                        }
                    }
                }
            }
            act.apply_slice(o);
        }
    }
}

/// Mean over all pixels per channel (global average pool; MEAN over H, W).
/// Exact float mean: no rounding (tract once rounded a float MEAN).
pub fn mean_hw(inp: &[f32], c: usize, act: Act, out: &mut [f32]) {
    let out = &mut out[..c];
    out.fill(0.0);
    let mut count = 0usize;
    for px in inp.chunks_exact(c) {
        for (o, x) in out.iter_mut().zip(px) {
            *o += x;
        }
        count += 1;
    }
    let inv = 1.0 / count.max(1) as f32;
    for o in out.iter_mut() {
        *o = act.apply(*o * inv);
    }
}

/// Elementwise `a ⊕ b` where `b` has the same length as `a` or is repeated
/// (a per-channel vector, or a scalar): `b.len()` divides `a.len()`.
pub fn binary(a: &[f32], b: &[f32], mul: bool, act: Act, out: &mut [f32]) {
    // one loop per (operation, activation), so the match is not in the loop
    fn run(a: &[f32], b: &[f32], out: &mut [f32], f: impl Fn(f32, f32) -> f32) {
        let blen = b.len();
        for (oc, ac) in out.chunks_exact_mut(blen).zip(a.chunks_exact(blen)) {
            for ((o, x), y) in oc.iter_mut().zip(ac).zip(b) {
                *o = f(*x, *y);
            }
        }
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if b.len() % 4 == 0 {
        simd::binary(a, b, mul, act, out);
        return;
    }
    match (mul, act) {
        (false, Act::None) => run(a, b, out, |x, y| x + y),
        (false, Act::Relu) => run(a, b, out, |x, y| relu(x + y)),
        (true, Act::None) => run(a, b, out, |x, y| x * y),
        (false, act) => run(a, b, out, |x, y| act.apply(x + y)),
        (true, act) => run(a, b, out, |x, y| act.apply(x * y)),
    }
}

/// Source coordinates of bilinear resizing along one axis:
/// `(i0, i1, fraction)` per output index, as TFLite's RESIZE_BILINEAR.
pub fn resize_coords(
    n_out: usize,
    n_in: usize,
    align_corners: bool,
    half_pixel: bool,
) -> Vec<(usize, usize, f32)> {
    (0..n_out)
        .map(|i| {
            let i = i as f64;
            let s = if align_corners && n_out > 1 {
                i * (n_in as f64 - 1.0) / (n_out as f64 - 1.0)
            } else if half_pixel {
                ((i + 0.5) * n_in as f64 / n_out as f64 - 0.5).max(0.0)
            } else {
                i * n_in as f64 / n_out as f64
            };
            let i0 = (s.floor() as usize).min(n_in - 1);
            let i1 = (i0 + 1).min(n_in - 1);
            (i0, i1, (s - i0 as f64) as f32)
        })
        .collect()
}

/// Bilinear resize of an `h × w × c` tensor to `oh × ow × c`.
/// `mode`: (align_corners, half_pixel_centers).
pub fn resize_bilinear(
    inp: &[f32],
    [h, w, c]: [usize; 3],
    [oh, ow]: [usize; 2],
    (align_corners, half_pixel): (bool, bool),
    out: &mut [f32],
) {
    let ys = resize_coords(oh, h, align_corners, half_pixel);
    let xs = resize_coords(ow, w, align_corners, half_pixel);
    for (orow, &(y0, y1, fy)) in out.chunks_exact_mut(ow * c).zip(&ys) {
        let r0 = &inp[y0 * w * c..][..w * c];
        let r1 = &inp[y1 * w * c..][..w * c];
        for (o, &(x0, x1, fx)) in orow.chunks_exact_mut(c).zip(&xs) {
            let (a, b) = (&r0[x0 * c..][..c], &r0[x1 * c..][..c]);
            let (d, e) = (&r1[x0 * c..][..c], &r1[x1 * c..][..c]);
            for ((((o, a), b), d), e) in o.iter_mut().zip(a).zip(b).zip(d).zip(e) {
                let top = a + (b - a) * fx;
                let bottom = d + (e - d) * fx;
                *o = top + (bottom - top) * fy;
            }
        }
    }
}

/// Zero padding of a rank-4 tensor: `pads[d] = (before, after)`.
pub fn pad4(inp: &[f32], shape: [usize; 4], pads: [(usize, usize); 4], out: &mut [f32]) {
    let os: [usize; 4] = core::array::from_fn(|d| shape[d] + pads[d].0 + pads[d].1);
    out.fill(0.0);
    let c = shape[3];
    if c == 0 {
        return;
    }
    let mut rows = inp.chunks_exact(c);
    for n in 0..shape[0] {
        for y in 0..shape[1] {
            for x in 0..shape[2] {
                let Some(src) = rows.next() else { return };
                let dst = (((n + pads[0].0) * os[1] + y + pads[1].0) * os[2] + x + pads[2].0)
                    * os[3]
                    + pads[3].0;
                let dst = &mut out[dst..dst + c];
                #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
                if c % 4 == 0 {
                    simd::copy(dst, src);
                    continue;
                }
                dst.copy_from_slice(src);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resize_modes_on_a_tiny_row() {
        let row = [1.0, 3.0]; // 1×2×1
        let mut out = [0.0; 3];
        resize_bilinear(&row, [1, 2, 1], [1, 3], (true, false), &mut out);
        assert_eq!(out, [1.0, 2.0, 3.0]);
        let mut out = [0.0; 4];
        resize_bilinear(&row, [1, 2, 1], [1, 4], (false, false), &mut out);
        assert_eq!(out, [1.0, 2.0, 3.0, 3.0]);
        // half-pixel: sources -0.25→0, 0.25, 0.75, 1.25→clamped to the last
        resize_bilinear(&row, [1, 2, 1], [1, 4], (false, true), &mut out);
        assert_eq!(out, [1.0, 1.5, 2.5, 3.0]);
    }

    #[test]
    fn gemm_edges_match_a_plain_loop() {
        for (m, n, k) in [(1, 1, 1), (5, 7, 3), (4, 8, 16), (9, 6, 0), (3, 2, 5)] {
            let a: Vec<f32> = (0..m * k).map(|i| (i % 7) as f32 - 3.0).collect();
            let w: Vec<f32> = (0..n * k).map(|i| (i % 5) as f32 * 0.5 - 1.0).collect();
            let b: Vec<f32> = (0..n).map(|i| i as f32).collect();
            let mut out = vec![0.0; m * n];
            gemm(&a, m, &Packed::new(&w, &b, n, k), Act::Relu6, &mut out);
            for r in 0..m {
                for c in 0..n {
                    let s: f32 = (0..k).map(|i| a[r * k + i] * w[c * k + i]).sum::<f32>() + b[c];
                    assert_eq!(out[r * n + c], s.clamp(0.0, 6.0), "{m}×{n}×{k} at {r},{c}");
                }
            }
        }
    }

    #[test]
    fn half_floats() {
        use crate::f16_to_f32;
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x03ff), 1023.0 * 2f32.powi(-24));
        assert_eq!(f16_to_f32(0xfc00), f32::NEG_INFINITY);
        assert!(f16_to_f32(0x7e00).is_nan());
        assert_eq!(f16_to_f32(0x8000).to_bits(), 0x8000_0000);
    }
}
