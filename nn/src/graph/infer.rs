//! Shape inference: each operator's output shape and scratch from its inputs'
//! shapes, every size checked.

use super::*;

impl Model {
    /// Output shape and scratch floats of `node` on inputs of these shapes.
    pub(super) fn infer(
        &self,
        node: &Node,
        ins: &[&[usize]],
        declared: &[usize],
    ) -> Result<(Vec<usize>, usize), NnError> {
        let op = node.op_index;
        let shape_err = |what: &str| {
            NnError::Shape(format!(
                "operator #{op} ({}): {what}, inputs {ins:?}",
                node.name
            ))
        };
        let first = ins.first().copied().unwrap_or_default();
        let out = match &node.kind {
            Kind::Conv {
                w,
                kh,
                kw,
                cin,
                sh,
                sw,
                same,
            } => {
                let [h, wd, c] = nhwc(first, op)?;
                if c != *cin {
                    return Err(shape_err("channels differ from the weights"));
                }
                let g = geom([h, wd, c], [*kh, *kw, *sh, *sw], *same, op)?;
                let pointwise = *kh == 1 && *kw == 1 && *sh == 1 && *sw == 1;
                let scratch = if pointwise {
                    0
                } else {
                    product(&[g.ow, *kh, *kw, c], "conv scratch")?
                };
                return Ok((vec![1, g.oh, g.ow, w.n], scratch));
            }
            Kind::Depthwise {
                w,
                kh,
                kw,
                sh,
                sw,
                same,
                ..
            } => {
                let [h, wd, c] = nhwc(first, op)?;
                if product(&[c, *kh, *kw], "depthwise weights")? != w.len() {
                    return Err(shape_err("channels differ from the weights"));
                }
                let g = geom([h, wd, c], [*kh, *kw, *sh, *sw], *same, op)?;
                vec![1, g.oh, g.ow, c]
            }
            Kind::TransposeConv { w, kh, kw, cin } => {
                let [h, wd, c] = nhwc(first, op)?;
                if c != *cin {
                    return Err(shape_err("channels differ from the weights"));
                }
                let s = vec![
                    1,
                    product(&[h, *kh], "transpose conv")?,
                    product(&[wd, *kw], "transpose conv")?,
                    w.n / product(&[*kh, *kw], "transpose conv")?,
                ];
                numel(&s)?;
                return Ok((s, numel(&[h, wd, w.n])?));
            }
            Kind::Add | Kind::Mul => {
                let (a, b) = (ins[0], ins[1]);
                let (big, small) = if numel(a)? >= numel(b)? {
                    (a, b)
                } else {
                    (b, a)
                };
                let trimmed: &[usize] = {
                    let lead = small.iter().take_while(|d| **d == 1).count();
                    &small[lead.min(small.len().saturating_sub(1))..]
                };
                let fits = big == small
                    || numel(small)? == 1
                    || (trimmed.len() <= big.len() && big.ends_with(trimmed));
                if !fits || numel(small)? == 0 && numel(big)? != 0 {
                    return Err(shape_err("shapes do not broadcast"));
                }
                big.to_vec()
            }
            Kind::Reshape => {
                if numel(declared)? != numel(first)? {
                    return Err(shape_err("reshape changes the element count"));
                }
                declared.to_vec()
            }
            Kind::Activation => first.to_vec(),
            Kind::Pad { pads } => {
                if pads.len() != first.len() || first.len() > 4 {
                    return Err(shape_err("paddings do not match the rank"));
                }
                let s = first
                    .iter()
                    .zip(pads)
                    .map(|(d, (a, b))| d.checked_add(*a).and_then(|v| v.checked_add(*b)))
                    .collect::<Option<Vec<usize>>>()
                    .ok_or_else(|| shape_err("padded size overflows"))?;
                numel(&s)?;
                s
            }
            Kind::MaxPool {
                kh,
                kw,
                sh,
                sw,
                same,
            } => {
                let [h, wd, c] = nhwc(first, op)?;
                let g = geom([h, wd, c], [*kh, *kw, *sh, *sw], *same, op)?;
                vec![1, g.oh, g.ow, c]
            }
            Kind::AvgPool {
                kh,
                kw,
                sh,
                sw,
                same,
            } => {
                let [h, wd, c] = nhwc(first, op)?;
                let g = geom([h, wd, c], [*kh, *kw, *sh, *sw], *same, op)?;
                if (g.oh, g.ow, g.pt, g.pl, *kh, *kw) != (1, 1, 0, 0, h, wd) {
                    return Err(NnError::Unsupported(format!(
                        "operator #{op}: AVERAGE_POOL_2D other than global"
                    )));
                }
                vec![1, 1, 1, c]
            }
            Kind::Mean { keep_dims } => {
                let [_, _, c] = nhwc(first, op)?;
                if *keep_dims {
                    vec![1, 1, 1, c]
                } else {
                    vec![1, c]
                }
            }
            Kind::Resize { oh, ow, .. } => {
                let [h, w, c] = nhwc(first, op)?;
                if h == 0 || w == 0 {
                    return Err(shape_err("empty image"));
                }
                let s = vec![1, *oh, *ow, c];
                numel(&s)?;
                s
            }
            Kind::Concat { axis } => {
                let rank = first.len() as i32;
                let ax = if *axis < 0 { axis + rank } else { *axis };
                if !(0..rank).contains(&ax) {
                    return Err(shape_err("bad concatenation axis"));
                }
                let ax = ax as usize;
                let mut s = first.to_vec();
                for other in &ins[1..] {
                    let same_rest = other.len() == first.len()
                        && other
                            .iter()
                            .zip(first)
                            .enumerate()
                            .all(|(d, (x, y))| d == ax || x == y);
                    if !same_rest {
                        return Err(shape_err("shapes differ off the concatenation axis"));
                    }
                    s[ax] = s[ax]
                        .checked_add(other[ax])
                        .ok_or_else(|| shape_err("concatenated size overflows"))?;
                }
                numel(&s)?;
                s
            }
        };
        Ok((out, 0))
    }
}
