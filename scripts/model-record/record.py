"""The model run of record: precheck-vision against MediaPipe, precheck-nn against LiteRT.

Dev only (never shipped, never needed by ./dev test); run it through `run` beside
this file, which makes the venv and builds the two Rust examples it calls.

For each real fixture (../shared/fixtures/photos-real/test0..4.jpg), at its decoded
size and at 512 px on the long side (the size the photo code hands the models):
1. Decodes it with the `image` crate, as the Rust tests do (`dump_rgb … 0`), so
   both sides see the very same RGB pixels.
2. Runs precheck-vision and precheck-nn on them (`model_trace`): the two input
   tensors, every tensor the interpreter computes, the faces and the mask.
3. Runs MediaPipe's own legacy pipelines on the same pixels (`mediapipe==0.10.14`,
   `mp.solutions.face_detection` model 0 and `mp.solutions.selfie_segmentation`
   model 0: CPU graphs, ImageToTensorCalculator → TFLite → decoding), and compares
   faces (boxes and keypoints in photo pixels, scores) and masks (IoU of
   MediaPipe's mask > 0.5 with ours upsampled as MediaPipe does, > 0.5).
4. Preprocessing: our input tensors against OpenCV's warpPerspective with the
   corner mapping MediaPipe's ImageToTensorCalculator uses.
5. The interpreter: runs LiteRT (ai-edge-litert) on our input tensors, without
   delegates and with every tensor kept, and compares every tensor our
   interpreter computed with LiteRT's, operator by operator; then the outputs
   end to end with LiteRT's default CPU path (XNNPACK, as MediaPipe runs it) and
   with the numpy reference interpreter of ../shared/ml-tools (if present).
   LiteRT lacks MediaPipe's custom op Convolution2DTransposeBias, so for LiteRT
   the segmenter's one such operator is rewritten as the builtin TRANSPOSE_CONV
   with bias (kernel 2×2 = stride, VALID: the same arithmetic).

Prints one table and exits 1 if a tolerance is missed (boxes and keypoints
0.5 px, mask IoU 0.998, tensors 1e-4 relative to max(1, |x|)).
With --write, rewrites the committed references that the Rust tests check
without Python: vision/tests/mediapipe/reference.json (MediaPipe's faces) and
<fixture>[-512]-mask.png (MediaPipe's mask > 0.5, 1 bit per pixel), for
vision/tests/mediapipe.rs; and vision/tests/litert/test2-512.nnt, LiteRT's
outputs (XNNPACK, as MediaPipe runs it) on our input tensors for test2 at 512 px,
for vision/tests/litert.rs. NNT1 format (nn/tests/ref/gen_refs.py): u32 count, per
tensor u32 dtype (0 = f32), u32 rank, u32 dims, f32 data, little-endian:
[face scores (logits) 896] [the 16 best anchors' indices 16] [their regressors 16×16]
[segmentation mask, every 4th row and column, 64×64] [its row 128, 256].
"""
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
FIXTURES = os.path.join(ROOT, '..', 'shared', 'fixtures', 'photos-real')
ML_TOOLS = os.path.join(ROOT, '..', 'shared', 'ml-tools')
REF_DIR = os.path.join(ROOT, 'vision', 'tests', 'mediapipe')
EXAMPLES = os.path.join(ROOT, 'target', 'release', 'examples')
MODELS = {'face': os.path.join(ROOT, 'models', 'face_detection_short_range.tflite'),
          'seg': os.path.join(ROOT, 'models', 'selfie_segmentation.tflite')}
# each fixture at its decoded size (0) and as the photo code hands it to the models:
# 512 px on the long side (dump_rgb's Triangle resize, which the Rust test repeats)
PHOTOS = [(f'test{i}.jpg', long) for long in (0, 512) for i in range(5)]
BOX_PX, MASK_IOU, TENSOR_REL = 0.5, 0.998, 1e-4


def decode(name, long, tmp):
    path = os.path.join(tmp, f'{name}-{long}.rgb')
    out = subprocess.run([os.path.join(EXAMPLES, 'dump_rgb'), os.path.join(FIXTURES, name), path, str(long)],
                         check=True, capture_output=True, text=True).stdout
    w, h = map(int, out.split())
    return np.fromfile(path, np.uint8).reshape(h, w, 3), path


def read_trace(path):
    b = open(path, 'rb').read()
    out, pos = {}, 0
    while pos < len(b):
        t, n = np.frombuffer(b, '<u4', 2, pos)
        pos += 8
        out[int(t)] = np.frombuffer(b, '<f4', int(n), pos)
        pos += 4 * int(n)
    return out


