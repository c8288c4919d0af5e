// 报名预检 loader. A host page includes this one script (type="module") and
// places <div data-precheck ...> where the widget should appear. It loads the
// wasm bundle from beside itself and hands every such element to the widget.
// If the browser cannot run WebAssembly, or loading fails or takes too long,
// each element shows a plain message instead of staying blank.
const base = new URL('.', import.meta.url);
const LOAD_TIMEOUT_MS = 10000;

const FAILURE_ZH = '报名预检未能在此浏览器中打开。请点右上角「···」选择「在浏览器中打开」，或将微信升级到最新版本后重试。';
const FAILURE_EN = 'The pre-check could not start in this browser. Open the link in your phone\u2019s own browser (the \u00b7\u00b7\u00b7 menu), or update WeChat, then try again.';

function hosts() {
  return Array.from(document.querySelectorAll('[data-precheck]'));
}

function showFailure(reason) {
  for (const el of hosts()) {
    if (el.dataset.precheckStarted === 'yes') continue;
    el.textContent = '';
    const box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.className = 'precheck-failure';
    const zh = document.createElement('p');
    zh.textContent = FAILURE_ZH;
    const en = document.createElement('p');
    en.lang = 'en';
    en.textContent = FAILURE_EN;
    box.append(zh, en);
    el.append(box);
    el.dataset.precheckStarted = 'failed';
  }
  if (reason) console.warn('precheck: failed to start:', reason);
}

const LOADING_ZH = '正在加载报名预检…';
const LOADING_EN = 'Loading the pre-check\u2026';

// On a phone's network the wasm takes a second or more to arrive: say so
// instead of showing an empty box. The widget's shadow root hides this text
// once it mounts (light-DOM children of a shadow host are not rendered);
// showFailure replaces it.
function showLoading() {
  for (const el of hosts()) {
    if (el.dataset.precheckStarted || el.querySelector('.precheck-loading')) continue;
    const p = document.createElement('p');
    p.className = 'precheck-loading';
    p.setAttribute('role', 'status');
    const en = document.createElement('span');
    en.lang = 'en';
    en.textContent = ` ${LOADING_EN}`;
    p.append(LOADING_ZH, en);
    el.append(p);
  }
}

// The widget's stylesheet is linked inside its shadow root only once the wasm
// has run; asking for it now means it is already here by then, instead of one
// more round trip before the first paint.
function preloadStyles() {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'style';
  link.href = new URL('precheck.css', base).href;
  document.head.append(link);
}

// Two wasm modules. The first-load module (precheck-start) shows the first
// screen: the plan step, which is what a candidate reads before acting. The
// full widget (precheck-app: the questions, verdicts, materials, photos) is
// fetched once the page has settled, while the candidate reads (or at their
// first touch, if sooner), so the first screen arrives in a fraction of the
// bytes (BENCHMARKS.md) and Next does not wait for a download. It takes over
// when they leave the plan step. A returning candidate (answers saved) and
// the photo tool need the full widget at once.
function loadModule(name) {
  // The wasm and the glue side by side, not one after the other: on a
  // phone's network that saves a round trip.
  const wasm = fetch(new URL(`${name}_bg.wasm`, base));
  // A failed fetch is reported where the module is awaited; this keeps it
  // from also showing as an unhandled rejection while the glue loads.
  wasm.catch(() => {});
  return import(new URL(`${name}.js`, base).href).then(async (bindings) => {
    await bindings.default({ module_or_path: wasm });
    return bindings;
  });
}

let full = null;
function loadFull() {
  if (!full) {
    full = loadModule('precheck-app');
    // A failed download may be retried (the first screen offers to).
    full.catch(() => { full = null; });
  }
  return full;
}

