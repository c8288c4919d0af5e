// Times the vision wasm module in Node (V8, as in Chromium), without SIMD.
// usage: node scripts/bench-vision.mjs [WASM] [RUNS]
//   WASM defaults to target/vision/precheck-vision.wasm (scripts/build-vision.sh).
// Input: fixture test2 shrunk to 512 px on the long side, as raw RGB made once
// by the native example `dump_rgb` (target/vision/test2-512.rgb).
// Prints instantiate + first-call times, then the median (and min) of RUNS
// runs (default 10) after one warm-up run, in wall ms and in process CPU ms
// (the machine is shared: CPU time is disturbed less by other processes),
// and the module's raw and gzip sizes.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmPath = process.argv[2] ?? join(root, 'target/vision/precheck-vision.wasm');
const runs = Number(process.argv[3] ?? 10);
const rgbPath = join(root, 'target/vision/test2-512.rgb');
const size = join(root, 'target/vision/test2-512.size');
if (!existsSync(rgbPath) || !existsSync(size)) {
  mkdirSync(dirname(rgbPath), { recursive: true });
  const out = execFileSync('cargo', ['run', '-q', '--release', '-p', 'precheck-vision', '--example', 'dump_rgb', '--',
    join(root, '../shared/fixtures/photos-real/test2.jpg'), rgbPath, '512'],
  { cwd: root, env: { ...process.env, CARGO_BUILD_JOBS: '1' }, encoding: 'utf8' });
  writeFileSync(size, out.trim()); // dump_rgb prints "WIDTH HEIGHT"
}
const [width, height] = readFileSync(size, 'utf8').trim().split(/\s+/).map(Number);
const rgb = readFileSync(rgbPath);
if (rgb.length !== width * height * 3) throw new Error('bad .rgb dump');

const bytes = readFileSync(wasmPath);
let t = performance.now();
const { instance } = await WebAssembly.instantiate(bytes, {});
const instantiateMs = performance.now() - t;
const x = instance.exports;

const rgbPtr = x.vision_alloc(rgb.length);
new Uint8Array(x.memory.buffer, rgbPtr, rgb.length).set(rgb);
const maxFaces = 8;
const facesPtr = x.vision_alloc(maxFaces * 17 * 4);
const maskPtr = x.vision_alloc(256 * 256);
const detect = () => {
  const n = x.vision_detect_faces(rgbPtr, width, height, facesPtr, maxFaces);
  if (n < 0) throw new Error(`vision_detect_faces: ${n}`);
  return n;
};
const segment = () => {
  const r = x.vision_segment_person(rgbPtr, width, height, maskPtr);
  if (r !== 0) throw new Error(`vision_segment_person: ${r}`);
};

function time(f) {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}
function bench(f) {
  f(); // warm-up
  const wall = [], cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    wall.push(time(f));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (a) => a.sort((p, q) => p - q)[Math.floor(a.length / 2)];
  const min = Math.min(...wall);
  return { wall: med(wall), min, cpu: med(cpu) };
}

const firstFace = time(detect);
const firstSeg = time(segment);
const faces = detect();
const out = new Float32Array(x.memory.buffer, facesPtr, faces * 17);
const mask = new Uint8Array(x.memory.buffer, maskPtr, 256 * 256);
const personShare = mask.reduce((s, v) => s + (v >= 128), 0) / mask.length;
const best = faces ? out[0].toFixed(3) : '-'; // read now: a memory.grow detaches the views
const f = bench(detect);
const s = bench(segment);
const fmt = (v) => v.toFixed(1);
console.log(`${wasmPath}: ${bytes.length} B raw, ${gzipSync(bytes, { level: 9 }).length} B gzip -9`);
console.log(`input test2 at ${width}×${height}; node ${process.version}; instantiate ${fmt(instantiateMs)} ms`);
console.log(`first call (model parse + run): face ${fmt(firstFace)} ms, segmentation ${fmt(firstSeg)} ms`);
console.log(`faces: ${faces}, best score ${best}; mask: ${(personShare * 100).toFixed(0)} % person`);
console.log(`face detection: median ${fmt(f.wall)} ms wall (min ${fmt(f.min)}), ${fmt(f.cpu)} ms CPU, ${runs} runs (budget 60 ms)`);
console.log(`segmentation:   median ${fmt(s.wall)} ms wall (min ${fmt(s.min)}), ${fmt(s.cpu)} ms CPU, ${runs} runs (budget 250 ms)`);
