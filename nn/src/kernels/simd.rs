//! wasm simd128 versions of the hot kernels (the 1×1 / im2col matrix
//! multiply, the depthwise conv, the elementwise ADD and MUL, max pooling,
//! PAD's copies), compiled only for
//! `wasm32` with `target_feature = "simd128"` (`scripts/build-vision.sh`
//! builds that module beside the plain one; the photo worker picks it where
//! the engine validates SIMD). Everything else, and every other target, runs
//! the scalar kernels in `kernels.rs`.
//!
//! **Same numbers as the scalar path, bit for bit.** Each output lane sums the
//! same products in the same order as the scalar kernel does (starting from
//! 0, or from the bias in the depthwise conv, one `k` after another), with a
//! separate multiply and add (`f32x4_mul`, `f32x4_add`: IEEE single rounding
//! each, no fused multiply-add, which plain simd128 does not have). Lanes only
//! hold different output columns or channels, never parts of one sum. So
//! both builds give identical tensors, masks and boxes
//! (`scripts/vision-simd-check.mjs` checks that on the real fixtures).
//!
//! One `unsafe` block, in [`ld`]: the 16-byte load from a slice of 4 floats
//! (`v128_load` takes a pointer); results are stored as `[f32; 4]`.

use super::{Act, Packed};
use core::arch::wasm32::{
    f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_pmax, f32x4_pmin, f32x4_splat, v128, v128_load,
};

/// The first four floats of `s` as one vector: one `v128.load` (built from
/// four floats instead, LLVM emits one lane load per float).
#[inline(always)]
fn ld(s: &[f32]) -> v128 {
    let s = &s[..4];
    // SAFETY: `s` is 4 floats, 16 readable bytes; `v128.load` has no
    // alignment requirement.
    unsafe { v128_load(s.as_ptr().cast()) }
}

/// `act(v)` into `dst[..4]`. ReLU and ReLU6 as `pmax`/`pmin`, which are the
/// scalar comparisons exactly (`pmax(0, x)` is `0 < x ? x : 0`, NaN → 0;
/// `pmin(6, r)` is `r < 6 ? r : 6`); hard-swish as the scalar's
/// `x · relu6(x + 3) · (1/6)`, in that order; the sigmoid (`exp`) lane by
/// lane through the scalar activation.
#[inline(always)]
fn put(dst: &mut [f32], v: v128, act: Act) {
    let relu6 = |x: v128| f32x4_pmin(f32x4_splat(6.0), f32x4_pmax(f32x4_splat(0.0), x));
    let v = match act {
        Act::None => v,
        Act::Relu => f32x4_pmax(f32x4_splat(0.0), v),
        Act::Relu6 => relu6(v),
        Act::HardSwish => f32x4_mul(
            f32x4_mul(v, relu6(f32x4_add(v, f32x4_splat(3.0)))),
            f32x4_splat(1.0 / 6.0),
        ),
        Act::Sigmoid => {
            if let Some(d) = dst.first_chunk_mut::<4>() {
                d[0] = act.apply(f32x4_extract_lane::<0>(v));
                d[1] = act.apply(f32x4_extract_lane::<1>(v));
                d[2] = act.apply(f32x4_extract_lane::<2>(v));
                d[3] = act.apply(f32x4_extract_lane::<3>(v));
            }
            return;
        }
    };
    if let Some(d) = dst.first_chunk_mut::<4>() {
        *d = [
            f32x4_extract_lane::<0>(v),
            f32x4_extract_lane::<1>(v),
            f32x4_extract_lane::<2>(v),
            f32x4_extract_lane::<3>(v),
        ];
    }
}

/// The whole groups of 4 output columns of [`super::gemm`]: `out[r][col]`
/// for `col < 4 · (n / 4)`, every row. Four rows × eight columns at a time
/// (8 accumulators, 2 weight vectors and 1 broadcast input: 11 of the 16
/// vector registers V8 has on x64), then the leftover rows and group.
/// `k > 0`; the caller fills the leftover columns (`w.rest`).
pub(super) fn gemm_blocks(a: &[f32], m: usize, w: &Packed, act: Act, out: &mut [f32]) {
    let (k, n) = (w.k, w.n);
    let bias = &w.bias;
    const R: usize = 4;
    let full = m / R;
    let (a4, a1) = a[..m * k].split_at(full * R * k);
    let (o4, o1) = out[..m * n].split_at_mut(full * R * n);
    for (a4, o4) in a4.chunks_exact(R * k).zip(o4.chunks_exact_mut(R * n)) {
        let (r0, rest) = a4.split_at(k);
        let (r1, rest) = rest.split_at(k);
        let (r2, r3) = rest.split_at(k);
        let mut pairs = w.blocks.chunks_exact(8 * k);
        for (p, pair) in pairs.by_ref().enumerate() {
            let (wa, wb) = pair.split_at(4 * k);
            let z = f32x4_splat(0.0);
            let mut c = [[z; 2]; R];
            for ((((va, vb), &x0), &x1), (&x2, &x3)) in wa
                .chunks_exact(4)
                .zip(wb.chunks_exact(4))
                .zip(r0)
                .zip(r1)
                .zip(r2.iter().zip(r3))
            {
                let (va, vb) = (ld(va), ld(vb));
                for (c, x) in c.iter_mut().zip([x0, x1, x2, x3]) {
                    let x = f32x4_splat(x);
                    c[0] = f32x4_add(c[0], f32x4_mul(x, va));
                    c[1] = f32x4_add(c[1], f32x4_mul(x, vb));
                }
            }
            let col = p * 8;
            let (ba, bb) = (ld(&bias[col..col + 4]), ld(&bias[col + 4..col + 8]));
            for (r, c) in c.iter().enumerate() {
                let row = &mut o4[r * n + col..];
                put(row, f32x4_add(c[0], ba), act);
                put(&mut row[4..], f32x4_add(c[1], bb), act);
            }
        }
        let wa = pairs.remainder();
        if !wa.is_empty() {
            let mut c = [f32x4_splat(0.0); R];
            for ((va, (&x0, &x1)), (&x2, &x3)) in wa
                .chunks_exact(4)
                .zip(r0.iter().zip(r1))
                .zip(r2.iter().zip(r3))
            {
                let va = ld(va);
                for (c, x) in c.iter_mut().zip([x0, x1, x2, x3]) {
                    *c = f32x4_add(*c, f32x4_mul(f32x4_splat(x), va));
                }
            }
            let g = w.blocks.len() / (4 * k) - 1;
            let ba = ld(&bias[g * 4..g * 4 + 4]);
            for (r, c) in c.iter().enumerate() {
                put(&mut o4[r * n + g * 4..], f32x4_add(*c, ba), act);
            }
        }
    }
    for (row, orow) in a1.chunks_exact(k).zip(o1.chunks_exact_mut(n)) {
        for ((g, wa), b) in w
            .blocks
            .chunks_exact(4 * k)
            .enumerate()
            .zip(bias.chunks_exact(4))
        {
            let mut c = f32x4_splat(0.0);
            for (va, &x) in wa.chunks_exact(4).zip(row) {
                c = f32x4_add(c, f32x4_mul(f32x4_splat(x), ld(va)));
            }
            put(&mut orow[g * 4..], f32x4_add(c, ld(b)), act);
        }
    }
}

