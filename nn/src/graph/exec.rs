//! Running one step: the operator's kernel on its input slices, and the index
//! tables it allocates while it runs (counted in the memory bound).

use super::*;

/// Bytes of the index tables `exec` allocates for `node` while it runs: the
/// list of input slices, the depthwise taps, the resize coordinates, the
/// concatenation's chunk sizes. Checked arithmetic.
pub(super) fn transient_bytes(
    node: &Node,
    in_shapes: &[Vec<usize>],
    out_shape: &[usize],
) -> Result<usize, NnError> {
    use core::mem::size_of;
    let list = product(&[in_shapes.len(), size_of::<&[f32]>()], "input list")?;
    let own = match &node.kind {
        Kind::Depthwise { kh, kw, .. } => {
            product(&[*kh, *kw, size_of::<(usize, usize)>()], "depthwise taps")?
        }
        Kind::Resize { .. } => {
            let (oh, ow) = match out_shape {
                [_, oh, ow, _] => (*oh, *ow),
                _ => (0, 0),
            };
            let n = oh
                .checked_add(ow)
                .ok_or_else(|| NnError::Unsupported("resize: size overflows".into()))?;
            product(&[n, size_of::<(usize, usize, f32)>()], "resize")?
        }
        Kind::Concat { .. } => product(&[in_shapes.len(), size_of::<usize>()], "concat")?,
        _ => 0,
    };
    list.checked_add(own)
        .ok_or_else(|| NnError::Unsupported("index tables: size overflows".into()))
}

/// Runs one node; shapes have been checked by `infer`.
pub(super) fn exec(
    node: &Node,
    shapes: &[Vec<usize>],
    ins: &[&[f32]],
    out: &mut [f32],
    scratch: &mut [f32],
) -> Result<(), NnError> {
    let op = node.op_index;
    let act = node.act;
    let x = ins.first().copied().unwrap_or_default();
    let s0 = shapes.first().map(|s| s.as_slice()).unwrap_or_default();
    match &node.kind {
        Kind::Conv {
            w,
            kh,
            kw,
            sh,
            sw,
            same,
            ..
        } => {
            let [h, wd, c] = nhwc(s0, op)?;
            if *kh == 1 && *kw == 1 && *sh == 1 && *sw == 1 {
                kernels::gemm(x, h * wd, w, act, out);
            } else {
                let g = geom([h, wd, c], [*kh, *kw, *sh, *sw], *same, op)?;
                kernels::conv(x, &g, w, act, scratch, out);
            }
        }
        Kind::Depthwise {
            w,
            b,
            kh,
            kw,
            sh,
            sw,
            same,
        } => {
            let [h, wd, c] = nhwc(s0, op)?;
            kernels::depthwise(
                x,
                &geom([h, wd, c], [*kh, *kw, *sh, *sw], *same, op)?,
                w,
                b,
                act,
                out,
            );
        }
        Kind::TransposeConv { w, kh, kw, .. } => {
            let [h, wd, _] = nhwc(s0, op)?;
            kernels::transpose_conv(x, [h, wd, *kh, *kw], w, act, scratch, out);
        }
        Kind::Add | Kind::Mul => {
            let (a, b) = if ins[0].len() >= ins[1].len() {
                (ins[0], ins[1])
            } else {
                (ins[1], ins[0])
            };
            if b.is_empty() {
                return Ok(());
            }
            kernels::binary(a, b, matches!(node.kind, Kind::Mul), act, out);
        }
        Kind::Activation => {
            out.copy_from_slice(x);
            act.apply_slice(out);
        }
        Kind::Reshape => out.copy_from_slice(x),
        Kind::Pad { pads } => {
            let r = s0.len();
            let mut shape = [1usize; 4];
            let mut p = [(0usize, 0usize); 4];
            shape[4 - r..].copy_from_slice(s0);
            p[4 - r..].copy_from_slice(pads);
            kernels::pad4(x, shape, p, out);
        }
        Kind::MaxPool {
            kh,
            kw,
            sh,
            sw,
            same,
        } => {
            let [h, wd, c] = nhwc(s0, op)?;
            kernels::max_pool(
                x,
                &geom([h, wd, c], [*kh, *kw, *sh, *sw], *same, op)?,
                act,
                out,
            );
        }
        Kind::AvgPool { .. } | Kind::Mean { .. } => {
            let [_, _, c] = nhwc(s0, op)?;
            if c > 0 {
                kernels::mean_hw(x, c, act, out);
            }
        }
        Kind::Resize {
            oh,
            ow,
            align_corners,
            half_pixel,
        } => {
            let [h, w, c] = nhwc(s0, op)?;
            kernels::resize_bilinear(x, [h, w, c], [*oh, *ow], (*align_corners, *half_pixel), out);
        }
        Kind::Concat { axis } => {
            let rank = s0.len() as i32;
            let ax = if *axis < 0 { axis + rank } else { *axis } as usize;
            let outer: usize = s0[..ax].iter().product();
            let chunks: Vec<usize> = shapes.iter().map(|s| s[ax..].iter().product()).collect();
            let mut dst = out.iter_mut();
            for o in 0..outer {
                for (v, &n) in ins.iter().zip(&chunks) {
                    // the source first: zip polls its first iterator first
                    for (s, d) in v[o * n..(o + 1) * n].iter().zip(&mut dst) {
                        *d = *s;
                    }
                }
            }
            act.apply_slice(out);
        }
    }
    Ok(())
}
