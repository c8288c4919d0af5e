// The levels overview's update in wasm in the browser (issue 29: ≤ 2 ms per
// keystroke). The widget recomputes `engine::levels::overview(profile, as_of)`
// in a Memo over the answers (app/src/steps/levels.rs) on each change it shows;
// this times that one call, in the browser's wasm engine, on bench_engine's
// 20-work-period profile (examples/shared/bench_profile.rs), through a
// bench-only module (examples/bench_overview_wasm.rs: plain exports, no
// imports, nothing added to the shipped widget) built as the widget's modules
// are: cargo release (opt-level "z", fat LTO, one codegen unit, panic abort),
// then wasm-opt -Oz as Trunk runs it. The engine's cost only: the Memo's
// readers re-rendering the overview are not in it (the taps' 总览 row has a
// whole overview shown).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the module (a no-op when cargo finds it fresh) and returns its bytes and how it was built. */
export function overviewModule(root) {
  const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
  execFileSync('cargo', ['build', '--release', '-q', '--target', 'wasm32-unknown-unknown', '-p', 'precheck-core',
    '--no-default-features', '--example', 'bench_overview_wasm'], { cwd: root, stdio: 'inherit' });
  const built = join(target, 'wasm32-unknown-unknown', 'release', 'examples', 'bench_overview_wasm.wasm');
  const out = join(root, 'target', 'bench-inputs', 'bench-overview.wasm');
  mkdirSync(join(root, 'target', 'bench-inputs'), { recursive: true });
  const wasmOpt = join(root, 'node_modules', 'binaryen', 'bin', 'wasm-opt');
  let how = 'cargo release (opt-level z, fat LTO) + wasm-opt -Oz';
  if (existsSync(wasmOpt)) {
    execFileSync(wasmOpt, ['-Oz', built, '-o', out], { stdio: 'inherit' });
  } else {
    copyFileSync(built, out);
    how = 'cargo release (opt-level z, fat LTO), no wasm-opt (binaryen missing)';
  }
  return { bytes: readFileSync(out), how };
}

/**
 * In the page (any engine): instantiates the module, times the first call
 * (its wasm compiled on first use, as on the first keystroke), then batches
 * of 20 calls for about a second; per-call times of each batch.
 */
export async function OVERVIEW_IN_PAGE(b64) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const e = instance.exports;
  let t = performance.now();
  const count = e.overview_setup();
  const first = performance.now() - t;
  t = performance.now();
  while (performance.now() - t < 200) e.overview_run(5); // warm-up
  const perCall = [];
  const start = performance.now();
  while (performance.now() - start < 1000 || perCall.length < 10) {
    t = performance.now();
    e.overview_run(20);
    perCall.push((performance.now() - t) / 20);
  }
  perCall.sort((a, b) => a - b);
  return { count, first, median: perCall[Math.floor(perCall.length / 2)], min: perCall[0], batches: perCall.length };
}

export async function overviewInChromium({ root, url, runs, row, median, fmt, slowPhonePage, browser }) {
  const { bytes, how } = overviewModule(root);
  const b64 = bytes.toString('base64');
  for (const rate of [1, 4]) {
    const got = [];
    for (let i = 0; i < runs; i++) {
      const { context, page } = rate === 4 ? await slowPhonePage() : await (async () => {
        const context = await browser.newContext();
        return { context, page: await context.newPage() };
      })();
      await page.goto(url);
      got.push(await page.evaluate(`(${OVERVIEW_IN_PAGE})(${JSON.stringify(b64)})`));
      await context.close();
    }
    const per = got.map((g) => g.median);
    row(`levels overview update in wasm in Chromium${rate === 4 ? ', CPU 4×' : ''} (engine::levels::overview: ${got[0].count} verdicts, the plans and the levels of the path, 20 work periods; engine only, no rendering)`,
      median(per), 'ms', rate === 1 ? 2 : null,
      { note: `median of ${runs} pages' medians (${per.map((x) => fmt(x)).join(', ')} ms per call, batches of 20 for 1 s); first call ${got.map((g) => fmt(g.first)).join(', ')} ms; bench-only module, ${how}, ${fmt(bytes.length / 1024)} KB raw` });
  }
}
