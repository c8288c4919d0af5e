//! Loading a `.tflite` graph into a list of steps, shape inference, operator
//! fusion, buffer planning, and running.

use crate::flatbuf::Table;
use crate::kernels::{self, Act, Geom, Packed};
use crate::NnError;

mod exec;
mod infer;
mod load;
mod plan;

use exec::{exec, transient_bytes};

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
