#!/usr/bin/env bash
# Trunk post-build hook: writes sw.js with the exact list of files this build emitted.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?TRUNK_STAGING_DIR is not set: run this from Trunk}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$dir"
files=$(find . -type f ! -name sw.js | sed 's|^\./|/|' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum ".$f"; done | sha256sum | cut -c1-16)
list=$( (echo "/"; echo "$files") | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__VERSION__|$version|" -e "s|__PRECACHE__|[$list]|" "$root/scripts/sw.template.js" > sw.js