def write_nnt(path, tensors):
    out = [b'NNT1', np.uint32(len(tensors)).tobytes()]
    for t in tensors:
        t = np.asarray(t, '<f4')
        out.append(np.array([0, t.ndim, *t.shape], '<u4').tobytes())
        out.append(t.tobytes())
    with open(path, 'wb') as f:
        f.write(b''.join(out))


def rel(a, b):
    """Largest |a − b| relative to max(1, |b|)."""
    a, b = np.asarray(a, np.float64).ravel(), np.asarray(b, np.float64).ravel()
    return float(np.max(np.abs(a - b) / np.maximum(1.0, np.abs(b)))) if a.size else 0.0


# --- LiteRT -------------------------------------------------------------------------

def litert_bytes(which):
    """The model for LiteRT: the face model as is; the segmenter with its custom
    Convolution2DTransposeBias rewritten as the builtin TRANSPOSE_CONV + bias."""
    buf = open(MODELS[which], 'rb').read()
    if which == 'face':
        return buf
    import flatbuffers
    from ai_edge_litert import schema_py_generated as S
    m = S.ModelT.InitFromPackedBuf(buf, 0)
    g = m.subgraphs[0]
    custom = [i for i, c in enumerate(m.operatorCodes)
              if c.customCode and c.customCode.decode() == 'Convolution2DTransposeBias']
    code = S.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = S.BuiltinOperator.TRANSPOSE_CONV
    code.version = 3
    m.operatorCodes.append(code)
    for op in g.operators:
        if op.opcodeIndex not in custom:
            continue
        x, w, b = op.inputs
        words = np.frombuffer(bytes(op.customOptions), '<i4')
        sw, sh = int(words[1]), int(words[2])
        _, h, wd, _ = g.tensors[x].shape
        o = g.tensors[w].shape[0]
        shape_buf = S.BufferT()
        shape_buf.data = np.array([1, h * sh, wd * sw, o], '<i4').view(np.uint8)
        m.buffers.append(shape_buf)
        t = S.TensorT()
        t.shape = np.array([4], np.int32)
        t.type = S.TensorType.INT32
        t.buffer = len(m.buffers) - 1
        t.name = b'output_shape_for_transpose_conv'
        g.tensors.append(t)
        opts = S.TransposeConvOptionsT()
        opts.padding, opts.strideW, opts.strideH = S.Padding.VALID, sw, sh
        op.opcodeIndex = len(m.operatorCodes) - 1
        op.inputs = np.array([len(g.tensors) - 1, w, x, b], np.int32)
        op.builtinOptionsType = S.BuiltinOptions.TransposeConvOptions
        op.builtinOptions = opts
        op.customOptions = None
    fb = flatbuffers.Builder(1 << 20)
    fb.Finish(m.Pack(fb), file_identifier=b'TFL3')
    return bytes(fb.Output())


def litert(which, x, keep_all):
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
    kw = dict(experimental_op_resolver_type=OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
              experimental_preserve_all_tensors=True) if keep_all else {}
    it = Interpreter(model_content=litert_bytes(which), **kw)
    it.allocate_tensors()
    inp = it.get_input_details()[0]
    it.set_tensor(inp['index'], x.reshape(inp['shape']).astype(np.float32))
    it.invoke()
    return it


def compare_ops(which, x, trace):
    """Every tensor our interpreter computed against LiteRT's (no delegate)."""
    it = litert(which, x, keep_all=True)
    names = {d['index']: d['name'] for d in it.get_tensor_details()}
    worst = (0.0, None)
    for t, ours in trace.items():
        d = rel(ours, it.get_tensor(t))
        if d >= worst[0]:
            worst = (d, names.get(t, str(t)))
    return len(trace), worst


def numpy_outputs(which, x, side):
    if not os.path.exists(os.path.join(ML_TOOLS, 'ref_interp.py')):
        return None
    sys.path.insert(0, ML_TOOLS)
    import ref_interp
    outs, _, _ = ref_interp.run(MODELS[which], x.reshape(side, side, 3))
    return outs


# --- MediaPipe ----------------------------------------------------------------------

def mp_faces(rgb):
    import mediapipe as mp
    with mp.solutions.face_detection.FaceDetection(model_selection=0, min_detection_confidence=0.5) as fd:
        res = fd.process(rgb).detections or []
    out = []
    for d in res:
        b = d.location_data.relative_bounding_box
        clamp = lambda v: min(max(v, 0.0), 1.0)  # noqa: E731  (our API clamps to 0..1)
        out.append({'score': float(d.score[0]),
                    'bbox': [clamp(b.xmin), clamp(b.ymin), clamp(b.xmin + b.width), clamp(b.ymin + b.height)],
                    'keypoints': [[clamp(k.x), clamp(k.y)] for k in d.location_data.relative_keypoints]})
    return out


