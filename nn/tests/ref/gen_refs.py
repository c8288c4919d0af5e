"""Writes the reference tensors of precheck-nn's tests (tests/reference.rs).

Run once, from the repository root, with numpy and the `tflite` flatbuffer package
(and the numpy reference interpreter `ref_interp.py` of /work/shared/ml-tools, which
agrees with MediaPipe's outputs to ~1e-5; it is imported, not copied):

    python nn/tests/ref/gen_refs.py [ML_TOOLS_DIR]

Input: models/*.tflite and tests/ref/test2_128.u8 (the fixture test2 stretched to
128x128 RGB by `cargo run -p precheck-vision --example dump_rgb -- \
../shared/fixtures/photos-real/test2.jpg nn/tests/ref/test2_128.u8 128 128`).

Output, one file per case, format "NNT1": u32 count, then per tensor u32 dtype
(0 f32, 1 f16, 2 u8), u32 rank, u32 dims[rank], little-endian data.
- op_<model>_<index>_<NAME>.nnt: one operator of the real model on a small random
  input (inputs stored as f16, the reference computed from exactly those values;
  output f32 last). Ops whose output size is fixed by the model keep that size.
- model_face.nnt: BlazeFace on test2_128: [scores 896] [regressors of every 4th anchor,
  224x16] [the 16 best-scoring anchors' indices] [their regressors, 16x16].
- synthetic_mean.tflite + synthetic_mean.nnt: a one-operator graph built here, MEAN
  over axes 1, 2 with keep_dims of a 1x3x5x4 input (neither model uses MEAN; the mean
  must stay a float: tract once rounded it); [input] [output].
- synthetic_tanh.tflite: a one-operator graph with TANH, which precheck-nn lacks (the
  load must fail naming it).
- faces_test2_128.nnt: the faces BlazeFace finds in test2_128 (given as a 128x128 image,
  so no letterbox), decoded here in numpy independently of the Rust code (MediaPipe's
  anchors and options for this model, weighted NMS), 17 floats per face as in
  precheck-vision's wasm ABI: score, xmin, ymin, xmax, ymax, 6 x (x, y).
- model_seg.nnt: the mask of the segmenter on test2_128 upsampled 2x (nearest):
  [every 4th row and column 64x64] [row 128, 256 values] [mean of all, 1 value].
"""
import os, struct, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else '/work/shared/ml-tools')
import tflite  # noqa: E402
import ref_interp as R  # noqa: E402
from tflite.Padding import Padding  # noqa: E402

MODELS = {'face': 'face_detection_short_range.tflite', 'seg': 'selfie_segmentation.tflite'}
rng = np.random.default_rng(20261201)


def write(path, tensors):
    out = [b'NNT1', struct.pack('<I', len(tensors))]
    for t in tensors:
        code = {np.float32: 0, np.float16: 1, np.uint8: 2}[t.dtype.type]
        out.append(struct.pack('<II', code, t.ndim) + struct.pack(f'<{t.ndim}I', *t.shape))
        out.append(t.astype(t.dtype.newbyteorder('<')).tobytes())
    with open(path, 'wb') as f:
        f.write(b''.join(out))


def load(name):
    buf = open(os.path.join(ROOT, 'models', MODELS[name]), 'rb').read()
    m = tflite.Model.GetRootAsModel(buf, 0)
    return m, m.Subgraphs(0)


def const(m, g, ti):
    """A constant tensor as float32 (f16 DEQUANTIZE folded) or int32, else None."""
    t = g.Tensors(ti); b = m.Buffers(t.Buffer())
    if b is not None and b.DataLength() > 0:
        return np.frombuffer(b.DataAsNumpy().tobytes(), R.NP[t.Type()]).reshape(t.ShapeAsNumpy())
    for oi in range(g.OperatorsLength()):  # output of a DEQUANTIZE of a constant
        op = g.Operators(oi)
        if op.Outputs(0) == ti and op.InputsLength() == 1:
            c = const(m, g, op.Inputs(0))
            return None if c is None else c.astype(np.float32)
    return None


