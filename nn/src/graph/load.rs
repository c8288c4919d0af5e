//! Reading a `.tflite` flatbuffer into the graph's nodes: tensors, constants
//! (f16 dequantized), operators with their options, activations fused.

use super::*;

impl Model {
    /// Parses a `.tflite` flatbuffer (first subgraph, one float32 input).
    pub fn from_tflite(bytes: &[u8]) -> Result<Model, NnError> {
        if bytes.get(4..8) != Some(b"TFL3".as_slice()) {
            return Err(malformed("not a TFLite model (no TFL3 identifier)"));
        }
        let root = Table::root(bytes)?;
        let codes = root
            .vector(1, 4)?
            .ok_or_else(|| malformed("no operator codes"))?;
        let mut opcodes = Vec::with_capacity(codes.len());
        for i in 0..codes.len() {
            let c = codes.table(i)?;
            let code = (c.u8(0, 0)? as i32).max(c.i32(3, 0)?);
            let custom = c.bytes(1)?.unwrap_or_default();
            opcodes.push((code, String::from_utf8_lossy(custom).into_owned()));
        }
        let subgraphs = root.vector(2, 4)?.ok_or_else(|| malformed("no subgraph"))?;
        if subgraphs.len() == 0 {
            return Err(malformed("no subgraph"));
        }
        let g = subgraphs.table(0)?;
        let buffers = root.vector(4, 4)?;
        let tensors = g.vector(0, 4)?.ok_or_else(|| malformed("no tensors"))?;
        let nt = tensors.len();
        let mut shapes = Vec::with_capacity(nt.min(1 << 16));
        let mut consts: Vec<Option<Vec<f32>>> = Vec::with_capacity(nt.min(1 << 16));
        let mut iconsts: Vec<Option<Vec<i32>>> = Vec::with_capacity(nt.min(1 << 16));
        for i in 0..nt {
            let t = tensors.table(i)?;
            let shape = t
                .i32s(0)?
                .into_iter()
                .map(|d| usize::try_from(d).map_err(|_| malformed("negative dimension")))
                .collect::<Result<Vec<usize>, _>>()?;
            let n = numel(&shape)?;
            let ty = t.u8(1, 0)?;
            let b = t.u32(2, 0)? as usize;
            let data = match &buffers {
                Some(bufs) if b > 0 => {
                    if b >= bufs.len() {
                        return Err(malformed("buffer index out of range"));
                    }
                    bufs.table(b)?.bytes(0)?.unwrap_or_default()
                }
                _ => &[],
            };
            let (mut f, mut int) = (None, None);
            if !data.is_empty() {
                let size = match ty {
                    TYPE_F32 | TYPE_I32 => 4,
                    TYPE_F16 => 2,
                    _ => {
                        return Err(NnError::Unsupported(format!(
                            "constant of tensor type {ty}"
                        )))
                    }
                };
                if data.len() != n * size {
                    return Err(malformed(format!(
                        "constant tensor #{i}: {} bytes for {n} elements",
                        data.len()
                    )));
                }
                match ty {
                    TYPE_F32 => {
                        f = Some(
                            data.chunks_exact(4)
                                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                                .collect(),
                        )
                    }
                    TYPE_F16 => {
                        f = Some(
                            data.chunks_exact(2)
                                .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
                                .collect(),
                        )
                    }
                    _ => {
                        int = Some(
                            data.chunks_exact(4)
                                .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                                .collect(),
                        )
                    }
                }
            } else if ty != TYPE_F32 {
                return Err(NnError::Unsupported(format!(
                    "non-constant tensor #{i} of type {ty} (only float32 activations)"
                )));
            }
            shapes.push(shape);
            consts.push(f);
            iconsts.push(int);
        }
        let index = |v: i32| -> Result<usize, NnError> {
            usize::try_from(v)
                .ok()
                .filter(|v| *v < nt)
                .ok_or_else(|| malformed("tensor index out of range"))
        };
        let g_in = g.i32s(1)?;
        let g_out = g.i32s(2)?;
        if g_in.len() != 1 || g_out.is_empty() {
            return Err(NnError::Unsupported(
                "graphs with other than one input".into(),
            ));
        }
        let input = index(g_in[0])?;
        let outputs = g_out
            .into_iter()
            .map(index)
            .collect::<Result<Vec<_>, _>>()?;
        if consts[input].is_some() {
            return Err(malformed("the input is a constant"));
        }

        let ops = g.vector(3, 4)?.ok_or_else(|| malformed("no operators"))?;
        let mut nodes = Vec::new();
        for oi in 0..ops.len() {
            let op = ops.table(oi)?;
            let code_index = op.u32(0, 0)? as usize;
            let (code, custom) = opcodes
                .get(code_index)
                .ok_or_else(|| malformed("opcode index out of range"))?;
            let ins = op.i32s(1)?;
            let outs = op.i32s(2)?;
            if outs.len() != 1 {
                return Err(NnError::Unsupported(format!(
                    "operator #{oi} with {} outputs",
                    outs.len()
                )));
            }
            let output = index(outs[0])?;
            if consts[output].is_some() || iconsts[output].is_some() || output == input {
                return Err(malformed(format!(
                    "operator #{oi} writes a constant or the input"
                )));
            }
            let input_at = |k: usize| -> Result<usize, NnError> {
                let v = *ins
                    .get(k)
                    .ok_or_else(|| malformed(format!("operator #{oi} lacks input {k}")))?;
                index(v)
            };
            let fconst = |k: usize| -> Result<&Vec<f32>, NnError> {
                consts[input_at(k)?].as_ref().ok_or_else(|| {
                    NnError::Unsupported(format!("operator #{oi}: input {k} must be a constant"))
                })
            };
            let iconst = |k: usize| -> Result<&Vec<i32>, NnError> {
                iconsts[input_at(k)?].as_ref().ok_or_else(|| {
                    NnError::Unsupported(format!(
                        "operator #{oi}: input {k} must be an int32 constant"
                    ))
                })
            };
            let opts = op.table(4)?;
            let opt_u8 =
                |id: usize, d: u8| -> Result<u8, NnError> { opts.map_or(Ok(d), |t| t.u8(id, d)) };
            let opt_i32 = |id: usize, d: i32| -> Result<i32, NnError> {
                opts.map_or(Ok(d), |t| t.i32(id, d))
            };
            let node = |name: &'static str, kind: Kind, act: Act, inputs: Vec<usize>| Node {
                op_index: oi,
                name,
                kind,
                act,
                inputs,
                output,
            };
            // Weights [O, kh, kw, I] and bias [O] of a conv-like operator.
            let conv_weights = |wk: usize| -> Result<Weights, NnError> {
                let w = fconst(wk)?;
                let ws = &shapes[input_at(wk)?];
                let [o, kh, kw, i] = match ws.as_slice() {
                    [o, kh, kw, i] => [*o, *kh, *kw, *i],
                    _ => {
                        return Err(malformed(format!(
                            "operator #{oi}: weights of shape {ws:?}"
                        )))
                    }
                };
                let b = match ins.get(wk + 1) {
                    Some(&v) if v >= 0 => fconst(wk + 1)?.clone(),
                    _ => vec![0.0; o],
                };
                if w.len() != o * kh * kw * i {
                    return Err(malformed(format!(
                        "operator #{oi}: weights of shape {ws:?}"
                    )));
                }
                window_param(kh as i32, "kernel height", oi)?;
                window_param(kw as i32, "kernel width", oi)?;
                Ok((w.clone(), b, [o, kh, kw, i]))
            };
            let padding = |id: usize| -> Result<bool, NnError> {
                match opt_u8(id, 0)? {
                    0 => Ok(true),
                    1 => Ok(false),
                    p => Err(malformed(format!("operator #{oi}: padding {p}"))),
                }
            };
            let n = match *code {
                DEQUANTIZE => {
                    let v = fconst(0)?.clone();
                    if v.len() != numel(&shapes[output])? {
                        return Err(malformed(format!(
                            "operator #{oi}: DEQUANTIZE changes the size"
                        )));
                    }
                    consts[output] = Some(v);
                    continue;
                }
                CONV_2D => {
                    let (w, b, [o, kh, kw, i]) = conv_weights(1)?;
                    if b.len() != o || opt_i32(4, 1)? != 1 || opt_i32(5, 1)? != 1 {
                        return Err(NnError::Unsupported(format!(
                            "operator #{oi}: dilated conv or bad bias"
                        )));
                    }
                    let kind = Kind::Conv {
                        w: Packed::new(&w, &b, o, kh * kw * i),
                        kh,
                        kw,
                        cin: i,
                        sw: window_param(opt_i32(1, 1)?, "stride", oi)?,
                        sh: window_param(opt_i32(2, 1)?, "stride", oi)?,
                        same: padding(0)?,
                    };
                    node(
                        "CONV_2D",
                        kind,
                        activation(opt_u8(3, 0)?, oi)?,
                        vec![input_at(0)?],
                    )
                }
                DEPTHWISE_CONV_2D => {
                    let (w, b, [o, kh, kw, c]) = conv_weights(1)?;
                    if o != 1 || b.len() != c || opt_i32(5, 1)? != 1 || opt_i32(6, 1)? != 1 {
                        return Err(NnError::Unsupported(format!(
                            "operator #{oi}: depthwise conv other than multiplier 1, undilated"
                        )));
                    }
                    let kind = Kind::Depthwise {
                        w,
                        b,
                        kh,
                        kw,
                        sw: window_param(opt_i32(1, 1)?, "stride", oi)?,
                        sh: window_param(opt_i32(2, 1)?, "stride", oi)?,
                        same: padding(0)?,
                    };
                    node(
                        "DEPTHWISE_CONV_2D",
                        kind,
                        activation(opt_u8(4, 0)?, oi)?,
                        vec![input_at(0)?],
                    )
                }
                CUSTOM if custom == "Convolution2DTransposeBias" => {
                    let (w, b, [o, kh, kw, i]) = conv_weights(1)?;
                    let opt = op.bytes(5)?.unwrap_or_default();
                    let word = |k: usize| {
                        opt.get(4 * k..4 * k + 4)
                            .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    };
                    let (sw, sh) = (word(1), word(2));
                    if b.len() != o || sw != Some(kw as i32) || sh != Some(kh as i32) {
                        return Err(NnError::Unsupported(format!("operator #{oi}: Convolution2DTransposeBias with stride other than its kernel")));
                    }
                    // Rows ordered (i, j, o), each the I weights w[o][i][j][..].
                    let mut rows = Vec::with_capacity(w.len());
                    let mut bias = Vec::with_capacity(kh * kw * o);
                    for y in 0..kh {
                        for x in 0..kw {
                            for oo in 0..o {
                                rows.extend_from_slice(&w[((oo * kh + y) * kw + x) * i..][..i]);
                                bias.push(b[oo]);
                            }
                        }
                    }
                    let kind = Kind::TransposeConv {
                        w: Packed::new(&rows, &bias, kh * kw * o, i),
                        kh,
                        kw,
                        cin: i,
                    };
                    node(
                        "Convolution2DTransposeBias",
                        kind,
                        Act::None,
                        vec![input_at(0)?],
                    )
                }
                ADD | MUL => {
                    let (name, kind) = if *code == ADD {
                        ("ADD", Kind::Add)
                    } else {
                        ("MUL", Kind::Mul)
                    };
                    node(
                        name,
                        kind,
                        activation(opt_u8(0, 0)?, oi)?,
                        vec![input_at(0)?, input_at(1)?],
                    )
                }
                RELU => node("RELU", Kind::Activation, Act::Relu, vec![input_at(0)?]),
                RELU6 => node("RELU6", Kind::Activation, Act::Relu6, vec![input_at(0)?]),
                HARD_SWISH => node(
                    "HARD_SWISH",
                    Kind::Activation,
                    Act::HardSwish,
                    vec![input_at(0)?],
                ),
                LOGISTIC => node(
                    "LOGISTIC",
                    Kind::Activation,
                    Act::Sigmoid,
                    vec![input_at(0)?],
                ),
                PAD => {
                    let p = iconst(1)?;
                    if p.len() % 2 != 0
                        || p.len() > 8
                        || p.iter().any(|v| !(0..=1 << 16).contains(v))
                    {
                        return Err(NnError::Unsupported(format!(
                            "operator #{oi}: paddings {p:?}"
                        )));
                    }
                    let pads = p
                        .chunks_exact(2)
                        .map(|c| (c[0] as usize, c[1] as usize))
                        .collect();
                    node("PAD", Kind::Pad { pads }, Act::None, vec![input_at(0)?])
                }
                MAX_POOL_2D | AVERAGE_POOL_2D => {
                    let sw = window_param(opt_i32(1, 1)?, "stride", oi)?;
                    let sh = window_param(opt_i32(2, 1)?, "stride", oi)?;
                    let kw = window_param(opt_i32(3, 1)?, "filter width", oi)?;
                    let kh = window_param(opt_i32(4, 1)?, "filter height", oi)?;
                    let same = padding(0)?;
                    let act = activation(opt_u8(5, 0)?, oi)?;
                    if *code == MAX_POOL_2D {
                        node(
                            "MAX_POOL_2D",
                            Kind::MaxPool {
                                kh,
                                kw,
                                sh,
                                sw,
                                same,
                            },
                            act,
                            vec![input_at(0)?],
                        )
                    } else {
                        node(
                            "AVERAGE_POOL_2D",
                            Kind::AvgPool {
                                kh,
                                kw,
                                sh,
                                sw,
                                same,
                            },
                            act,
                            vec![input_at(0)?],
                        )
                    }
                }
                MEAN => {
                    let mut axes = iconst(1)?.clone();
                    axes.sort_unstable();
                    if axes != [1, 2] {
                        return Err(NnError::Unsupported(format!(
                            "operator #{oi}: MEAN over axes {axes:?} (only 1, 2)"
                        )));
                    }
                    node(
                        "MEAN",
                        Kind::Mean {
                            keep_dims: opts.map_or(Ok(false), |t| t.bool(0))?,
                        },
                        Act::None,
                        vec![input_at(0)?],
                    )
                }
                RESIZE_BILINEAR => {
                    let size = iconst(1)?;
                    let (oh, ow) = match size.as_slice() {
                        [h, w] if *h >= 1 && *w >= 1 => (*h as usize, *w as usize),
                        _ => return Err(malformed(format!("operator #{oi}: size {size:?}"))),
                    };
                    let kind = Kind::Resize {
                        oh,
                        ow,
                        align_corners: opts.map_or(Ok(false), |t| t.bool(2))?,
                        half_pixel: opts.map_or(Ok(false), |t| t.bool(3))?,
                    };
                    node("RESIZE_BILINEAR", kind, Act::None, vec![input_at(0)?])
                }
                RESHAPE => node("RESHAPE", Kind::Reshape, Act::None, vec![input_at(0)?]),
                CONCATENATION => {
                    let inputs = (0..ins.len())
                        .map(input_at)
                        .collect::<Result<Vec<_>, _>>()?;
                    if inputs.is_empty() {
                        return Err(malformed("empty concatenation"));
                    }
                    node(
                        "CONCATENATION",
                        Kind::Concat {
                            axis: opt_i32(0, 0)?,
                        },
                        activation(opt_u8(1, 0)?, oi)?,
                        inputs,
                    )
                }
                _ => {
                    let name = if *code == CUSTOM {
                        format!("custom operator {custom}")
                    } else {
                        format!("builtin operator {code}")
                    };
                    return Err(NnError::Unsupported(format!("{name} (operator #{oi})")));
                }
            };
            nodes.push(n);
        }
        Model::plan(shapes, consts, nodes, input, outputs)
    }
}
