#!/usr/bin/env bash
# Builds the vision wasm module (vision/web: precheck-vision-web, plain
# extern "C" exports, no imports) and optimises it with binaryen 132's wasm-opt
# from npm (`npm ci` installs node_modules/binaryen; no other wasm-opt).
# usage: scripts/build-vision.sh [OUT_DIR]   (default target/vision/)
# Writes two builds of the same code to OUT_DIR and prints their raw and gzip
# sizes:
#   precheck-vision.wasm       plain wasm32 (MVP + what rustc enables by
#                              default), for engines without simd128 (iPhones
#                              before iOS 16.4);
#   precheck-vision-simd.wasm  with simd128 (nn's kernels/simd.rs: the matrix
#                              multiply and depthwise conv on f32x4; the same
#                              numbers bit for bit). public/photo-worker.js
#                              picks it where WebAssembly.validate accepts a
#                              SIMD instruction.
# The SIMD build has its own target dir (TARGET/simd128), so neither build
# invalidates the other's cache.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/vision}"
tdir="${CARGO_TARGET_DIR:-target}"
wasm_opt=node_modules/binaryen/bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
    echo "build-vision: $wasm_opt missing: run npm ci (binaryen 132)" >&2
    exit 1
fi
size() { wc -c < "$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
mkdir -p "$out"

# build NAME TARGET_DIR [CARGO_ARGS...]: cargo, wasm-opt -O3, then checks.
build() {
    local name="$1" dir="$2"
    shift 2
    cargo build -p precheck-vision-web \
        --target wasm32-unknown-unknown --release --target-dir "$dir" "$@"
    local raw="$dir/wasm32-unknown-unknown/release/precheck_vision_web.wasm"
    local features=()
    # wasm-opt must be allowed the SIMD instructions the SIMD build has (and
    # only there: the plain module must stay without them).
    if [ "$name" = precheck-vision-simd.wasm ]; then features=(--enable-simd); fi
    "$wasm_opt" -O3 "${features[@]}" "$raw" -o "$out/$name"
    # The module must instantiate with an empty import object; the plain one
    # must contain no SIMD (its validation with simd off is the check), the
    # SIMD one must.
    node -e '
const [path, name] = process.argv.slice(1);
const bytes = require("fs").readFileSync(path);
const m = new WebAssembly.Module(bytes);
const imports = WebAssembly.Module.imports(m);
if (imports.length) { console.error("build-vision: the module imports", imports); process.exit(1); }
const want = ["memory", "vision_alloc", "vision_free", "vision_detect_faces", "vision_segment_person"];
const have = WebAssembly.Module.exports(m).map(e => e.name);
const missing = want.filter(n => !have.includes(n));
if (missing.length) { console.error("build-vision: missing exports", missing); process.exit(1); }
' "$out/$name" "$name"
    echo "cargo output ($name): $(size "$raw") B raw, $(gz "$raw") B gzip -9"
}

build precheck-vision.wasm "$tdir"
# simd128 for every crate of the module: added to the wasm32 rustflags of
# .cargo/config.toml (--config arrays are appended to the file's), or to
# RUSTFLAGS when that is set (it replaces the config's rustflags).
if [ -n "${RUSTFLAGS:-}" ]; then
    RUSTFLAGS="$RUSTFLAGS -C target-feature=+simd128" build precheck-vision-simd.wasm "$tdir/simd128"
else
    build precheck-vision-simd.wasm "$tdir/simd128" \
        --config 'target.wasm32-unknown-unknown.rustflags=["-C", "target-feature=+simd128"]'
fi
# The plain module must hold no SIMD instruction (engines without simd128
# refuse the whole module), the SIMD one must: counted in binaryen's text.
simd_ops() {
    node_modules/binaryen/bin/wasm-dis "$1" |
        grep -cE '\((v128|[fi](8x16|16x8|32x4|64x2))\.' || true
}
if [ "$(simd_ops "$out/precheck-vision.wasm")" != 0 ]; then
    echo "build-vision: precheck-vision.wasm uses SIMD" >&2
    exit 1
fi
if [ "$(simd_ops "$out/precheck-vision-simd.wasm")" = 0 ]; then
    echo "build-vision: precheck-vision-simd.wasm uses no SIMD" >&2
    exit 1
fi
for name in precheck-vision.wasm precheck-vision-simd.wasm; do
    echo "$out/$name: $(size "$out/$name") B raw, $(gz "$out/$name") B gzip -9 (budget 819,200 B gzip: issue 27, models and interpreter together)"
done
