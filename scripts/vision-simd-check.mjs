// The two builds of the vision module give the same answers: runs
// precheck-vision.wasm (plain) and precheck-vision-simd.wasm (simd128) from
// scripts/build-vision.sh on the five real fixtures (../shared/fixtures/
// photos-real/test0..4.jpg) at their decoded size and at 512 px on the long
// side (the size the photo code hands the models), in Node (V8, as Chromium),
// and compares every output.
// usage: node scripts/vision-simd-check.mjs [DIR]   (default target/vision)
// Prints, per fixture and size, the face count, the largest difference of any
// face's box corner or keypoint (photo pixels) and score, and the mask's
// largest byte difference, bytes differing and IoU at 0.5 (≥ 128). Exit 1 if
// the verdict-relevant outputs disagree: face counts differ, a box corner or
// keypoint moves more than 0.5 px, or the mask IoU is under 0.998 (the limits
// vision/tests/mediapipe.rs holds the models to). The kernels are written to
// give identical bits (nn/src/kernels/simd.rs), so the figures are expected to
// be 0; the last line says whether they all were.
// Input pixels: the native example `dump_rgb` (built once; cached as
// target/vision/simd-check/*.rgb).
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? join(root, 'target/vision');
const fixtures = join(root, '../shared/fixtures/photos-real');
const cache = join(root, 'target/vision/simd-check');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const FACE_FLOATS = 17;
const MAX_FACES = 8;
const MASK = 256 * 256;

async function open(path) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path), {});
  const x = instance.exports;
  return {
    faces(rgb, w, h) {
      const p = x.vision_alloc(rgb.length);
      const o = x.vision_alloc(MAX_FACES * FACE_FLOATS * 4);
      new Uint8Array(x.memory.buffer, p, rgb.length).set(rgb);
      const n = x.vision_detect_faces(p, w, h, o, MAX_FACES);
      if (n < 0) throw new Error(`${path}: vision_detect_faces ${n}`);
      const out = new Float32Array(x.memory.buffer, o, n * FACE_FLOATS).slice();
      x.vision_free(p, rgb.length);
      x.vision_free(o, MAX_FACES * FACE_FLOATS * 4);
      return out;
    },
    mask(rgb, w, h) {
      const p = x.vision_alloc(rgb.length);
      const o = x.vision_alloc(MASK);
      new Uint8Array(x.memory.buffer, p, rgb.length).set(rgb);
      const r = x.vision_segment_person(p, w, h, o);
      if (r !== 0) throw new Error(`${path}: vision_segment_person ${r}`);
      const out = new Uint8Array(x.memory.buffer, o, MASK).slice();
      x.vision_free(p, rgb.length);
      x.vision_free(o, MASK);
      return out;
    },
  };
}

function pixels(name, side) {
  const rgbPath = join(cache, `${name}-${side}.rgb`);
  const sizePath = join(cache, `${name}-${side}.size`);
  if (!existsSync(rgbPath) || !existsSync(sizePath)) {
    mkdirSync(cache, { recursive: true });
    const bin = join(targetDir, 'release/examples/dump_rgb');
    if (!existsSync(bin)) {
      execFileSync('cargo', ['build', '-q', '--release', '-p', 'precheck-vision', '--example', 'dump_rgb'],
        { cwd: root, stdio: 'inherit' });
    }
    const out = execFileSync(bin, [join(fixtures, `${name}.jpg`), rgbPath, String(side)], { encoding: 'utf8' });
    writeFileSync(sizePath, out.trim());
  }
  const [w, h] = readFileSync(sizePath, 'utf8').trim().split(/\s+/).map(Number);
  return { rgb: readFileSync(rgbPath), w, h };
}

const plain = await open(join(dir, 'precheck-vision.wasm'));
const simd = await open(join(dir, 'precheck-vision-simd.wasm'));
let ok = true;
let identical = true;
const worst = { px: 0, score: 0, maskByte: 0, iou: 1 };
for (const name of ['test0', 'test1', 'test2', 'test3', 'test4']) {
  for (const side of [0, 512]) {
    const { rgb, w, h } = pixels(name, side);
    const fa = plain.faces(rgb, w, h);
    const fb = simd.faces(rgb, w, h);
    const na = fa.length / FACE_FLOATS;
    const nb = fb.length / FACE_FLOATS;
    let px = 0;
    let score = 0;
    if (na === nb) {
      for (let f = 0; f < na; f++) {
        const a = fa.subarray(f * FACE_FLOATS);
        const b = fb.subarray(f * FACE_FLOATS);
        score = Math.max(score, Math.abs(a[0] - b[0]));
        // box (xmin, ymin, xmax, ymax) then 6 keypoints (x, y), 0..1 of the photo
        for (let i = 1; i < FACE_FLOATS; i++) {
          const scale = i % 2 === 1 ? w : h;
          px = Math.max(px, Math.abs(a[i] - b[i]) * scale);
        }
      }
    }
    const ma = plain.mask(rgb, w, h);
    const mb = simd.mask(rgb, w, h);
    let maskByte = 0;
    let differ = 0;
    let both = 0;
    let either = 0;
    for (let i = 0; i < MASK; i++) {
      const d = Math.abs(ma[i] - mb[i]);
      if (d) differ += 1;
      maskByte = Math.max(maskByte, d);
      const pa = ma[i] >= 128;
      const pb = mb[i] >= 128;
      both += pa && pb;
      either += pa || pb;
    }
    const iou = either ? both / either : 1;
    const same = na === nb && fa.every((v, i) => Object.is(v, fb[i])) && differ === 0;
    identical &&= same;
    const agree = na === nb && px <= 0.5 && iou >= 0.998;
    ok &&= agree;
    worst.px = Math.max(worst.px, px);
    worst.score = Math.max(worst.score, score);
    worst.maskByte = Math.max(worst.maskByte, maskByte);
    worst.iou = Math.min(worst.iou, iou);
    console.log(`${name} ${w}×${h}: faces ${na} / ${nb}, box and keypoints ≤ ${px.toPrecision(3)} px, score ≤ ${score.toPrecision(3)}; `
      + `mask ≤ ${maskByte}/255, ${differ} bytes differ, IoU ${iou.toFixed(6)}${same ? ' (identical)' : ''}${agree ? '' : '  ✗ DISAGREE'}`);
  }
}
console.log(`largest differences: ${worst.px} px, score ${worst.score}, mask ${worst.maskByte}/255, IoU ≥ ${worst.iou}; `
  + `${identical ? 'every output identical' : 'outputs differ'}; ${ok ? 'verdict-relevant outputs agree' : 'DISAGREE'}`);
process.exit(ok ? 0 : 1);