def mp_mask(rgb):
    import mediapipe as mp
    with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as ss:
        return ss.process(rgb).segmentation_mask


def mp_warp(rgb, side, letterbox):
    """MediaPipe's ImageToTensorCalculator on CPU, with OpenCV itself: the ROI's
    corners onto the tensor's corners, warpPerspective INTER_LINEAR, border 0."""
    h, w = rgb.shape[:2]
    rw, rh = (max(w, h),) * 2 if letterbox else (w, h)
    left, top = w / 2 - rw / 2, h / 2 - rh / 2
    src = np.float32([[left, top + rh], [left, top], [left + rw, top], [left + rw, top + rh]])
    dst = np.float32([[0, side], [0, 0], [side, 0], [side, side]])
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(rgb, m, (side, side), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def upsample(mask256, w, h):
    """Our 256×256 mask at the photo's size, as MediaPipe's
    TensorsToSegmentationCalculator resizes its own (cv::resize, INTER_LINEAR)."""
    return cv2.resize(mask256.astype(np.float32) / 255.0, (w, h), interpolation=cv2.INTER_LINEAR)


def face_diffs(ours, theirs, w, h):
    """Largest box-corner and keypoint distance in photo pixels and in the
    face model's input pixels (128 across the letterbox's side)."""
    if len(ours) != len(theirs):
        return None
    per_input = 128.0 / max(w, h)
    box = kp = score = 0.0
    for a, b in zip(ours, theirs):
        for i in range(4):
            box = max(box, abs(a['bbox'][i] - b['bbox'][i]) * (w if i % 2 == 0 else h))
        for p, q in zip(a['keypoints'], b['keypoints']):
            kp = max(kp, abs(p[0] - q[0]) * w, abs(p[1] - q[1]) * h)
        score = max(score, abs(a['score'] - b['score']))
    return {'box_px': box, 'kp_px': kp, 'box_input_px': box * per_input,
            'kp_input_px': kp * per_input, 'score': score}


def main():
    write = '--write' in sys.argv[1:]
    import mediapipe
    from PIL import Image
    rows, fixtures, ok, litert_ref = [], [], True, {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, long in PHOTOS:
            rgb, rgb_path = decode(name, long, tmp)
            h, w = rgb.shape[:2]
            tdir = os.path.join(tmp, f'{name}-{long}')
            subprocess.run([os.path.join(EXAMPLES, 'model_trace'), rgb_path, str(w), str(h), tdir], check=True)
            face_in = np.fromfile(os.path.join(tdir, 'face_input.f32'), '<f4')
            seg_in = np.fromfile(os.path.join(tdir, 'seg_input.f32'), '<f4')
            ours = json.load(open(os.path.join(tdir, 'faces.json')))
            mask = np.fromfile(os.path.join(tdir, 'mask.u8'), np.uint8).reshape(256, 256)

            # preprocessing against OpenCV
            cv_face = mp_warp(rgb, 128, True).astype(np.float32) * np.float32(2 / 255) - 1
            cv_seg = mp_warp(rgb, 256, False).astype(np.float32) * np.float32(1 / 255)
            pre = {'face_max': float(np.abs(cv_face.ravel() - face_in).max()),
                   'face_diff_values': int((np.abs(cv_face.ravel() - face_in) > 1e-6).sum()),
                   'seg_max': float(np.abs(cv_seg.ravel() - seg_in).max()),
                   'seg_diff_values': int((np.abs(cv_seg.ravel() - seg_in) > 1e-6).sum())}

            # the interpreter against LiteRT (op by op, end to end) and numpy
            interp = {}
            for which, x, side in (('face', face_in, 128), ('seg', seg_in, 256)):
                trace = read_trace(os.path.join(tdir, which + '.trace'))
                n, (worst, tname) = compare_ops(which, x, trace)
                # end to end: LiteRT's default CPU path (XNNPACK), as MediaPipe runs it
                lt = litert(which, x, keep_all=False)
                outs_idx = [o['index'] for o in lt.get_output_details()]
                e2e = max(rel(trace[t], lt.get_tensor(t)) for t in outs_idx)
                if write and (name, long) == ('test2.jpg', 512):
                    litert_ref[which] = [lt.get_tensor(o['index']) for o in lt.get_output_details()]
                npo = numpy_outputs(which, x, side)
                e2e_np = None
                if npo is not None:
                    e2e_np = max(rel(trace[t], o) for t, o in zip(outs_idx, npo))
                interp[which] = {'tensors': n, 'worst_op_rel': worst, 'worst_tensor': tname,
                                 'xnnpack_rel': e2e, 'numpy_rel': e2e_np}

            # MediaPipe's pipelines on the same pixels
            theirs = mp_faces(rgb)
            fd = face_diffs(ours, theirs, w, h)
            mp_m = mp_mask(rgb) > 0.5
            our_m = upsample(mask, w, h) > 0.5
            iou = float((mp_m & our_m).sum() / max(1, (mp_m | our_m).sum()))

            good = (fd is not None and fd['box_px'] <= BOX_PX and fd['kp_px'] <= BOX_PX and iou >= MASK_IOU
                    and all(v['worst_op_rel'] <= TENSOR_REL and v['xnnpack_rel'] <= TENSOR_REL
                            and (v['numpy_rel'] is None or v['numpy_rel'] <= TENSOR_REL)
                            for v in interp.values()))
            ok &= good
            rows.append((name, w, h, len(ours), len(theirs), fd, iou, pre, interp, good))
            stem = name.replace('.jpg', '' if long == 0 else f'-{long}')
            fixtures.append({'file': name, 'long_side': long, 'width': w, 'height': h,
                             'rgb_sha256': hashlib.sha256(rgb.tobytes()).hexdigest(),
                             'faces': theirs, 'mask': stem + '-mask.png',
                             'mask_share': float(mp_m.mean())})
            if write:
                os.makedirs(REF_DIR, exist_ok=True)
                Image.fromarray(mp_m).convert('1').save(os.path.join(REF_DIR, fixtures[-1]['mask']),
                                                        optimize=True)

    print(f'mediapipe {mediapipe.__version__}, ai-edge-litert, opencv {cv2.__version__}; '
          f'tolerances: boxes and keypoints {BOX_PX} px, mask IoU {MASK_IOU}, tensors {TENSOR_REL:g}')
    for name, w, h, n_ours, n_mp, fd, iou, pre, interp, good in rows:
        print(f'\n{name} at {w}×{h}: faces ours {n_ours}, MediaPipe {n_mp}; mask IoU {iou:.5f}  '
              f'{"ok" if good else "OUT OF TOLERANCE"}')
        if fd:
            print(f'  boxes within {fd["box_px"]:.4f} px ({fd["box_input_px"]:.5f} input px), keypoints '
                  f'{fd["kp_px"]:.4f} px ({fd["kp_input_px"]:.5f} input px), scores {fd["score"]:.1e}')
        print(f'  preprocessing vs OpenCV: face max {pre["face_max"]:.2e} ({pre["face_diff_values"]} values '
              f'differ), seg max {pre["seg_max"]:.2e} ({pre["seg_diff_values"]} values differ)')
        for which, v in interp.items():
            np_txt = 'n/a' if v['numpy_rel'] is None else f'{v["numpy_rel"]:.1e}'
            print(f'  {which}: {v["tensors"]} tensors vs LiteRT (no delegate) worst {v["worst_op_rel"]:.1e} '
                  f'({v["worst_tensor"]}); outputs vs LiteRT+XNNPACK {v["xnnpack_rel"]:.1e}, vs numpy {np_txt}')
    if write:
        ref = {'generated_by': 'scripts/model-record/run --write',
               'date': datetime.date.today().isoformat(),
               'mediapipe': mediapipe.__version__,
               'what': 'MediaPipe legacy mp.solutions face_detection (model 0) and selfie_segmentation '
                       '(model 0) on each fixture as the image crate decodes it (RGB8), at its size '
                       '(long_side 0) and resized to 512 px on the long side (image Triangle, as '
                       'vision/examples/dump_rgb); boxes and keypoints normalised and clamped to 0..1; '
                       'masks: MediaPipe mask > 0.5',
               'tolerance': {'px': BOX_PX, 'mask_iou': MASK_IOU},
               'fixtures': fixtures}
        with open(os.path.join(REF_DIR, 'reference.json'), 'w') as f:
            json.dump(ref, f, indent=1)
            f.write('\n')
        print(f'\nwrote {os.path.relpath(REF_DIR, ROOT)}/reference.json and the masks')
        reg, logits = (sorted(litert_ref['face'], key=lambda a: a.size)[::-1])
        reg, logits = reg.reshape(896, 16), logits.reshape(896)
        best = np.argsort(-logits, kind='stable')[:16]
        mask = litert_ref['seg'][0].reshape(256, 256)
        os.makedirs(os.path.join(ROOT, 'vision', 'tests', 'litert'), exist_ok=True)
        write_nnt(os.path.join(ROOT, 'vision', 'tests', 'litert', 'test2-512.nnt'),
                  [logits, best.astype(np.float32), reg[best], mask[::4, ::4], mask[128]])
        print('wrote vision/tests/litert/test2-512.nnt')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
