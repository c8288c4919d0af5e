// Times the vision wasm module in Node (V8, as in Chromium) or, with
// --chromium, in headless Chromium (/usr/bin/chromium through playwright-core).
// usage: node scripts/bench-vision.mjs [--chromium] [WASM[,WASM…]] [RUNS] [ROUNDS]
//   WASM defaults to target/vision/precheck-vision.wasm (scripts/build-vision.sh
//   also writes precheck-vision-simd.wasm beside it: pass both, comma-separated,
//   to compare them).
// Input: fixture test2 shrunk to 512 px on the long side, as raw RGB made once
// by the native example `dump_rgb` (target/vision/test2-512.rgb).
// Prints instantiate + first-call times, then the median (and min) of RUNS
// runs (default 10) after one warm-up run, in wall ms and, in Node, process CPU
// ms (the machine is shared: CPU time is disturbed less by other processes),
// and the module's raw and gzip sizes. With several modules or ROUNDS > 1
// (default 1), the modules take turns, ROUNDS times each, each turn a fresh
// instance (so a busy spell of the shared machine hits them alike), and a
// last line per module gives the median over its rounds of the per-round
// medians.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const inChromium = args[0] === '--chromium';
if (inChromium) args.shift();
const wasmPaths = (args[0] ?? join(root, 'target/vision/precheck-vision.wasm')).split(',');
const runs = Number(args[1] ?? 10);
const rounds = Number(args[2] ?? 1);
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

// Self-contained: runs in Node or, serialised, in the page.
async function measure({ wasmB64, rgbB64, width, height, runs }) {
  const decode = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const cpu = typeof process !== 'undefined' && process.cpuUsage ? () => process.cpuUsage() : null;
  const rgb = decode(rgbB64);
  const wasm = decode(wasmB64);
  const t = performance.now();
  const { instance } = await WebAssembly.instantiate(wasm, {});
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
  const time = (f) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  const bench = (f) => {
    f(); // warm-up
    const wall = [], cpus = [];
    for (let i = 0; i < runs; i++) {
      const c0 = cpu && cpu();
      wall.push(time(f));
      if (cpu) {
        const c = process.cpuUsage(c0);
        cpus.push((c.user + c.system) / 1000);
      }
    }
    const med = (a) => (a.length ? [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)] : NaN);
    return { wall: med(wall), min: Math.min(...wall), cpu: med(cpus) };
  };
  const firstFace = time(detect);
  const firstSeg = time(segment);
  const faces = detect();
  // read now: a memory.grow detaches the views
  const best = faces ? new Float32Array(x.memory.buffer, facesPtr, 17)[0] : NaN;
  const mask = new Uint8Array(x.memory.buffer, maskPtr, 256 * 256);
  const person = mask.reduce((s, v) => s + (v >= 128), 0) / mask.length;
  return { instantiateMs, firstFace, firstSeg, faces, best, person, face: bench(detect), seg: bench(segment) };
}

const fmt = (v) => v.toFixed(1);
const cpuText = (m) => (Number.isNaN(m.cpu) ? '' : `, ${fmt(m.cpu)} ms CPU`);
const med = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const modules = wasmPaths.map((path) => ({ path, bytes: readFileSync(path), faces: [], segs: [] }));
let browser = null;
let page = null;
let where = `node ${process.version}`;
if (inChromium) {
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  page = await browser.newPage();
  where = `headless Chromium ${browser.version()}`;
}
try {
  for (let round = 0; round < rounds; round++) {
    for (const m of modules) {
      const input = { wasmB64: m.bytes.toString('base64'), rgbB64: rgb.toString('base64'), width, height, runs };
      const r = inChromium ? await page.evaluate(measure, input) : await measure(input);
      m.faces.push(r.face);
      m.segs.push(r.seg);
      console.log(`${m.path}: ${m.bytes.length} B raw, ${gzipSync(m.bytes, { level: 9 }).length} B gzip -9`);
      console.log(`input test2 at ${width}×${height}; ${where}; instantiate ${fmt(r.instantiateMs)} ms`);
      console.log(`first call (model parse + run): face ${fmt(r.firstFace)} ms, segmentation ${fmt(r.firstSeg)} ms`);
      console.log(`faces: ${r.faces}, best score ${r.best.toFixed(3)}; mask: ${(r.person * 100).toFixed(0)} % person`);
      console.log(`face detection: median ${fmt(r.face.wall)} ms wall (min ${fmt(r.face.min)})${cpuText(r.face)}, ${runs} runs (budget 60 ms)`);
      console.log(`segmentation:   median ${fmt(r.seg.wall)} ms wall (min ${fmt(r.seg.min)})${cpuText(r.seg)}, ${runs} runs (budget 250 ms)`);
    }
  }
} finally {
  await browser?.close();
}
if (modules.length > 1 || rounds > 1) {
  console.log(`--- ${rounds} round(s) of ${runs} runs, modules in turn; median of the rounds' medians:`);
  for (const m of modules) {
    const over = (list, key) => med(list.map((x) => x[key]));
    const cpu = Number.isNaN(over(m.faces, 'cpu')) ? '' : `; CPU face ${fmt(over(m.faces, 'cpu'))} ms, segmentation ${fmt(over(m.segs, 'cpu'))} ms`;
    console.log(`${m.path}: face ${fmt(over(m.faces, 'wall'))} ms, segmentation ${fmt(over(m.segs, 'wall'))} ms wall${cpu}`
      + ` (rounds: face ${m.faces.map((x) => fmt(x.wall)).join(' ')}; segmentation ${m.segs.map((x) => fmt(x.wall)).join(' ')})`);
  }
}