/// The whole groups of 4 channels of one output pixel of
/// [`super::depthwise`]: each starts from its bias and adds every tap in
/// order. `taps` are (input offset, kernel offset) of the pixel's taps.
/// Up to 32 channels (8 accumulators) in one pass over the taps: the models'
/// depthwise convs have 16 to 96 channels, so most take one or two passes.
#[inline(always)]
pub(super) fn depthwise_pixel(
    inp: &[f32],
    kernel: &[f32],
    bias: &[f32],
    taps: &[(usize, usize)],
    act: Act,
    o4: &mut [f32],
) {
    let mut base = 0;
    while base + 32 <= o4.len() {
        dw_block::<8>(inp, kernel, bias, taps, act, base, o4);
        base += 32;
    }
    let f = match (o4.len() - base) / 4 {
        0 => return,
        1 => dw_block::<1>,
        2 => dw_block::<2>,
        3 => dw_block::<3>,
        4 => dw_block::<4>,
        5 => dw_block::<5>,
        6 => dw_block::<6>,
        _ => dw_block::<7>,
    };
    f(inp, kernel, bias, taps, act, base, o4);
}

/// Channels `base .. base + 4·V` of [`depthwise_pixel`].
#[inline(always)]
fn dw_block<const V: usize>(
    inp: &[f32],
    kernel: &[f32],
    bias: &[f32],
    taps: &[(usize, usize)],
    act: Act,
    base: usize,
    o4: &mut [f32],
) {
    let n = 4 * V;
    let mut a = [f32x4_splat(0.0); V];
    for (a, b) in a.iter_mut().zip(bias[base..base + n].chunks_exact(4)) {
        *a = ld(b);
    }
    for &(xo, ko) in taps {
        // the scalar kernel's slices (shapes are checked: always in bounds)
        let x = inp[xo + base..xo + base + n].chunks_exact(4);
        let k = kernel[ko + base..ko + base + n].chunks_exact(4);
        for ((a, x), k) in a.iter_mut().zip(x).zip(k) {
            *a = f32x4_add(*a, f32x4_mul(ld(x), ld(k)));
        }
    }
    for (d, a) in o4[base..base + n].chunks_exact_mut(4).zip(a) {
        put(d, a, act);
    }
}

/// [`super::binary`] when `b.len()` is a multiple of 4: `act(x + y)` or
/// `act(x · y)`, four elements at a time (elementwise: the same operations as
/// the scalar loop).
pub(super) fn binary(a: &[f32], b: &[f32], mul: bool, act: Act, out: &mut [f32]) {
    let blen = b.len();
    for (oc, ac) in out.chunks_exact_mut(blen).zip(a.chunks_exact(blen)) {
        for ((o, x), y) in oc
            .chunks_exact_mut(4)
            .zip(ac.chunks_exact(4))
            .zip(b.chunks_exact(4))
        {
            let (x, y) = (ld(x), ld(y));
            put(
                o,
                if mul {
                    f32x4_mul(x, y)
                } else {
                    f32x4_add(x, y)
                },
                act,
            );
        }
    }
}

/// `o[i] = max(o[i], x[i])` as [`super::max_pool`] does it (`x > o` keeps
/// `x`): `pmax(o, x)` is `o < x ? x : o`, the same comparison.
pub(super) fn max_into(o: &mut [f32], x: &[f32]) {
    for (o, x) in o.chunks_exact_mut(4).zip(x.chunks_exact(4)) {
        let v = f32x4_pmax(ld(o), ld(x));
        put(o, v, Act::None);
    }
}

/// `dst.copy_from_slice(src)` for a pixel of PAD (a multiple of 4 floats),
/// four at a time: `copy_from_slice` is `memory.copy`, which V8 runs as a
/// call, once per pixel.
pub(super) fn copy(dst: &mut [f32], src: &[f32]) {
    for (d, s) in dst.chunks_exact_mut(4).zip(src.chunks_exact(4)) {
        put(d, ld(s), Act::None);
    }
}
