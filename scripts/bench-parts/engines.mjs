// The same rows in WebKit and Firefox (issue 29), so iPhone figures are
// measured, not guessed: WebKitGTK's MiniBrowser through WebKitWebDriver under
// Xvfb, and Firefox ESR through puppeteer-core over WebDriver BiDi, driven by
// the browser tests' own launchers (tests/browser/engines/). Neither has CPU
// throttling: every figure here is unthrottled on this machine, and a budget
// defined at 4× in Chromium (the taps) is printed as an info row beside it.
//
// WebKit runs as ./dev test runs it: JSC's optimizing wasm tier (OMG) off
// (JSC_useOMGJIT=0, tests/browser/engines/webkit.mjs: it now and then breaks
// the photo worker in WebKitGTK 2.50.6), so its wasm runs in the baseline tier
// only and is slower than on an iPhone; its wasm rows are info rows then.
// PRECHECK_WEBKIT_OMG=1 keeps OMG on and judges them.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchWebKit } from '../../tests/browser/engines/webkit.mjs';
import { launchFirefox } from '../../tests/browser/engines/firefox.mjs';
import { STATE, TAPS, TAP_RECORDER, tapFigures } from './taps.mjs';
import { OVERVIEW_IN_PAGE } from './overview.mjs';
import { RUN_WORKER, CHECKS, checkFigures } from './worker.mjs';

const FOUND = (sel) => !!document.querySelector('[data-precheck]')?.shadowRoot?.querySelector(sel);
const ELEMENT = (sel) => document.querySelector('[data-precheck]').shadowRoot.querySelector(sel);

