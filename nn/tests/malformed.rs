//! A truncated or corrupted model gives an error (or, if it still parses, a
//! model that runs), never a panic.

use precheck_nn::{Model, NnError};

const FACE: &[u8] = include_bytes!("../../models/face_detection_short_range.tflite");
const SEG: &[u8] = include_bytes!("../../models/selfie_segmentation.tflite");

/// xorshift64*: a fixed sequence, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn truncated_models_are_errors() {
    for model in [FACE, SEG] {
        for cut in [0, 3, 7, 8, 64, 1000]
            .into_iter()
            .chain((1..100).map(|p| model.len() * p / 100))
        {
            assert!(Model::from_tflite(&model[..cut]).is_err(), "cut at {cut}");
        }
        // Both files end with a small zip archive (MediaPipe's metadata) that the
        // graph does not reference: cutting into it may still load; never a panic.
        for back in 1..200 {
            let _ = Model::from_tflite(&model[..model.len() - back]);
        }
    }
}

#[test]
fn garbage_is_an_error() {
    assert!(matches!(
        Model::from_tflite(b"not a model at all"),
        Err(NnError::Malformed(_))
    ));
    let mut fake = vec![0xffu8; 64];
    fake[4..8].copy_from_slice(b"TFL3");
    assert!(Model::from_tflite(&fake).is_err());
}

#[test]
fn corrupted_models_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut loaded, mut refused) = (0, 0);
    for round in 0..400 {
        let base = if round % 2 == 0 { FACE } else { SEG };
        let mut m = base.to_vec();
        // The structure (offsets, vtables, shapes, operators) lives outside the
        // big weight buffers; aim half the hits at the file's first and last 8 KB.
        for _ in 0..1 + rng.next() % 4 {
            let r = rng.next() as usize;
            let pos = match rng.next() % 3 {
                0 => r % 8192,
                1 => m.len() - 1 - r % 8192,
                _ => r % m.len(),
            };
            m[pos] = rng.next() as u8;
        }
        match Model::from_tflite(&m) {
            Ok(model) => {
                loaded += 1;
                let n: usize = model.input_shape().iter().product();
                let mut ws = model.workspace();
                let _ = model.run(&mut ws, &vec![0.5; n]);
            }
            Err(_) => refused += 1,
        }
    }
    assert!(
        refused > 0 && loaded > 0,
        "loaded {loaded}, refused {refused}"
    );
}

#[test]
fn unsupported_and_wrong_inputs_are_errors() {
    let model = Model::from_tflite(FACE).unwrap();
    let mut ws = model.workspace();
    assert!(matches!(
        model.run(&mut ws, &[0.0; 10]),
        Err(NnError::Shape(_))
    ));
    // a workspace of the other model is replaced, not trusted
    let seg = Model::from_tflite(SEG).unwrap();
    let mut other = seg.workspace();
    assert!(model.run(&mut other, &vec![0.0; 128 * 128 * 3]).is_ok());
    // run_operator: unknown index, wrong shapes
    assert!(model.run_operator(9999, &[]).is_err());
    assert!(model
        .run_operator(2, &[(&[1, 4, 4, 5], &[0.0; 80])])
        .is_err());
    assert!(model
        .run_operator(2, &[(&[1, 4, 4, 3], &[0.0; 10])])
        .is_err());
}
