// Starts the photo worker's wasm module (wasm-bindgen "no-modules" output).
// Loaded with `new Worker('photo-worker.js')` only when a photo is chosen.
// Requests that arrive while the module is still loading are kept and handed
// to the module's own handler (installed by its `main`) once it is ready.
const early = [];
self.onmessage = (event) => early.push(event);

// The on-device models (face detector, person segmentation): a plain wasm
// module with C exports and no imports (vision/web/src/lib.rs has the ABI),
// fetched from beside this file on the first photo that needs it — never from
// anywhere else. The Rust side calls load/faces/person (worker/src/main.rs).
// Two builds of it (scripts/build-vision.sh): precheck-vision-simd.wasm where
// the engine has wasm SIMD (simd128), else precheck-vision.wasm (iOS before
// 16.4, older engines). Both give the same bits (scripts/vision-simd-check.mjs).
self.precheckVision = (() => {
  let exports = null;
  let loading = null;
  const FACE_FLOATS = 17;
  const MAX_FACES = 8;
  const MASK = 256 * 256;
  const PLAIN = 'precheck-vision.wasm';
  const SIMD = 'precheck-vision-simd.wasm';
  // (func (param f32) (result v128) (f32x4.pmax (f32x4.splat x) (f32x4.splat x))):
  // valid only where simd128 is, pmax/pmin being among its last additions.
  const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 125, 1, 123, 3, 2, 1, 0,
    10, 15, 1, 13, 0, 32, 0, 253, 19, 32, 0, 253, 19, 253, 235, 1, 11]);
  function simd() {
    try {
      return WebAssembly.validate(SIMD_PROBE);
    } catch {
      return false;
    }
  }
  // The build this worker fetches (or fetched); the plain one after the SIMD
  // one failed to compile.
  let file = simd() ? SIMD : PLAIN;

  // The protocol's `Reply::Stage(Stage::Models {loaded, total})` as JSON text
  // (src/photo/protocol.rs; a test there keeps this shape).
  function progress(id, loaded, total) {
    self.postMessage({ id, reply: JSON.stringify({ stage: { models: { loaded, total } } }) });
  }

  async function fetchWithProgress(id, name) {
    const response = await fetch(new URL(`./${name}`, self.location.href));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length')) || 0;
    if (!response.body || !response.body.getReader) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const parts = [];
    let loaded = 0;
    let last = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.length;
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        progress(id, loaded, total);
      }
    }
    progress(id, loaded, Math.max(total, loaded));
    const bytes = new Uint8Array(loaded);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  }

  function load(id) {
    if (exports) return Promise.resolve(true);
    if (!loading) {
      const name = file;
      loading = fetchWithProgress(id, name)
        .then((bytes) => WebAssembly.instantiate(bytes, {}))
        .catch((err) => {
          // An engine that validates the probe yet cannot compile the SIMD
          // build: the plain one, from now on.
          if (name !== SIMD || !(err instanceof WebAssembly.CompileError)) throw err;
          file = PLAIN;
          return fetchWithProgress(id, PLAIN).then((bytes) => WebAssembly.instantiate(bytes, {}));
        })
        .then(({ instance }) => {
          exports = instance.exports;
          return true;
        })
        .catch(() => {
          loading = null; // try again on the next photo
          return false;
        });
    }
    return loading;
  }

  // Copies `rgb` into the module, runs `call(ptr, out)`, copies `outLength`
  // elements of `OutArray` back, and frees both buffers whatever happens.
  function run(rgb, outBytes, call) {
    const e = exports;
    if (!e) throw new Error('vision module not loaded');
    const inPtr = e.vision_alloc(rgb.length);
    const outPtr = e.vision_alloc(outBytes);
    try {
      new Uint8Array(e.memory.buffer, inPtr, rgb.length).set(rgb);
      const n = call(inPtr, outPtr);
      if (n < 0) throw new Error(`vision error ${n}`);
      return { n, view: new Uint8Array(e.memory.buffer, outPtr, outBytes).slice() };
    } catch (err) {
      // A trap may leave the instance unusable: load a fresh one next time.
      if (err instanceof WebAssembly.RuntimeError) {
        exports = null;
        loading = null;
      }
      throw err;
    } finally {
      if (exports === e) {
        e.vision_free(inPtr, rgb.length);
        e.vision_free(outPtr, outBytes);
      }
    }
  }

  function faces(rgb, width, height) {
    const { n, view } = run(rgb, MAX_FACES * FACE_FLOATS * 4, (inPtr, outPtr) =>
      exports.vision_detect_faces(inPtr, width, height, outPtr, MAX_FACES));
    return new Float32Array(view.buffer, 0, n * FACE_FLOATS);
  }

  function person(rgb, width, height) {
    return run(rgb, MASK, (inPtr, outPtr) =>
      exports.vision_segment_person(inPtr, width, height, outPtr)).view;
  }

  return { load, faces, person, get file() { return file; } };
})();

importScripts('./precheck-photo-worker.js');
wasm_bindgen({ module_or_path: './precheck-photo-worker_bg.wasm' }).then(
  () => {
    for (const event of early.splice(0)) self.onmessage(event);
  },
  (err) => self.postMessage({ fatal: String((err && err.message) || err) }),
);