async function until(page, fn, arg, what, timeout = 60000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await page.run(String(fn), arg).catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** A tap on `sel` (a click by the driver; by script if the driver cannot), until `state` is shown. */
async function tap(page, sel, state) {
  await until(page, FOUND, sel, sel);
  await page.run(String(TAP_RECORDER));
  await page.run('(sel) => window.__tap.arm(sel)', state);
  let by = 'driver click';
  try {
    await page.click(String(ELEMENT), sel);
  } catch (e) {
    by = `script click (the driver's failed: ${String(e.message).split('\n')[0].slice(0, 120)})`;
    await page.run(`(sel) => { (${ELEMENT})(sel).click(); return true; }`, sel);
  }
  return { ...tapFigures(await page.run('() => window.__tap.result(60000)')), by };
}

function version(name) {
  try {
    if (name === 'webkit') return `WebKitGTK ${execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('-')[0]}`;
    return execFileSync('/usr/bin/firefox-esr', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return name;
  }
}

export async function engines({ which, url, dist, runs, row, median, fmt, kb, gz, inputs, overviewWasm }) {
  for (const name of which) {
    const omg = name !== 'webkit' || process.env.PRECHECK_WEBKIT_OMG === '1';
    const label = `${version(name)}${name === 'webkit' ? (omg ? ', OMG on' : ', OMG off') : ''}, unthrottled`;
    // wasm-heavy rows are judged unless WebKit runs without its optimizing tier
    const wasmLimit = (limit) => (omg ? limit : null);
    const wasmNote = omg ? '' : '; info: OMG off as ./dev test runs WebKit (baseline wasm tier only, slower than Safari), PRECHECK_WEBKIT_OMG=1 to judge';
    console.log(`      ${name}: ${label}`);
    const engine = name === 'webkit' ? await launchWebKit() : await launchFirefox();
    try {
      // First load and Next as the first touch; then, after an earlier touch,
      // Next, a verdict change, the sheet, Back; and 「不知道报哪个？」 with its 总览.
      const loads = [];
      const taps = {};
      const add = (key, f) => (taps[key] ??= []).push(f);
      const touched = async (page) => {
        await page.run(`() => { (${ELEMENT})('#pc-plan').focus(); return true; }`);
        await until(page, () => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/precheck-app_bg.wasm')),
          null, 'the full widget fetched after a touch');
        await new Promise((ok) => setTimeout(ok, 2000));
      };
      const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));
      for (let i = 0; i < runs; i++) {
        for (const flow of ['first', 'walk', 'levels']) {
          const page = await engine.open(url);
          try {
            await until(page, FOUND, '[data-testid="plan-title"]', 'the first screen');
            if (flow === 'first') {
              await pause(1500);
              // Up to where the loader starts fetching the full widget while the candidate reads.
              loads.push(await page.run(() => {
                const mark = performance.getEntriesByName('precheck:preload')[0];
                const before = (e) => !mark || e.startTime < mark.startTime;
                return [location.href, ...performance.getEntriesByType('resource').filter(before).map((e) => e.name)];
              }));
              add('next-first', await tap(page, '[data-testid="next"]', STATE.about));
            } else if (flow === 'walk') {
              await touched(page);
              add('next', await tap(page, '[data-testid="next"]', STATE.about));
              // the same answers as the Chromium taps (taps.mjs), typed by script
              await until(page, () => [...document.querySelector('[data-precheck]').shadowRoot.querySelectorAll('button')]
                .some((b) => b.textContent.includes('添加一段工作经历')), null, 'the work topic');
              await page.run(`() => {
                const root = document.querySelector('[data-precheck]').shadowRoot;
                [...root.querySelectorAll('button')].find((b) => b.textContent.includes('添加一段工作经历')).click();
                return true; }`);
              await until(page, FOUND, '#work-0-end', 'the work entry');
              await page.run(`() => {
                const root = document.querySelector('[data-precheck]').shadowRoot;
                for (const [id, v] of [['employer', '北京某某科技有限公司'], ['occupation', '电子商务师'], ['start', '2018-03-01'], ['end', '2019-01-01']]) {
                  const el = root.querySelector('#work-0-' + id);
                  el.focus(); el.value = v;
                  el.dispatchEvent(new Event('input', { bubbles: true }));
                  el.dispatchEvent(new Event('change', { bubbles: true }));
                }
                return true; }`);
              await pause(1000);
              add('verdict', await tap(page, '#work-0-ongoing', STATE.met));
              await page.run(`() => { (${ELEMENT})('button[data-step="materials"]').click(); return true; }`);
              await pause(1000);
              add('sheet', await tap(page, '[data-material="申报表"] [data-testid="sheet-open"]', STATE.sheet));
              await pause(1000);
              add('back', await tap(page, '.pc-nav-buttons .pc-button.secondary', STATE.about));
            } else {
              await touched(page);
              add('levels', await tap(page, '[data-testid="levels-entry"]', STATE.levels));
              await pause(1000);
              add('overview', await tap(page, 'button[data-topic="overview"]', STATE.overview));
            }
          } finally {
            await page.close();
          }
        }
      }
      const origin = new URL(url).origin;
      const paths = new Set(loads[0].map((u) => new URL(u)).filter((u) => u.origin === origin)
        .map((u) => (u.pathname === '/' ? '/index.html' : u.pathname)));
      const files = [...paths].filter((p) => existsSync(join(dist, p))).sort();
      const bytes = files.map((p) => readFileSync(join(dist, p)));
      row(`${name}: first load, ${files.length} files the page fetched before it settled, gzip (${label})`,
        kb(bytes.reduce((n, b) => n + gz(b), 0)), 'KB', 60, { note: files.join(' ') });
      for (const [key, what] of Object.entries(TAPS)) {
        const fs = taps[key];
        const by = fs[0].by;
        const shown = fs.map((f) => f.shown);
        if (fs.every((f) => f.et != null)) {
          const ets = fs.map((f) => f.et);
          row(`${name}: tap: ${what}, Event Timing (${label})`, median(ets), 'ms', null, {
            note: `median of ${fs.length}: ${ets.map((x) => (x > 16 ? Math.round(x) : '≤16')).join(', ')} ms; shown ${shown.join(', ')} ms; ${by}; budget 150 ms is at 4× in Chromium`,
          });
        } else {
          row(`${name}: tap: ${what}, first input → expected state → 2 rAF, no Event Timing in this engine (${label})`, median(shown), 'ms', null, {
            note: `median of ${fs.length}: ${shown.join(', ')} ms; ${by}; budget 150 ms is at 4× in Chromium`,
          });
        }
      }

      // The photo worker: the compliant check and the 12 MP any-backdrop fix.
      const page = await engine.open(url);
      try {
        await until(page, FOUND, '[data-testid="plan-title"]', 'the first screen');
        const run = (b, op, decoder, times) => page.run(String(RUN_WORKER), { b64: b.toString('base64'), op, decoder, times });
        const checks = await run(inputs.compliant, 'check', 'auto', CHECKS);
        if (!checks.every((r) => r.ok && r.pass)) throw new Error(`${name}: compliant JPEG did not pass: ${JSON.stringify(checks[0])}`);
        const check = checkFigures(checks);
        row(`${name}: check of a compliant 413×579 JPEG with a real face (${check.what}; ${label})`,
          check.warm, 'ms', wasmLimit(12), { note: `${check.note}${wasmNote}` });
        const fixes = [];
        for (let i = 0; i < runs; i++) {
          const [, second] = await run(inputs.room12, 'fix', 'auto', 2);
          if (!second.ok || !second.fixedBytes || !second.pass) throw new Error(`${name}: 12 MP room: ${JSON.stringify(second)}`);
          fixes.push(second);
        }
        row(`${name}: 12 MP any-backdrop fix (test2, a room, enlarged), ${fixes[0].decoder} decoder (${label})`,
          median(fixes.map((r) => r.ms)) / 1000, 's', wasmLimit(0.4),
          { note: `median of ${fixes.length}: ${fixes.map((r) => fmt(r.ms / 1000)).join(', ')} s; fixed ${fmt(fixes[0].fixedBytes)} B${wasmNote}` });
        row(`${name}: 12 MP any-backdrop fix peak wasm memory (${label})`,
          Math.round(Math.max(...fixes.map((r) => r.memoryBytes)) / 2 ** 20), 'MiB', 200);
        // The levels overview in this engine's wasm (overview.mjs).
        const ov = await page.run(String(OVERVIEW_IN_PAGE), overviewWasm.bytes.toString('base64'));
        row(`${name}: levels overview update in wasm (engine::levels::overview, 20 work periods; engine only; ${label})`, ov.median, 'ms', wasmLimit(2),
          { note: `median per call of ${ov.batches} batches of 20; first call ${fmt(ov.first)} ms; ${overviewWasm.how}${wasmNote}` });
      } finally {
        await page.close();
      }
    } finally {
      await engine.close();
    }
  }
}
