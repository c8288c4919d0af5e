#!/usr/bin/env bash
# Builds the vision wasm module (vision/web: precheck-vision-web, plain
# extern "C" exports, no imports) and optimises it with binaryen 132's wasm-opt
# from npm (`npm ci` installs node_modules/binaryen; no other wasm-opt).
# usage: scripts/build-vision.sh [OUT_DIR]   (default target/vision/)
# Writes OUT_DIR/precheck-vision.wasm and prints its raw and gzip sizes.
# Built for plain wasm32 without simd128: iPhones before iOS 16.4 lack it.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/vision}"
wasm_opt=node_modules/binaryen/bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
    echo "build-vision: $wasm_opt missing: run npm ci (binaryen 132)" >&2
    exit 1
fi
cargo build -p precheck-vision-web \
    --target wasm32-unknown-unknown --release
raw=target/wasm32-unknown-unknown/release/precheck_vision_web.wasm
mkdir -p "$out"
"$wasm_opt" -O3 "$raw" -o "$out/precheck-vision.wasm"
# The module must instantiate with an empty import object.
node -e '
const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
const imports = WebAssembly.Module.imports(m);
if (imports.length) { console.error("build-vision: the module imports", imports); process.exit(1); }
const want = ["memory", "vision_alloc", "vision_free", "vision_detect_faces", "vision_segment_person"];
const have = WebAssembly.Module.exports(m).map(e => e.name);
const missing = want.filter(n => !have.includes(n));
if (missing.length) { console.error("build-vision: missing exports", missing); process.exit(1); }
' "$out/precheck-vision.wasm"
size() { wc -c < "$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
echo "cargo output:     $(size "$raw") B raw, $(gz "$raw") B gzip -9"
echo "$out/precheck-vision.wasm: $(size "$out/precheck-vision.wasm") B raw, $(gz "$out/precheck-vision.wasm") B gzip -9 (budget 819,200 B gzip: issue 27, models and interpreter together)"
