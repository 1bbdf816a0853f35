#!/usr/bin/env bash
# Builds the release app into dist/ with Trunk (offline: tools come from the machine) and
# prints the figures that matter on a phone: wasm size raw and gzip, first-load transfer.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$root"
wasm_env
trunk build --release --offline --dist dist
cd dist
wasm=$(ls ./*.wasm | head -n1)
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN{printf "%.0f KB", b/1024}'; }
raw=$(wc -c < "$wasm")
total=0
for f in index.html ./*.js ./*.wasm ./*.css manifest.webmanifest; do
  [ -f "$f" ] && total=$((total + $(gz "$f")))
done
echo "== Retaguarda build figures =="
printf '%-34s %s\n' "wasm (raw)" "$(kb "$raw")"
printf '%-34s %s\n' "wasm (gzip -9)" "$(kb "$(gz "$wasm")")"
printf '%-34s %s\n' "first load (html+js+wasm+css, gzip)" "$(kb "$total")"
if [ -f "$wasm.br" ]; then
  # What a browser that takes brotli downloads: the build's .br copies, gzip for the rest.
  brtotal=0
  for f in index.html ./*.js ./*.wasm ./*.css manifest.webmanifest; do
    [ -f "$f" ] || continue
    if [ -f "$f.br" ]; then brtotal=$((brtotal + $(wc -c < "$f.br"))); else brtotal=$((brtotal + $(gz "$f"))); fi
  done
  printf '%-34s %s\n' "wasm (brotli copy)" "$(kb "$(wc -c < "$wasm.br")")"
  printf '%-34s %s\n' "first load with brotli" "$(kb "$brtotal")"
fi
printf '%-34s %s\n' "precached files (sw.js)" "$(grep -o '"/[^"]*"' sw.js | wc -l)"
