//! Loading a `.tflite` graph into a list of steps, shape inference, operator
//! fusion, buffer planning, and running.

use crate::flatbuf::Table;
use crate::kernels::{self, Act, Geom, Packed};
use crate::NnError;

/// Largest tensor accepted (elements), and the memory bound: the most bytes a
/// run may hold (activation buffers, the general conv's and the transpose
/// conv's scratch, the index tables a step builds), far above these models
/// (largest tensor 1 M elements, ~9 MB in all), low enough that a corrupted
/// shape cannot ask for gigabytes, and well inside wasm32's 4 GiB. Every size
/// is computed with checked arithmetic: `usize` is 32 bits there.
const MAX_ELEMS: usize = 1 << 24;
pub const MAX_RUN_BYTES: usize = 1 << 27;
/// Largest kernel, stride or filter side accepted.
const MAX_WINDOW: usize = 4096;

const ADD: i32 = 0;
const AVERAGE_POOL_2D: i32 = 1;
const CONCATENATION: i32 = 2;
const CONV_2D: i32 = 3;
const DEPTHWISE_CONV_2D: i32 = 4;
const DEQUANTIZE: i32 = 6;
const LOGISTIC: i32 = 14;
const MAX_POOL_2D: i32 = 17;
const MUL: i32 = 18;
const RELU: i32 = 19;
const RELU6: i32 = 21;
const RESHAPE: i32 = 22;
const RESIZE_BILINEAR: i32 = 23;
const CUSTOM: i32 = 32;
const PAD: i32 = 34;
const MEAN: i32 = 40;
const HARD_SWISH: i32 = 117;

const TYPE_F32: u8 = 0;
const TYPE_F16: u8 = 1;
const TYPE_I32: u8 = 2;

fn malformed(s: impl Into<String>) -> NnError {
    NnError::Malformed(s.into())
}

/// Kernels assume no empty tensors: a zero dimension is refused.
fn nonempty(shape: &[usize]) -> Result<(), NnError> {
    if shape.contains(&0) {
        return Err(NnError::Shape(format!("empty tensor {shape:?}")));
    }
    Ok(())
}

/// `a · b · …`, or an error naming `what` if it overflows `usize`.
fn product(dims: &[usize], what: &str) -> Result<usize, NnError> {
    dims.iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| NnError::Unsupported(format!("{what}: size overflows")))
}

fn numel(shape: &[usize]) -> Result<usize, NnError> {
    shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .filter(|n| *n <= MAX_ELEMS)
        .ok_or_else(|| malformed("tensor too large"))
}

/// IEEE 754 half → single precision (exact).
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h as u32) & 0x8000) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // subnormal: normalise
            let mut e = 127 - 15 + 1;
            let mut m = man;
            while m & 0x400 == 0 {
                m <<= 1;
                e -= 1;
            }
            sign | (e << 23) | ((m & 0x3ff) << 13)
        }
        (0x1f, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

/// Weights `[O, kh, kw, I]`, bias `[O]` and the weights' shape.
type Weights = (Vec<f32>, Vec<f32>, [usize; 4]);

#[derive(Clone, Debug)]
enum Kind {
    Conv {
        w: Packed,
        kh: usize,
        kw: usize,
        cin: usize,
        sh: usize,
        sw: usize,
        same: bool,
    },
    Depthwise {
        w: Vec<f32>,
        b: Vec<f32>,
        kh: usize,
        kw: usize,
        sh: usize,
        sw: usize,
        same: bool,
    },
    TransposeConv {
        w: Packed,
        kh: usize,
        kw: usize,
        cin: usize,
    },
    Add,
    Mul,
    Activation,
    Pad {
        pads: Vec<(usize, usize)>,
    },
    MaxPool {
        kh: usize,
        kw: usize,
        sh: usize,
        sw: usize,
        same: bool,
    },
    AvgPool {
        kh: usize,
        kw: usize,
        sh: usize,
        sw: usize,
        same: bool,
    },
    Mean {
        keep_dims: bool,
    },
    Resize {
        oh: usize,
        ow: usize,
        align_corners: bool,
        half_pixel: bool,
    },
    Reshape,
    Concat {
        axis: i32,
    },
}

impl Kind {
    /// Floats of weights the step holds itself (packed at load).
    fn weight_floats(&self) -> usize {
        match self {
            Kind::Conv { w, .. } | Kind::TransposeConv { w, .. } => w.floats(),
            Kind::Depthwise { w, b, .. } => w.len() + b.len(),
            _ => 0,
        }
    }
}

#[derive(Clone, Debug)]
struct Node {
    /// Index of the operator in the model's graph.
    op_index: usize,
    name: &'static str,
    kind: Kind,
    act: Act,
    /// Data inputs (activations or constants; weights of convs are in `kind`).
    inputs: Vec<usize>,
    output: usize,
}

#[derive(Clone, Debug)]
struct Step {
    node: Node,
    in_shapes: Vec<Vec<usize>>,
    out_shape: Vec<usize>,
}

/// A loaded model: constants dequantized to `f32`, operators checked and
/// fused, activation buffers planned. Immutable; runs need a [`Workspace`].
#[derive(Debug)]
pub struct Model {
    shapes: Vec<Vec<usize>>,
    consts: Vec<Option<Vec<f32>>>,
    nodes: Vec<Node>,
    plan: Vec<Step>,
    slot_of: Vec<usize>,
    slot_sizes: Vec<usize>,
    scratch: usize,
    memory: Memory,
    input: usize,
    outputs: Vec<usize>,
}

/// What a model holds in memory, in bytes. The run-time part (`activations +
/// scratch + transient`) is the memory bound checked at load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    /// Weights and constants, dequantized and packed at load.
    pub weights: usize,
    /// The activation buffers a [`Workspace`] holds (planned by liveness).
    pub activations: usize,
    /// The scratch a [`Workspace`] holds: the general conv's im2col rows, the
    /// transpose conv's product (the largest of the steps).
    pub scratch: usize,
    /// The largest index tables one step allocates while it runs (depthwise
    /// taps, resize coordinates, the input list).
    pub transient: usize,
}

