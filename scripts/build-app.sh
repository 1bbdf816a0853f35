#!/usr/bin/env bash
# Builds the release app into dist/ with Trunk (offline: tools come from the machine) and
# prints the figures that matter on a phone: wasm size raw and gzip, first-load transfer.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$root"
wasm_env
trunk build --release --offline --dist dist
cd dist
app=$(ls ./retaguarda-app-*.wasm | head -n1)
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN{printf "%.0f KB", b/1024}'; }
# What a browser downloads for a set of files: gzip, or the build's brotli copies (with
# gzip for files that have none).
sum_gz() { local t=0 f; for f in "$@"; do [ -f "$f" ] && t=$((t + $(gz "$f"))); done; echo "$t"; }
sum_br() {
  local t=0 f
  for f in "$@"; do
    [ -f "$f" ] || continue
    if [ -f "$f.br" ]; then t=$((t + $(wc -c < "$f.br"))); else t=$((t + $(gz "$f"))); fi
  done
  echo "$t"
}
# A first visit's page loads the door (src/boot.js, inlined in index.html; src/door.rs); the app's js and wasm
# come when the person acts, or from the service worker's precache for offline use.
first=(index.html ./*.css pwa.js manifest.webmanifest retaguarda-door.js retaguarda-door_bg.wasm)
whole=(index.html ./*.css ./*.js ./*.wasm manifest.webmanifest)
echo "== Retaguarda build figures =="
printf '%-44s %s\n' "app wasm (raw)" "$(kb "$(wc -c < "$app")")"
printf '%-44s %s\n' "app wasm (gzip -9)" "$(kb "$(gz "$app")")"
printf '%-44s %s\n' "door wasm (raw / gzip -9)" "$(kb "$(wc -c < retaguarda-door_bg.wasm)") / $(kb "$(gz retaguarda-door_bg.wasm)")"
printf '%-44s %s\n' "period close worker wasm (raw / gzip -9)" "$(kb "$(wc -c < retaguarda-worker_bg.wasm)") / $(kb "$(gz retaguarda-worker_bg.wasm)")"
printf '%-44s %s\n' "first visit, until the welcome screen (gzip)" "$(kb "$(sum_gz "${first[@]}")")"
printf '%-44s %s\n' "the whole app, every file (gzip)" "$(kb "$(sum_gz "${whole[@]}")")"
if [ -f "$app.br" ]; then
  printf '%-44s %s\n' "first visit, with brotli" "$(kb "$(sum_br "${first[@]}")")"
  printf '%-44s %s\n' "the whole app, with brotli" "$(kb "$(sum_br "${whole[@]}")")"
fi
printf '%-44s %s\n' "precached files (sw.js)" "$(grep -o '"/[^"]*"' sw.js | wc -l)"
