// Starts the photo worker's wasm module (wasm-bindgen "no-modules" output).
// Loaded with `new Worker('photo-worker.js')` only when a photo is chosen.
// Requests that arrive while the module is still loading are kept and handed
// to the module's own handler (installed by its `main`) once it is ready.
const early = [];
self.onmessage = (event) => early.push(event);
importScripts('./precheck-photo-worker.js');
wasm_bindgen({ module_or_path: './precheck-photo-worker_bg.wasm' }).then(
  () => {
    for (const event of early.splice(0)) self.onmessage(event);
  },
  (err) => self.postMessage({ fatal: String((err && err.message) || err) }),
);