impl Memory {
    /// Bytes a run needs: activations + scratch + transient.
    pub fn run_bytes(&self) -> usize {
        self.activations + self.scratch + self.transient
    }
}

/// The activation buffers of one model, reused from run to run.
#[derive(Debug, Default)]
pub struct Workspace {
    slots: Vec<Vec<f32>>,
    scratch: Vec<f32>,
}

impl Workspace {
    /// Floats held (activation buffers and scratch).
    pub fn floats(&self) -> usize {
        self.slots.iter().map(Vec::len).sum::<usize>() + self.scratch.len()
    }
}

fn activation(code: u8, op: usize) -> Result<Act, NnError> {
    match code {
        0 => Ok(Act::None),
        1 => Ok(Act::Relu),
        3 => Ok(Act::Relu6),
        _ => Err(NnError::Unsupported(format!(
            "fused activation {code} (operator #{op})"
        ))),
    }
}

fn window_param(v: i32, what: &str, op: usize) -> Result<usize, NnError> {
    if v >= 1 && v as usize <= MAX_WINDOW {
        Ok(v as usize)
    } else {
        Err(NnError::Unsupported(format!("{what} {v} (operator #{op})")))
    }
}

fn nhwc(s: &[usize], op: usize) -> Result<[usize; 3], NnError> {
    match s {
        [1, h, w, c] => Ok([*h, *w, *c]),
        _ => Err(NnError::Shape(format!(
            "operator #{op} wants a 1×H×W×C tensor, got {s:?}"
        ))),
    }
}