// `input` too: a choice made without a pointer (assistive tech) is a touch.
const FIRST_TOUCH = ['pointerdown', 'touchstart', 'keydown', 'focusin', 'input'];
const whenIdle = (fn) => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));
// Once the first screen is on the screen: the largest-contentful-paint entry
// of a paint after `since` (its text is rasterised off the main thread, ~90 ms
// after mounting in Chromium here, so an animation frame is too early); where
// the engine reports no such paint (Safari, a first screen smaller than the
// loading line), after `FIRST_PAINT_WAIT_MS`.
const FIRST_PAINT_WAIT_MS = 1000;
function afterPaint(since, fn) {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (observer) observer.disconnect();
    fn();
  };
  const timer = setTimeout(go, FIRST_PAINT_WAIT_MS);
  let observer = null;
  if (typeof PerformanceObserver === 'function' &&
      (PerformanceObserver.supportedEntryTypes || []).includes('largest-contentful-paint')) {
    observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.startTime >= since)) go();
    });
    observer.observe({ type: 'largest-contentful-paint', buffered: true });
  }
}
let handedOver = false;
let preloading = false;
// The full widget fetched, then (when idle) rendered once off-screen, so the
// code the tap on Next runs is compiled before the tap (app/src/main.rs,
// warm_up). A mark tells the benchmarks where the first load ends.
function preloadFull() {
  if (preloading) return;
  preloading = true;
  performance.mark('precheck:preload');
  loadFull().then((app) => whenIdle(() => { if (!handedOver) app.warm_up(base.href); }))
    .catch(() => { preloading = false; });
}
// While the candidate reads the first screen: after `load`, when idle. A
// phone that asks to save data (Save-Data) gets it on the first touch only.
function preloadFullWhileReading() {
  const touched = () => {
    for (const el of hosts()) for (const type of FIRST_TOUCH) el.removeEventListener(type, touched);
    preloadFull();
  };
  for (const el of hosts()) for (const type of FIRST_TOUCH) el.addEventListener(type, touched, { passive: true });
  if (navigator.connection && navigator.connection.saveData) return;
  // And after the first screen is painted: started before that paint, the
  // download counted as part of it in Lighthouse's simulated slow network
  // (LCP 3.1 s instead of 1.7; `node scripts/bench.mjs --only lighthouse`).
  const since = performance.now();
  const settled = () => afterPaint(since, () => whenIdle(preloadFull));
  if (document.readyState === 'complete') settled();
  else window.addEventListener('load', settled, { once: true });
}

// The wasm features a Rust 1.95 release build of the widget uses, in one
// 62-byte module: a function with two results (multivalue), memory.fill (bulk
// memory), i32.trunc_sat_f32_s (non-trapping float-to-int), i32.extend8_s
// (sign-ext) and an externref parameter with ref.is_null (reference types).
// Chrome and Android WebView below 96 and Safari below 15.1 lack one of them
// and would fail to compile the modules after downloading them; they get
// the plain message at once, before any module is fetched.
const WASM_FEATURES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x0a, 0x02, 0x60, 0x00, 0x02, 0x7f, 0x7f, 0x60, 0x01, 0x6f, 0x00, // types: () -> (i32, i32); (externref) -> ()
  0x03, 0x03, 0x02, 0x00, 0x01, // two functions
  0x05, 0x03, 0x01, 0x00, 0x01, // one page of memory
  0x0a, 0x1e, 0x02,
  0x15, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, // memory.fill 0 0 0
  0x43, 0x00, 0x00, 0x00, 0x00, 0xfc, 0x00, 0xc0, 0x41, 0x01, 0x0b, // f32 0 -> trunc_sat -> extend8_s, i32 1
  0x06, 0x00, 0x20, 0x00, 0xd1, 0x1a, 0x0b, // ref.is_null (local 0), drop
]);

function wasmCanRun() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') return 'no WebAssembly';
  try {
    return WebAssembly.validate(WASM_FEATURES) ? null : 'WebAssembly without the features the widget needs';
  } catch (err) {
    return err;
  }
}

async function start() {
  const cannot = wasmCanRun();
  if (cannot) {
    showFailure(cannot);
    return;
  }
  const timer = setTimeout(() => showFailure('timeout'), LOAD_TIMEOUT_MS);
  showLoading();
  preloadStyles();
  let first;
  try {
    first = await loadModule('precheck-start');
  } catch (err) {
    clearTimeout(timer);
    showFailure(err);
    return;
  }
  clearTimeout(timer);
  let handing = false;
  const handOver = async () => {
    if (handing) return;
    handing = true;
    try {
      const app = await loadFull();
      handedOver = true;
      app.mount_all(base.href, first.take_over());
    } catch (err) {
      console.warn('precheck: the full widget failed to load:', err);
      first.hand_over_failed();
    } finally {
      handing = false;
    }
  };
  const now = first.mount_all(base.href, handOver);
  performance.mark('precheck:first-screen');
  if (now) handOver();
  else preloadFullWhileReading();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, { once: true });
} else {
  start();
}
