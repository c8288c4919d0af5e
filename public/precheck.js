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

async function start() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    showFailure('no WebAssembly');
    return;
  }
  const timer = setTimeout(() => showFailure('timeout'), LOAD_TIMEOUT_MS);
  showLoading();
  preloadStyles();
  try {
    // Fetch the wasm and the glue side by side, not one after the other: on a
    // phone's network that saves a round trip before anything shows.
    const wasm = fetch(new URL('precheck-app_bg.wasm', base));
    const bindings = await import(new URL('precheck-app.js', base).href);
    await bindings.default({ module_or_path: wasm });
    clearTimeout(timer);
    bindings.mount_all(base.href);
  } catch (err) {
    clearTimeout(timer);
    showFailure(err);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, { once: true });
} else {
  start();
}
