#!/usr/bin/env bash
# Runs the WebKit engine tests N times (default 30) with WebKitGTK's
# optimizing wasm tier (OMG) on, as a phone's WebKit would, and counts the
# runs that fail. The regular test run turns OMG off (tests/browser/engines/
# webkit.mjs says why). Needs `./dev build` first. Logs in /tmp/webkit-omg-*.log.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
failed=0
replaced=0
faults=0
for i in $(seq 1 "$runs"); do
  if ! PRECHECK_WEBKIT_OMG=1 timeout 600 node --test tests/browser/webkit.test.mjs > "/tmp/webkit-omg-$i.log" 2>&1; then
    failed=$((failed + 1))
    echo "run $i failed: $(grep -m1 -A6 '^not ok' "/tmp/webkit-omg-$i.log" | grep -m1 -E 'error' || echo 'see the log')"
  fi
  n=$(grep -c "photo worker replaced" "/tmp/webkit-omg-$i.log")
  if [ "$n" -gt 0 ]; then replaced=$((replaced + n)); echo "run $i: a dead photo worker replaced ($n)"; fi
  f=$(grep -c "webkit engine fault (tolerated)" "/tmp/webkit-omg-$i.log")
  if [ "$f" -gt 0 ]; then faults=$((faults + f)); echo "run $i: out-of-bounds fault tolerated in the page ($f)"; fi
done
echo "WebKit with OMG: $failed of $runs runs failed; $replaced photo workers replaced after dying; $faults page faults tolerated"
