//! # precheck-nn: a small float32 interpreter for two TFLite graphs
//!
//! The photo fix runs two MediaPipe models on the candidate's phone: BlazeFace
//! short-range (face detection, 128×128 input) and selfie segmentation
//! (256×256). This crate reads their `.tflite` files and runs them; it knows
//! nothing of photos (that is `precheck-vision`).
//!
//! ## Why hand-written
//! `tract-tflite` as published cannot load these models: float16 `DEQUANTIZE`
//! and the custom `Convolution2DTransposeBias` are unsupported (and op
//! registration is private), and a minimal tract build for wasm32 is 1.08 MB
//! gzip before any model (measured, `/work/shared/ML-FACTS.md`). The two graphs
//! need about a dozen kernels, so a small interpreter with no dependencies is
//! cheaper on the wire and easier to keep honest.
//!
//! ## What it does
//! - [`Model::from_tflite`] reads the flatbuffer with a hand-written,
//!   bounds-checked reader (`flatbuf.rs`): a truncated or corrupted file gives
//!   [`NnError`], never a panic. Float16 constants are dequantized to `f32`
//!   once, at load, and the `DEQUANTIZE` operators disappear. Any operator,
//!   option or shape outside what is listed below is refused at load with
//!   [`NnError::Unsupported`] naming it.
//! - Shapes are inferred at load and checked against the file's; a lone
//!   activation (RELU, RELU6, HARD_SWISH, LOGISTIC) is fused into the conv,
//!   depthwise conv, transpose conv, ADD or MUL before it; activation buffers
//!   are planned once by liveness (best fit), so a [`Workspace`] is a handful
//!   of `Vec<f32>` reused run after run. Constants no step reads (the f32
//!   copies of weights packed into their steps) are dropped after loading.
//! - Operators: `CONV_2D` (1×1 stride 1 as a matrix multiply with a 2×4
//!   register-blocked micro-kernel over weights packed at load, ~85 % of the
//!   work; any other k×k, stride, SAME/VALID by im2col one output row at a time
//!   into the same kernel), `DEPTHWISE_CONV_2D` (multiplier 1, any k and
//!   stride; per output pixel 4 channels summed over all taps in registers),
//!   `ADD` and `MUL` (same shape or a broadcast trailing shape such as
//!   per-channel 1×1×1×C), `RELU`, `RELU6`, `HARD_SWISH`, `LOGISTIC`, fused
//!   activations NONE/RELU/RELU6, `PAD` (zeros, any axis, rank ≤ 4),
//!   `MAX_POOL_2D`, `AVERAGE_POOL_2D` (global only) and `MEAN` over axes 1, 2
//!   (an exact float mean: tract once rounded a float MEAN to integers),
//!   `RESIZE_BILINEAR` (align_corners / half_pixel_centers / neither, as
//!   TFLite), `RESHAPE`, `CONCATENATION`, `DEQUANTIZE` of constants, and the
//!   custom `Convolution2DTransposeBias` (kernel == stride, so no overlap: a
//!   matrix multiply and a scatter).
//! - Pure Rust, no dependencies, no `unsafe`. Hot loops walk slices with
//!   iterators and `chunks_exact`, so they carry no per-element bounds checks.
//!   The scalar kernels run natively and in `wasm32-unknown-unknown` without
//!   the simd128 feature (iPhones before iOS 16.4 lack it); built for wasm32
//!   *with* simd128, the matrix multiply and the depthwise conv use
//!   `core::arch::wasm32` f32x4 instead (`kernels/simd.rs`), summing the same
//!   products in the same order without fused multiply-adds, so both builds
//!   give bit-identical outputs (`scripts/vision-simd-check.mjs` compares
//!   them on the real fixtures; native tests test the scalar kernels).
//!
//! ## Memory bound
//! At load the plan counts every buffer a run holds ([`Model::memory`]): the
//! activation slots, the scratch (the general conv's im2col row of patches,
//! `out_width · kh · kw · channels` floats; the transpose conv's product), and
//! the index tables a step allocates while it runs (depthwise taps, resize
//! coordinates, input and output lists). A model whose total exceeds
//! [`MAX_RUN_BYTES`] (128 MiB) is refused with [`NnError::Unsupported`]
//! before anything is allocated, and a tensor over 2²⁴ elements with
//! [`NnError::Malformed`]. Every size on the way (tensor element counts,
//! window spans, padded and concatenated sizes, scratch) is computed with
//! checked arithmetic, since `usize` is 32 bits in wasm32: an overflow is an
//! error, never a wrap. The two models need 1.45 MB (face) and 4.43 MB
//! (segmentation) per run, plus 0.41 and 0.43 MB of f32 weights
//! (`tests/limits.rs` prints them); the workspace allocates exactly the
//! counted activations and scratch (tested).
//!
//! ## Speed
//! Written for wasm32 without SIMD: the 2×4 micro-kernel keeps its 14 live
//! values in V8's registers (4×4 spilled: 15 % slower), activations compare
//! instead of calling `f32::max` (which becomes a call to `fmaxf` in wasm),
//! and the workspace sets this package to opt-level 3 (the release profile is
//! "z"; at "z" both models ran ~45 % longer in wasm). Measured 2026-12-01 on
//! the shared 2-core machine, Node 20, process CPU time, median of 15:
//! BlazeFace 15 ms and segmentation 33 ms per photo (at "z": 21.5 and 52.5);
//! 2026-12-04, with MediaPipe's point-sampling warp in `precheck-vision`
//! instead of area averaging: 12.9 and 18.5 ms (`node scripts/bench-vision.mjs`).
//! Built with simd128 (`kernels/simd.rs`: GEMM 4 rows × 8 columns, depthwise
//! up to 32 channels per pass, ADD/MUL, max pooling and PAD's copies on
//! f32x4), 2026-12-07, the modules in turn on the loaded machine: face
//! ~24 → 8–14 ms, segmentation ~51 → 15–27 ms wall; instructions under
//! callgrind 0.35× and 0.42× (BENCHMARKS.md, "SIMD build").
//! `examples/profile.rs` times each operator kind natively.
//!
//! ## How it is tested
//! `tests/ref/gen_refs.py` (run once with numpy and the `tflite` parser) feeds
//! small random inputs through single operators of the real models, and a
//! 128×128 version of a real photo (fixture `test2`) through both whole
//! models, using a numpy reference interpreter that agrees with MediaPipe to
//! ~1e-5; it writes the small tensors in `tests/ref/*.nnt` (and two
//! one-operator models it builds: MEAN, and TANH which must be refused).
//! `tests/reference.rs` runs the same operators ([`Model::run_operator`]) and
//! models and compares (operators 1e-5, whole models 1e-4, relative to
//! max(1, |x|)). `tests/malformed.rs` truncates and corrupts the models: always
//! `Err`, or a model that runs, never a panic. `tests/limits.rs` writes
//! one-operator models claiming huge tensors, a 1 GB conv scratch and
//! activations over the bound: refused cleanly at load.
//!
//! Against LiteRT (dev only, not part of `cargo test`):
//! `scripts/model-record/run` runs `ai-edge-litert` on the very input tensors
//! precheck-vision makes from the five real fixtures, without delegates and
//! with every tensor kept, and compares each tensor this interpreter computes
//! ([`Model::run_observed`] hands them out) with LiteRT's, then the outputs
//! with LiteRT's XNNPACK path and the numpy reference: worst 5.0e-5 relative
//! to max(1, |x|) over the 73 + 92 tensors of the two models on each
//! fixture; outputs 7.5e-5 from XNNPACK, 3.1e-5 from numpy (2026-12-04).

mod flatbuf;
mod graph;
pub mod kernels;

pub use graph::{f16_to_f32, Memory, Model, Workspace, MAX_RUN_BYTES};

/// Why a model could not be loaded or run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NnError {
    /// The file is not a well-formed TFLite flatbuffer (truncated, corrupted,
    /// inconsistent indices or sizes).
    Malformed(String),
    /// Well-formed, but uses an operator, option or type this crate lacks.
    Unsupported(String),
    /// Tensor shapes do not fit together (or an input of the wrong size).
    Shape(String),
}

impl core::fmt::Display for NnError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            NnError::Malformed(s) => write!(f, "malformed model: {s}"),
            NnError::Unsupported(s) => write!(f, "unsupported: {s}"),
            NnError::Shape(s) => write!(f, "shape error: {s}"),
        }
    }
}

impl std::error::Error for NnError {}
