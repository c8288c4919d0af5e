// Where a photo check's (or fix's) time goes in a wasm engine, per function:
// builds examples/profile_photo_wasm.rs for wasm32 (the core at opt-level 3,
// as the photo worker; the model kernels scalar unless --simd), runs it in Node
// under --cpu-prof and prints each function's share of the samples (self time)
// and the time per run. Dev only: the figures of record are `./dev bench`'s,
// in the browsers; this says where to look.
//
//   node scripts/profile-photo-wasm.mjs [--fix] [--simd] [--runs N] [--top K] [FILE]
//
// Default input: the bench's compliant 413×579 JPEG (target/bench-inputs,
// written by `node scripts/bench.mjs --only photo`, or pass FILE). --fix: the
// any-backdrop fix of FILE (default ../shared/fixtures/photos-real/test2.jpg)
// reduced to 960×1280, as the worker gets a 12 MP photo from the browser.
// --simd builds everything with simd128 (the vision module's SIMD kernels;
// the worker's core is not built so in the widget).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const value = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const fix = flag('--fix');
const simd = flag('--simd');
const runs = Number(value('--runs', fix ? 5 : 200));
const top = Number(value('--top', 25));
const file = args.find((a, i) => !a.startsWith('--') && !['--runs', '--top'].includes(args[i - 1]))
  ?? (fix ? join(ROOT, '../shared/fixtures/photos-real/test2.jpg') : join(ROOT, 'target/bench-inputs/compliant-test0-fixed.jpg'));

if (process.argv[1] === fileURLToPath(import.meta.url) && !process.env.PROFILE_CHILD) {
  if (!existsSync(file)) {
    console.error(`no input ${file}: run node scripts/bench.mjs --only photo first, or pass a JPEG`);
    process.exit(2);
  }
  const targetDir = join(ROOT, 'target', simd ? 'profile-simd' : 'profile-plain');
  execFileSync('cargo', ['build', '--release', '-q', '--target', 'wasm32-unknown-unknown', '--target-dir', targetDir,
    '-p', 'precheck-core', '--example', 'profile_photo_wasm',
    '--config', 'profile.release.package.precheck-core.opt-level=3'], {
    cwd: ROOT, stdio: 'inherit',
    env: { ...process.env, RUSTFLAGS: simd ? '-C target-feature=+simd128' : '' },
  });
  const wasm = join(targetDir, 'wasm32-unknown-unknown', 'release', 'examples', 'profile_photo_wasm.wasm');
  const dir = mkdtempSync(join(tmpdir(), 'precheck-prof-'));
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit', env: { ...process.env, PROFILE_CHILD: wasm },
  });
  selfTimes(dir);
} else {
  // The child, under the profiler.
  const { instance } = await WebAssembly.instantiate(readFileSync(process.env.PROFILE_CHILD), {});
  const e = instance.exports;
  const bytes = readFileSync(file);
  const ptr = e.alloc(bytes.length);
  new Uint8Array(e.memory.buffer, ptr, bytes.length).set(bytes);
  const go = (n) => (fix ? e.fix_pixels(ptr, bytes.length, 960, 1280, n) : e.check(ptr, bytes.length, n));
  go(1); // the models' start, and the engine's compile, out of the timing
  const t = performance.now();
  const ok = go(runs);
  const ms = (performance.now() - t) / runs;
  console.log(`${fix ? 'fix of 960×1280 pixels' : 'check'} of ${file}${simd ? ' (simd128)' : ''}: ${ms.toFixed(2)} ms per run, ` +
    `${ok} of ${runs} ${fix ? 'fixed' : 'passed'} (Node ${process.versions.node}, V8 ${process.versions.v8})` +
    (fix ? '; the times below include one decode and resize of the JPEG' : ''));
}

/** Self time per function over the profile, largest first. */
function selfTimes(dir) {
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const p = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const fn = byId.get(id).callFrame.functionName || '(anonymous)';
    self.set(fn, (self.get(fn) ?? 0) + p.timeDeltas[i]);
    total += p.timeDeltas[i];
  });
  // Rust's mangled names, shortened: `_ZN13precheck_core5photo4eyes6search17h…E` → precheck_core::photo::eyes::search
  const demangle = (s) => {
    const m = /^_ZN(.*)17h[0-9a-f]{16}E$/.exec(s);
    if (!m) return s;
    const parts = [];
    for (let rest = m[1]; rest.length;) {
      const n = /^(\d+)/.exec(rest);
      if (!n) break;
      const len = Number(n[1]);
      parts.push(rest.slice(n[1].length, n[1].length + len));
      rest = rest.slice(n[1].length + len);
    }
    return parts.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
      .replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}').replace(/\$C\$/g, ',').replace(/\.\./g, '::');
  };
  console.log('self time share (samples), largest first:');
  for (const [fn, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(100 * t / total).toFixed(1).padStart(6)} %  ${demangle(fn).slice(0, 120)}`);
  }
}