/// `hwc`: input height, width, channels; `k`: kernel height, width, stride height, width.
fn geom(hwc: [usize; 3], k: [usize; 4], same: bool, op: usize) -> Result<Geom, NnError> {
    let ([h, w, c], [kh, kw, sh, sw]) = (hwc, k);
    let bad = || {
        NnError::Shape(format!(
            "operator #{op}: window {kh}×{kw} does not fit {h}×{w}"
        ))
    };
    let (oh, pt) = kernels::window(h, kh, sh, same).ok_or_else(bad)?;
    let (ow, pl) = kernels::window(w, kw, sw, same).ok_or_else(bad)?;
    Ok(Geom {
        h,
        w,
        c,
        kh,
        kw,
        sh,
        sw,
        oh,
        ow,
        pt,
        pl,
    })
}

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

    fn plan(
        mut shapes: Vec<Vec<usize>>,
        consts: Vec<Option<Vec<f32>>>,
        nodes: Vec<Node>,
        input: usize,
        outputs: Vec<usize>,
    ) -> Result<Model, NnError> {
        let nt = shapes.len();
        let mut model = Model {
            shapes: Vec::new(),
            consts,
            nodes: Vec::new(),
            plan: Vec::new(),
            slot_of: vec![usize::MAX; nt],
            slot_sizes: Vec::new(),
            scratch: 0,
            memory: Memory::default(),
            input,
            outputs,
        };
        // Shape inference in graph order; every value is written once, before use.
        let mut known: Vec<bool> = (0..nt).map(|t| model.consts[t].is_some()).collect();
        known[input] = true;
        numel(&shapes[input])?;
        nonempty(&shapes[input])?;
        let mut steps = Vec::with_capacity(nodes.len());
        let mut transient = 0usize;
        for node in &nodes {
            if node.inputs.iter().any(|&t| !known[t]) {
                return Err(malformed(format!(
                    "operator #{} reads a tensor not yet computed",
                    node.op_index
                )));
            }
            if known[node.output] {
                return Err(malformed(format!(
                    "operator #{} writes a tensor twice",
                    node.op_index
                )));
            }
            let in_shapes: Vec<Vec<usize>> =
                node.inputs.iter().map(|&t| shapes[t].clone()).collect();
            let refs: Vec<&[usize]> = in_shapes.iter().map(|s| s.as_slice()).collect();
            let (out_shape, scratch) = model.infer(node, &refs, &shapes[node.output])?;
            nonempty(&out_shape)?;
            let declared = &shapes[node.output];
            if !declared.is_empty() && *declared != out_shape {
                return Err(NnError::Shape(format!(
                    "operator #{} ({}) computes {out_shape:?}, the model says {declared:?}",
                    node.op_index, node.name
                )));
            }
            model.scratch = model.scratch.max(scratch);
            transient = transient.max(transient_bytes(node, &in_shapes, &out_shape)?);
            shapes[node.output] = out_shape.clone();
            known[node.output] = true;
            steps.push(Step {
                node: node.clone(),
                in_shapes,
                out_shape,
            });
        }
        if model
            .outputs
            .iter()
            .any(|&t| !known[t] || model.consts[t].is_some() || t == input)
        {
            return Err(malformed("an output is not computed by the graph"));
        }
        // Fuse a lone activation into the operator producing its input.
        let mut consumers = vec![0usize; nt];
        for s in &steps {
            for &t in &s.node.inputs {
                consumers[t] += 1;
            }
        }
        let mut producer = vec![usize::MAX; nt];
        let mut fused: Vec<Option<Step>> = Vec::with_capacity(steps.len());
        for step in steps {
            if let Kind::Activation = step.node.kind {
                let t = step.node.inputs[0];
                let p = producer[t];
                if p != usize::MAX && consumers[t] == 1 && !model.outputs.contains(&t) {
                    if let Some(prev) = fused[p].as_mut() {
                        let fusable = matches!(
                            prev.node.kind,
                            Kind::Conv { .. }
                                | Kind::Depthwise { .. }
                                | Kind::TransposeConv { .. }
                                | Kind::Add
                                | Kind::Mul
                        );
                        if fusable && prev.node.act == Act::None {
                            prev.node.act = step.node.act;
                            prev.node.output = step.node.output;
                            producer[step.node.output] = p;
                            continue;
                        }
                    }
                }
            }
            producer[step.node.output] = fused.len();
            fused.push(Some(step));
        }
        model.plan = fused.into_iter().flatten().collect();
        // Buffer planning: a value's buffer is free once its last reader has run.
        let mut last_use = vec![0usize; nt];
        for (i, s) in model.plan.iter().enumerate() {
            for &t in &s.node.inputs {
                last_use[t] = i;
            }
        }
        for &t in &model.outputs {
            last_use[t] = usize::MAX;
        }
        let mut free: Vec<usize> = Vec::new();
        let assign = |model: &mut Model, free: &mut Vec<usize>, t: usize| -> Result<(), NnError> {
            let need = numel(&shapes[t])?;
            let best = free
                .iter()
                .enumerate()
                .filter(|(_, &s)| model.slot_sizes[s] >= need)
                .min_by_key(|(_, &s)| model.slot_sizes[s])
                .map(|(i, _)| i);
            let pick = best.or_else(|| {
                free.iter()
                    .enumerate()
                    .max_by_key(|(_, &s)| model.slot_sizes[s])
                    .map(|(i, _)| i)
            });
            let slot = match pick {
                Some(i) => free.swap_remove(i),
                None => {
                    model.slot_sizes.push(0);
                    model.slot_sizes.len() - 1
                }
            };
            model.slot_sizes[slot] = model.slot_sizes[slot].max(need);
            model.slot_of[t] = slot;
            Ok(())
        };
        assign(&mut model, &mut free, input)?;
        let plan = std::mem::take(&mut model.plan);
        for (i, s) in plan.iter().enumerate() {
            assign(&mut model, &mut free, s.node.output)?;
            let mut ins = s.node.inputs.clone();
            ins.sort_unstable();
            ins.dedup();
            for t in ins {
                if last_use[t] == i && model.consts[t].is_none() {
                    free.push(model.slot_of[t]);
                }
            }
        }
        model.plan = plan;
        // The memory bound: every buffer a run holds, in checked arithmetic.
        let f32s = |n: usize| n.checked_mul(4);
        let activations = model
            .slot_sizes
            .iter()
            .try_fold(0usize, |a, &s| a.checked_add(s))
            .and_then(f32s);
        // and the list of outputs `run` returns
        let transient = product(
            &[model.outputs.len(), core::mem::size_of::<&[f32]>()],
            "outputs",
        )?
        .checked_add(transient)
        .ok_or_else(|| NnError::Unsupported("index tables: size overflows".into()))?;
        let run = activations.zip(f32s(model.scratch)).and_then(|(a, s)| {
            a.checked_add(s)
                .and_then(|t| t.checked_add(transient))
                .map(|t| (a, s, t))
        });
        let (activations, scratch) = match run {
            Some((a, s, total)) if total <= MAX_RUN_BYTES => (a, s),
            _ => {
                return Err(NnError::Unsupported(format!(
                    "the model needs more than {MAX_RUN_BYTES} bytes of buffers to run \
                     (activations, scratch and index tables)"
                )))
            }
        };
        // Constants no step reads (the weights, now packed into their steps) are dropped.
        let mut read = vec![false; nt];
        for n in &nodes {
            for &t in &n.inputs {
                read[t] = true;
            }
        }
        for (c, r) in model.consts.iter_mut().zip(&read) {
            if !r {
                *c = None;
            }
        }
        let weights = model
            .consts
            .iter()
            .flatten()
            .map(|c| c.len())
            .chain(nodes.iter().map(|n| n.kind.weight_floats()))
            .try_fold(0usize, |a, n| a.checked_add(n))
            .and_then(f32s)
            .ok_or_else(|| malformed("weights too large"))?;
        model.memory = Memory {
            weights,
            activations,
            scratch,
            transient,
        };
        model.shapes = shapes;
        model.nodes = nodes;
        Ok(model)
    }

    /// Output shape and scratch floats of `node` on inputs of these shapes.
    fn infer(
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

    /// A fresh workspace for this model (its buffers are reused run after run).
    pub fn workspace(&self) -> Workspace {
        Workspace {
            slots: self.slot_sizes.iter().map(|&n| vec![0.0; n]).collect(),
            scratch: vec![0.0; self.scratch],
        }
    }

    /// Floats a [`Workspace`] of this model holds (activation buffers + scratch).
    pub fn workspace_floats(&self) -> usize {
        (self.memory.activations + self.memory.scratch) / 4
    }

    /// What the model holds: weights, and the buffers a run needs (counted and
    /// checked against the memory bound at load).
    pub fn memory(&self) -> Memory {
        self.memory
    }

    /// The input's shape (e.g. `[1, 128, 128, 3]`).
    pub fn input_shape(&self) -> &[usize] {
        &self.shapes[self.input]
    }

    /// The outputs' shapes, in the model's order.
    pub fn output_shapes(&self) -> Vec<&[usize]> {
        self.outputs
            .iter()
            .map(|&t| self.shapes[t].as_slice())
            .collect()
    }

    /// Number of kernel launches after fusion (activations folded into the
    /// operator before them).
    pub fn steps(&self) -> usize {
        self.plan.len()
    }

    /// Runs the model on `input` (row-major, the input shape's element count);
    /// returns the outputs, borrowed from `ws`.
    pub fn run<'w>(&self, ws: &'w mut Workspace, input: &[f32]) -> Result<Vec<&'w [f32]>, NnError> {
        self.run_observed(ws, input, &mut |_, _, _| {})
    }

    /// The fused steps' operator names, in running order (for profiling).
    pub fn step_names(&self) -> Vec<&'static str> {
        self.plan.iter().map(|s| s.node.name).collect()
    }

    /// [`Model::run`], calling `after_step(i, t, values)` once step `i` (of
    /// [`Model::step_names`]) is done, with the graph's index `t` of the tensor
    /// it wrote (after fusion: the activation's output) and its values: a hook
    /// for profiling and for comparing every tensor with another runtime.
    pub fn run_observed<'w>(
        &self,
        ws: &'w mut Workspace,
        input: &[f32],
        after_step: &mut dyn FnMut(usize, usize, &[f32]),
    ) -> Result<Vec<&'w [f32]>, NnError> {
        let fits = ws.slots.len() == self.slot_sizes.len()
            && ws
                .slots
                .iter()
                .zip(&self.slot_sizes)
                .all(|(s, n)| s.len() >= *n)
            && ws.scratch.len() >= self.scratch;
        if !fits {
            *ws = self.workspace();
        }
        let n = numel(&self.shapes[self.input])?;
        if input.len() != n {
            return Err(NnError::Shape(format!(
                "input of {} values, the model takes {n}",
                input.len()
            )));
        }
        ws.slots[self.slot_of[self.input]][..n].copy_from_slice(input);
        for (i, step) in self.plan.iter().enumerate() {
            let slot = self.slot_of[step.node.output];
            let mut out = std::mem::take(&mut ws.slots[slot]);
            let on = numel(&step.out_shape)?;
            let result = {
                let ins: Vec<&[f32]> = step
                    .node
                    .inputs
                    .iter()
                    .zip(&step.in_shapes)
                    .map(|(&t, s)| match &self.consts[t] {
                        Some(c) => c.as_slice(),
                        None => &ws.slots[self.slot_of[t]][..numel(s).unwrap_or(0)],
                    })
                    .collect();
                exec(
                    &step.node,
                    &step.in_shapes,
                    &ins,
                    &mut out[..on],
                    &mut ws.scratch,
                )
            };
            ws.slots[slot] = out;
            result?;
            after_step(i, step.node.output, &ws.slots[slot][..on]);
        }
        Ok(self
            .outputs
            .iter()
            .map(|&t| &ws.slots[self.slot_of[t]][..numel(&self.shapes[t]).unwrap_or(0)])
            .collect())
    }

    /// Runs operator `op_index` of the graph alone (before fusion) on the
    /// given non-constant inputs, in the operator's input order; for tests.
    /// Returns the output's shape and values.
    pub fn run_operator(
        &self,
        op_index: usize,
        inputs: &[(&[usize], &[f32])],
    ) -> Result<(Vec<usize>, Vec<f32>), NnError> {
        let node = self
            .nodes
            .iter()
            .find(|n| n.op_index == op_index)
            .ok_or_else(|| {
                NnError::Shape(format!("no operator #{op_index} (or a folded DEQUANTIZE)"))
            })?;
        let mut given = inputs.iter();
        let mut shapes = Vec::new();
        let mut values: Vec<&[f32]> = Vec::new();
        for &t in &node.inputs {
            match &self.consts[t] {
                Some(c) => {
                    shapes.push(self.shapes[t].clone());
                    values.push(c);
                }
                None => {
                    let (s, v) = given
                        .next()
                        .ok_or_else(|| NnError::Shape("too few inputs".into()))?;
                    nonempty(s)?;
                    if numel(s)? != v.len() {
                        return Err(NnError::Shape("input length differs from its shape".into()));
                    }
                    shapes.push(s.to_vec());
                    values.push(v);
                }
            }
        }
        let refs: Vec<&[usize]> = shapes.iter().map(|s| s.as_slice()).collect();
        let (out_shape, scratch) = self.infer(node, &refs, &self.shapes[node.output])?;
        nonempty(&out_shape)?;
        let mut out = vec![0.0; numel(&out_shape)?];
        let mut scratch = vec![0.0; scratch];
        exec(node, &shapes, &values, &mut out, &mut scratch)?;
        Ok((out_shape, out))
    }
}

/// Bytes of the index tables `exec` allocates for `node` while it runs: the
/// list of input slices, the depthwise taps, the resize coordinates, the
/// concatenation's chunk sizes. Checked arithmetic.
fn transient_bytes(
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
fn exec(
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
