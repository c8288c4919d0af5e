//! The memory bound: every buffer a run holds (activation buffers, the general
//! conv's and the transpose conv's scratch, the index tables a step builds) is
//! counted at load, in checked arithmetic, and a model over the bound is refused
//! cleanly, before anything is allocated. The crafted models are written here
//! by a minimal FlatBuffers writer (one operator each).

use precheck_nn::{Model, NnError, MAX_RUN_BYTES};

const FACE: &[u8] = include_bytes!("../../models/face_detection_short_range.tflite");
const SEG: &[u8] = include_bytes!("../../models/selfie_segmentation.tflite");

/// A FlatBuffers value: a table (fields by id, absent = default), a vector of
/// tables, of int32 or of bytes. Scalars are stored in 4 bytes, little-endian
/// (a u8 field reads the first byte).
enum V {
    Table(Vec<Option<F>>),
    Tables(Vec<V>),
    I32s(Vec<i32>),
    Bytes(Vec<u8>),
}

enum F {
    S(i64),
    R(V),
}

fn pad4(buf: &mut Vec<u8>) {
    while buf.len() % 4 != 0 {
        buf.push(0);
    }
}

fn patch(buf: &mut [u8], at: usize, target: usize) {
    buf[at..at + 4].copy_from_slice(&((target - at) as u32).to_le_bytes());
}

/// Writes `v` after everything so far (children after their parent, so every
/// offset points forward) and returns where it starts.
fn emit(buf: &mut Vec<u8>, v: &V) -> usize {
    match v {
        V::Table(fields) => {
            let vt = buf.len();
            let n = fields.len();
            buf.extend_from_slice(&((4 + 2 * n) as u16).to_le_bytes());
            buf.extend_from_slice(&((4 + 4 * n) as u16).to_le_bytes());
            for (i, f) in fields.iter().enumerate() {
                let off = if f.is_some() { 4 + 4 * i } else { 0 };
                buf.extend_from_slice(&(off as u16).to_le_bytes());
            }
            pad4(buf);
            let t = buf.len();
            buf.extend_from_slice(&((t - vt) as i32).to_le_bytes());
            for f in fields {
                let s = match f {
                    Some(F::S(x)) => *x as u32,
                    _ => 0,
                };
                buf.extend_from_slice(&s.to_le_bytes());
            }
            for (i, f) in fields.iter().enumerate() {
                if let Some(F::R(child)) = f {
                    let c = emit(buf, child);
                    patch(buf, t + 4 + 4 * i, c);
                }
            }
            t
        }
        V::Tables(items) => {
            let p = buf.len();
            buf.extend_from_slice(&(items.len() as u32).to_le_bytes());
            buf.resize(buf.len() + 4 * items.len(), 0);
            for (i, item) in items.iter().enumerate() {
                let c = emit(buf, item);
                patch(buf, p + 4 + 4 * i, c);
            }
            p
        }
        V::I32s(xs) => {
            let p = buf.len();
            buf.extend_from_slice(&(xs.len() as u32).to_le_bytes());
            for x in xs {
                buf.extend_from_slice(&x.to_le_bytes());
            }
            p
        }
        V::Bytes(b) => {
            let p = buf.len();
            buf.extend_from_slice(&(b.len() as u32).to_le_bytes());
            buf.extend_from_slice(b);
            pad4(buf);
            p
        }
    }
}

/// A tensor of float32: its shape and, for a constant, its buffer's index.
fn tensor(shape: &[i64], buffer: i64) -> V {
    let dims = shape.iter().map(|&d| d as i32).collect();
    V::Table(vec![
        Some(F::R(V::I32s(dims))),
        Some(F::S(0)),
        Some(F::S(buffer)),
    ])
}

/// A model of one operator (`code`, builtin options table `opts`), reading
/// tensor 0 (the input) and the constants, writing the last tensor.
fn model(code: i64, tensors: Vec<V>, ins: Vec<i32>, buffers: Vec<Vec<u8>>, opts: V) -> Vec<u8> {
    let out = tensors.len() as i32 - 1;
    let op = V::Table(vec![
        Some(F::S(0)),
        Some(F::R(V::I32s(ins))),
        Some(F::R(V::I32s(vec![out]))),
        None,
        Some(F::R(opts)),
    ]);
    let subgraph = V::Table(vec![
        Some(F::R(V::Tables(tensors))),
        Some(F::R(V::I32s(vec![0]))),
        Some(F::R(V::I32s(vec![out]))),
        Some(F::R(V::Tables(vec![op]))),
    ]);
    let opcode = V::Table(vec![
        Some(F::S(code)),
        None,
        Some(F::S(1)),
        Some(F::S(code)),
    ]);
    let mut bufs = vec![V::Table(vec![])];
    bufs.extend(
        buffers
            .into_iter()
            .map(|b| V::Table(vec![Some(F::R(V::Bytes(b)))])),
    );
    let root = V::Table(vec![
        Some(F::S(3)),
        Some(F::R(V::Tables(vec![opcode]))),
        Some(F::R(V::Tables(vec![subgraph]))),
        None,
        Some(F::R(V::Tables(bufs))),
    ]);
    let mut buf = vec![0, 0, 0, 0, b'T', b'F', b'L', b'3'];
    let r = emit(&mut buf, &root);
    patch(&mut buf, 0, r);
    buf
}

const CONV_2D: i64 = 3;
const RELU: i64 = 19;

fn f32_bytes(n: usize) -> Vec<u8> {
    (0..n)
        .flat_map(|i| (i as f32 * 0.01).to_le_bytes())
        .collect()
}