def one_op(mname, oi, shapes, scale=1.0):
    m, g = load(mname)
    op = g.Operators(oi)
    codes = [m.OperatorCodes(i) for i in range(m.OperatorCodesLength())]
    oc = codes[op.OpcodeIndex()]
    code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
    name = oc.CustomCode().decode() if code == R.B.CUSTOM else R.OPN[code]
    ins, xs = [], iter(shapes)
    stored = []
    for ti in op.InputsAsNumpy():
        c = const(m, g, ti)
        if c is not None:
            ins.append(c)
        else:
            x = (rng.standard_normal(next(xs)) * scale).astype(np.float16)
            stored.append(x)
            ins.append(x.astype(np.float32))
    a = ins[0]
    if name in ('CONV_2D', 'DEPTHWISE_CONV_2D'):
        dw = name == 'DEPTHWISE_CONV_2D'
        o = R.opts(op, tflite.DepthwiseConv2DOptions if dw else tflite.Conv2DOptions)
        y, _ = R.conv(a[0], ins[1], ins[2], (o.StrideH(), o.StrideW()), o.Padding(), dw)
        y = R.act(y, o.FusedActivationFunction())[None]
    elif name in ('ADD', 'MUL'):
        y = a + ins[1] if name == 'ADD' else a * ins[1]
    elif name == 'RELU':
        y = np.maximum(a, 0)
    elif name == 'HARD_SWISH':
        y = a * np.clip(a + 3, 0, 6) / 6
    elif name == 'LOGISTIC':
        y = 1 / (1 + np.exp(-a.astype(np.float64)))
    elif name == 'PAD':
        y = np.pad(a, ins[1])
    elif name == 'MAX_POOL_2D':  # 2x2 stride 2, SAME: pad bottom/right with -inf
        o = R.opts(op, tflite.Pool2DOptions)
        assert o.Padding() == Padding.SAME and (o.FilterHeight(), o.StrideH()) == (2, 2)
        _, H, W, C = a.shape
        p = np.pad(a, ((0, 0), (0, H % 2), (0, W % 2), (0, 0)), constant_values=-np.inf)
        y = p.reshape(1, (H + 1) // 2, 2, (W + 1) // 2, 2, C).max(axis=(2, 4))
    elif name == 'AVERAGE_POOL_2D':
        y = a.astype(np.float64).mean(axis=(1, 2), keepdims=True)
    elif name == 'RESIZE_BILINEAR':
        o = R.opts(op, tflite.ResizeBilinearOptions)
        assert o.HalfPixelCenters() and not o.AlignCorners()
        oh, ow = ins[1].tolist(); _, H, W, C = a.shape

        def coords(n_out, n_in):
            s = np.maximum((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0)
            i0 = np.floor(s).astype(int); i1 = np.minimum(i0 + 1, n_in - 1)
            return i0, i1, (s - i0)
        y0, y1, fy = coords(oh, H); x0, x1, fx = coords(ow, W)
        r = a[0][y0] * (1 - fy)[:, None, None] + a[0][y1] * fy[:, None, None]
        y = (r[:, x0] * (1 - fx)[None, :, None] + r[:, x1] * fx[None, :, None])[None]
    elif name == 'RESHAPE':
        y = a.reshape(g.Tensors(op.Outputs(0)).ShapeAsNumpy())
    elif name == 'CONCATENATION':
        o = R.opts(op, tflite.ConcatenationOptions); y = np.concatenate(ins, axis=o.Axis())
    elif name == 'Convolution2DTransposeBias':
        w = ins[1]; O, kh, kw, I = w.shape; _, H, W, C = a.shape
        y = (np.einsum('yxc,oijc->yixjo', a[0], w).reshape(H * kh, W * kw, O) + ins[2])[None]
    else:
        raise NotImplementedError(name)
    path = os.path.join(HERE, f'op_{mname}_{oi:03d}_{name}.nnt')
    write(path, stored + [np.asarray(y, np.float32)])
    return path


CASES = [
    ('face', 2, [(1, 9, 11, 3)]),        # CONV_2D 5x5 stride 2 SAME (im2col)
    ('face', 45, [(1, 5, 7, 36)]),       # CONV_2D 1x1, 42 outputs (not a multiple of 4), 35 rows
    ('face', 148, [(1, 3, 5, 88)]),      # CONV_2D 1x1, 2 outputs
    ('face', 33, [(1, 5, 6, 32)]),       # DEPTHWISE 3x3 stride 1
    ('face', 51, [(1, 7, 9, 42)]),       # DEPTHWISE 3x3 stride 2 SAME, odd sizes
    ('face', 37, [(1, 4, 5, 32)]),       # PAD channels 32 -> 36
    ('face', 38, [(1, 4, 5, 36), (1, 4, 5, 36)]),  # ADD
    ('face', 39, [(1, 4, 5, 36)]),       # RELU
    ('face', 52, [(1, 5, 7, 42)]),       # MAX_POOL_2D 2x2/2 SAME, odd sizes
    ('face', 158, [(1, 16, 16, 2)]),     # RESHAPE
    ('face', 162, [(1, 512, 1), (1, 384, 1)]),  # CONCATENATION
    ('seg', 2, [(1, 9, 10, 3)]),         # CONV_2D 3x3 stride 2 SAME
    ('seg', 3, [(1, 4, 5, 16)]),         # HARD_SWISH
    ('seg', 54, [(1, 5, 6, 96)]),        # DEPTHWISE 5x5 stride 2
    ('seg', 75, [(1, 4, 5, 128)]),       # DEPTHWISE 5x5 stride 1
    ('seg', 157, [(1, 16, 16, 32)]),     # AVERAGE_POOL_2D global
    ('seg', 15, [(1, 1, 1, 16)]),        # CONV_2D 1x1 on a single pixel
    ('seg', 21, [(1, 4, 5, 16), (1, 1, 1, 16)]),  # MUL per-channel broadcast
    ('seg', 167, [(1, 16, 16, 3)]),      # RESIZE_BILINEAR half-pixel 16 -> 32
    ('seg', 244, [(1, 3, 4, 16)]),       # Convolution2DTransposeBias 2x2/2
]


def tiny_model(path, opcode, in_shape, out_shape, axes=None, keep_dims=False):
    """A float32 graph with one operator (and an int32 constant 'axes' if given)."""
    import flatbuffers
    b = flatbuffers.Builder(1024)

    def vec_i32(xs):
        b.StartVector(4, len(xs), 4)
        for x in reversed(xs):
            b.PrependInt32(x)
        return b.EndVector()

    def vec_off(xs):
        b.StartVector(4, len(xs), 4)
        for x in reversed(xs):
            b.PrependUOffsetTRelative(x)
        return b.EndVector()

    def tensor(shape, buf, ttype=0):
        s = vec_i32(shape)
        b.StartObject(4); b.PrependUOffsetTRelativeSlot(0, s, 0); b.PrependInt8Slot(1, ttype, 0)
        b.PrependUint32Slot(2, buf, 0)
        return b.EndObject()

    tensors = [tensor(in_shape, 0), tensor(out_shape, 0)]
    buffers_data = [None]
    op_inputs = [0]
    if axes is not None:
        tensors.append(tensor([len(axes)], 1, 2)); buffers_data.append(np.array(axes, '<i4').tobytes()); op_inputs.append(2)
    bufs = []
    for d in buffers_data:
        if d is None:
            b.StartObject(1); bufs.append(b.EndObject())
        else:
            dv = b.CreateByteVector(d)
            b.StartObject(1); b.PrependUOffsetTRelativeSlot(0, dv, 0); bufs.append(b.EndObject())
    opts = None
    if axes is not None:
        b.StartObject(1); b.PrependBoolSlot(0, keep_dims, False); opts = b.EndObject()
    ins, outs = vec_i32(op_inputs), vec_i32([1])
    b.StartObject(5); b.PrependUint32Slot(0, 0, 0); b.PrependUOffsetTRelativeSlot(1, ins, 0)
    b.PrependUOffsetTRelativeSlot(2, outs, 0)
    if opts is not None:
        b.PrependUint8Slot(3, 27, 0); b.PrependUOffsetTRelativeSlot(4, opts, 0)  # ReducerOptions
    op = b.EndObject()
    tv, gi, go, ov = vec_off(tensors), vec_i32([0]), vec_i32([1]), vec_off([op])
    b.StartObject(4); b.PrependUOffsetTRelativeSlot(0, tv, 0); b.PrependUOffsetTRelativeSlot(1, gi, 0)
    b.PrependUOffsetTRelativeSlot(2, go, 0); b.PrependUOffsetTRelativeSlot(3, ov, 0)
    g = b.EndObject()
    b.StartObject(4); b.PrependInt8Slot(0, min(opcode, 127), 0); b.PrependInt32Slot(3, opcode, 0)
    code = b.EndObject()
    cv, gv, bv = vec_off([code]), vec_off([g]), vec_off(bufs)
    b.StartObject(5); b.PrependUint32Slot(0, 3, 0); b.PrependUOffsetTRelativeSlot(1, cv, 0)
    b.PrependUOffsetTRelativeSlot(2, gv, 0); b.PrependUOffsetTRelativeSlot(4, bv, 0)
    b.Finish(b.EndObject(), file_identifier=b'TFL3')
    open(path, 'wb').write(b.Output())


def blazeface_decode(reg, cls, min_score=0.5, iou_thresh=0.3):
    """MediaPipe's TensorsToDetections + weighted NMS for face_detection_short_range."""
    anchors = []
    for stride, per_cell in ((8, 2), (16, 6)):
        n = 128 // stride
        for y in range(n):
            for x in range(n):
                anchors += [((x + 0.5) / n, (y + 0.5) / n)] * per_cell
    a = np.array(anchors, np.float64)
    reg = reg.astype(np.float64) / 128.0
    score = 1 / (1 + np.exp(-np.clip(cls.astype(np.float64), -100, 100)))
    cx, cy = reg[:, 0] + a[:, 0], reg[:, 1] + a[:, 1]
    boxes = np.stack([cx - reg[:, 2] / 2, cy - reg[:, 3] / 2, cx + reg[:, 2] / 2, cy + reg[:, 3] / 2], 1)
    kps = reg[:, 4:].reshape(-1, 6, 2) + a[:, None, :]
    keep = np.where(score >= min_score)[0]
    order = keep[np.argsort(-score[keep], kind='stable')]
    out = []
    while len(order):
        b = boxes[order[0]]
        inter = np.clip(np.minimum(boxes[order, 2], b[2]) - np.maximum(boxes[order, 0], b[0]), 0, None) * \
            np.clip(np.minimum(boxes[order, 3], b[3]) - np.maximum(boxes[order, 1], b[1]), 0, None)
        area = lambda x: (x[..., 2] - x[..., 0]) * (x[..., 3] - x[..., 1])
        iou = inter / (area(boxes[order]) + area(b) - inter)
        cl = order[iou > iou_thresh]
        cl = cl if order[0] in cl else np.r_[order[0], cl]
        w = score[cl] / score[cl].sum()
        box = np.clip((boxes[cl] * w[:, None]).sum(0), 0, 1)
        kp = np.clip((kps[cl] * w[:, None, None]).sum(0), 0, 1)
        out.append(np.r_[score[order[0]], box, kp.reshape(-1)])
        order = order[~np.isin(order, cl)]
    return np.array(out, np.float32).reshape(-1, 17)


def main():
    for mname, oi, shapes in CASES:
        one_op(mname, oi, shapes)
    # LOGISTIC with large magnitudes (no overflow to NaN).
    one_op('seg', 20, [(1, 1, 1, 16)], scale=40.0)
    tiny_model(os.path.join(HERE, 'synthetic_tanh.tflite'), 28, [1, 2, 2, 3], [1, 2, 2, 3])
    tiny_model(os.path.join(HERE, 'synthetic_mean.tflite'), 40, [1, 3, 5, 4], [1, 1, 1, 4], axes=[2, 1], keep_dims=True)
    x = (rng.standard_normal((1, 3, 5, 4)) * 3).astype(np.float16)
    write(os.path.join(HERE, 'synthetic_mean.nnt'), [x, x.astype(np.float64).mean(axis=(1, 2), keepdims=True).astype(np.float32)])
    img = np.fromfile(os.path.join(HERE, 'test2_128.u8'), np.uint8).reshape(128, 128, 3)
    face_in = img.astype(np.float32) / 127.5 - 1.0
    (reg, cls), _, _ = R.run(os.path.join(ROOT, 'models', MODELS['face']), face_in)
    cls = cls.reshape(896).astype(np.float32); reg = reg.reshape(896, 16).astype(np.float32)
    top = np.argsort(-cls)[:16]
    write(os.path.join(HERE, 'faces_test2_128.nnt'), [blazeface_decode(reg, cls)])
    write(os.path.join(HERE, 'model_face.nnt'), [cls, reg[::4].copy(), top.astype(np.float32), reg[top]])
    seg_in = img.repeat(2, axis=0).repeat(2, axis=1).astype(np.float32) / 255.0
    (mask,), _, _ = R.run(os.path.join(ROOT, 'models', MODELS['seg']), seg_in)
    mask = mask.reshape(256, 256)
    write(os.path.join(HERE, 'model_seg.nnt'), [mask[::4, ::4].astype(np.float32).copy(), mask[128].astype(np.float32).copy(),
                                               np.array([mask.astype(np.float64).mean()], np.float32)])


if __name__ == '__main__':
    main()