/// CONV_2D of an input `[1, h, w, c]` with `o` filters `k × k`, stride `s`, SAME.
fn conv(h: i64, w: i64, c: i64, o: i64, k: i64, s: i64) -> Vec<u8> {
    let n = (o * k * k * c) as usize;
    model(
        CONV_2D,
        vec![
            tensor(&[1, h, w, c], 0),
            tensor(&[o, k, k, c], 1),
            tensor(&[o], 2),
            tensor(&[], 0),
        ],
        vec![0, 1, 2],
        vec![f32_bytes(n), f32_bytes(o as usize)],
        V::Table(vec![Some(F::S(0)), Some(F::S(s)), Some(F::S(s))]),
    )
}

/// RELU of an input `[1, h, w, c]`.
fn relu(shape: &[i64]) -> Vec<u8> {
    model(
        RELU,
        vec![tensor(shape, 0), tensor(&[], 0)],
        vec![0],
        vec![],
        V::Table(vec![]),
    )
}

#[test]
fn the_writer_makes_models_that_load_and_run() {
    // 8×8×3 → 3×3 conv, stride 2, 4 filters: 4×4×4 out
    let m = Model::from_tflite(&conv(8, 8, 3, 4, 3, 2)).unwrap();
    assert_eq!(m.output_shapes(), vec![&[1, 4, 4, 4][..]]);
    let mut ws = m.workspace();
    let out = m.run(&mut ws, &vec![1.0; 8 * 8 * 3]).unwrap();
    assert_eq!(out[0].len(), 64);
    // the general conv's scratch is counted: one output row of im2col patches
    let mem = m.memory();
    assert_eq!(mem.scratch, 4 * 4 * (3 * 3 * 3));
    assert_eq!(mem.activations, 4 * (8 * 8 * 3 + 4 * 4 * 4));
    assert_eq!(ws.floats() * 4, mem.activations + mem.scratch);
    assert_eq!(m.workspace_floats(), ws.floats());
    assert!(mem.transient > 0 && mem.run_bytes() < 4096);
    // weights: 4·27 + 4 floats, packed
    assert_eq!(mem.weights, 4 * (4 * 27 + 4));
}

#[test]
fn tensors_claiming_huge_sizes_are_refused_cleanly() {
    for shape in [
        [1i64, 65_536, 65_536, 3],                        // 12.9 G elements
        [1, 2_147_483_647, 2_147_483_647, 2_147_483_647], // overflows 64 bits
        [1, 65_536, 65_537, 1], // > 2³² elements: overflows wasm32's usize
        [1, 4_097, 4_096, 1],   // just over 2²⁴ elements
    ] {
        let bytes = relu(&shape);
        match Model::from_tflite(&bytes) {
            Err(NnError::Malformed(e)) => assert!(e.contains("too large"), "{shape:?}: {e}"),
            other => panic!("{shape:?}: {other:?}"),
        }
    }
    // a negative dimension is refused too
    assert!(Model::from_tflite(&relu(&[1, -4, 4, 1])).is_err());
}

#[test]
fn the_conv_scratch_counts_toward_the_bound() {
    // Tensors of 1 M elements, but one output row of im2col patches is
    // 4000 × (32·32·64) floats = 1 GB: refused at load, nothing allocated.
    // (Before the scratch was counted, this loaded and asked for 1 GB per run.)
    let bytes = conv(2, 4000, 64, 1, 32, 1);
    match Model::from_tflite(&bytes) {
        Err(NnError::Unsupported(e)) => assert!(e.contains("bytes of buffers"), "{e}"),
        other => panic!("{other:?}"),
    }
    // the same conv on a narrow input fits, and its scratch is what the bound counted
    let m = Model::from_tflite(&conv(2, 40, 64, 1, 32, 1)).unwrap();
    assert_eq!(m.memory().scratch, 4 * 40 * 32 * 32 * 64);
    assert_eq!(
        m.workspace().floats() * 4,
        m.memory().activations + m.memory().scratch
    );
}

#[test]
fn activations_over_the_bound_are_refused() {
    // two live buffers of 2²⁴ floats (input and output of a RELU): 128 MiB plus
    // the index tables, just over the bound
    let bytes = relu(&[1, 2048, 2048, 4]);
    match Model::from_tflite(&bytes) {
        Err(NnError::Unsupported(e)) => assert!(e.contains(&MAX_RUN_BYTES.to_string()), "{e}"),
        other => panic!("{other:?}"),
    }
    // half of it fits
    let m = Model::from_tflite(&relu(&[1, 1024, 2048, 4])).unwrap();
    assert_eq!(m.memory().activations, 2 * 4 * 1024 * 2048 * 4);
    assert!(m.memory().run_bytes() <= MAX_RUN_BYTES);
}

#[test]
fn the_bound_fits_wasm32_and_the_real_models_are_far_inside_it() {
    assert!(MAX_RUN_BYTES < u32::MAX as usize / 4);
    for (name, bytes) in [("face", FACE), ("seg", SEG)] {
        let m = Model::from_tflite(bytes).unwrap();
        let mem = m.memory();
        eprintln!("{name}: {mem:?}, run {} bytes", mem.run_bytes());
        // both have a general (strided) conv, the segmenter a transpose conv
        assert!(mem.scratch > 0, "{name}");
        assert_eq!(m.workspace().floats() * 4, mem.activations + mem.scratch);
        assert!(mem.run_bytes() < MAX_RUN_BYTES / 8, "{name}: {mem:?}");
        assert!(
            mem.weights > 300_000 && mem.weights < 1_000_000,
            "{name}: {mem:?}"
        );
    }
}
