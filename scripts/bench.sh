#!/usr/bin/env bash
# Runs Retaguarda's benchmarks and prints their tables (not part of scripts/test.sh):
# the shop dataset, the app in headless Chromium, criterion benchmarks of core, two devices converging through the
# relay, the relay load generator, and what a person waits for in the app (screen-bench.mjs). Every run is bounded and stops by itself.
#
#   scripts/bench.sh                 # small, a few minutes on 2 shared cores
#   SCALE=1.0 scripts/bench.sh       # the full three-year shop
#
# Knobs: SCALE (dataset and criterion, default 0.02), CLIENTS, ROOMS, RATE, DURATION
# (relay load, default 1000 / 200 / 500 / 10), CLOSE_AT (the period the app closes, default
# 2026-10-01).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$root"

SCALE="${SCALE:-0.02}"
CLIENTS="${CLIENTS:-1000}"
ROOMS="${ROOMS:-200}"
RATE="${RATE:-500}"
DURATION="${DURATION:-10}"
out="${BENCH_OUT:-target/bench}"
mkdir -p "$out"
profile=(--profile server -p retaguarda-bench)

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$1"; }

step "build (profile server)"
# --benches too, so features match `cargo bench` below and nothing is built twice.
cargo build "${profile[@]}" --bins --benches --locked
bin="${CARGO_TARGET_DIR:-target}/server"

step "dataset, one device (scale $SCALE)"
"$bin/retaguarda-dataset" --scale "$SCALE" --devices 1 -o "$out/shop-1.retaguarda"

step "dataset, three offline devices merged (scale $SCALE)"
"$bin/retaguarda-dataset" --scale "$SCALE" --devices 3 -o "$out/shop-3.retaguarda"

step "two devices, 1,000 offline operations each, through the relay"
"$bin/retaguarda-converge" --ops 1000
"$bin/retaguarda-converge" --ops 1000 --default-limits

step "relay load ($CLIENTS clients, $ROOMS rooms, $RATE msg/s, ${DURATION} s)"
"$bin/retaguarda-relay-load" --clients "$CLIENTS" --rooms "$ROOMS" --rate "$RATE" --seconds "$DURATION"

step "relay at the target: 10,000 clients, 2,000 rooms, 2,000 msg/s, relay in its own process"
# Each process holds one end of every connection, so each needs 10,000 descriptors.
if [ "$(ulimit -n)" -ge 10500 ]; then
  cargo build --profile server -p retaguarda-relay --locked
  rdata="$(mktemp -d)"
  # All clients come from one address: the per-address limits are lifted, and a new
  # room's proof of work is cheap (the load measured is forwarding, not admission).
  "$bin/retaguarda-relay" --data "$rdata" --listen 127.0.0.1:4301 --rate 1000 \
    --max-connections 10500 --max-rooms 10000 --max-connections-per-ip 10500 \
    --rooms-per-ip-per-hour 10000 --room-proof-bits 8 --hello-timeout-ms 60000 >/dev/null 2>&1 &
  rpid=$!
  sleep 1
  "$bin/retaguarda-relay-load" --clients 10000 --rooms 2000 --rate 2000 --seconds 10 --connect 127.0.0.1:4301
  grep -E 'VmRSS|VmHWM' "/proc/$rpid/status" | sed 's/^/relay /'
  kill "$rpid" 2>/dev/null || true
  rm -rf "$rdata"
else
  echo "skipped: ulimit -n is $(ulimit -n); 10,000 connections need 10,500 per process"
fi

step "the app in headless Chromium: first-load transfer, cold start and one operation with the dataset (scale $SCALE)"
scripts/build-app.sh
cargo build --profile server -p retaguarda-relay --locked
port="${BENCH_PORT:-4199}"
data="$(mktemp -d)"
"$bin/retaguarda-relay" --app dist --data "$data" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
relay=$!
trap 'kill $relay 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
(cd e2e && node bench/app-bench.mjs --url "http://127.0.0.1:$port" --backup "$root/$out/shop-1.retaguarda")

step "what a person waits for: click to screen of five actions, long tasks (start, a sync of 1,000 changes, a close), INP at 4x CPU (scale $SCALE)"
(cd e2e && node bench/screen-bench.mjs --url "http://127.0.0.1:$port" --backup "$root/$out/shop-1.retaguarda" \
  --runs 10 --starts 3 --sync 1000 --close "${CLOSE_AT:-2026-10-01}")

step "closing the period before ${CLOSE_AT:=2026-10-01} (Business::split_at): natively, then in the browser through Configurações"
cargo build --profile server -p retaguarda-core --example startup_probe --locked
PROBE_SPLIT="$CLOSE_AT" PROBE_REBASE="$root/$out/shop-1-live.retaguarda" \
  "$bin/examples/startup_probe" "$root/$out/shop-1.retaguarda"
"$bin/examples/startup_probe" "$root/$out/shop-1-live.retaguarda"
(cd e2e && node bench/app-bench.mjs --url "http://127.0.0.1:$port" --backup "$root/$out/shop-1.retaguarda" --close "$CLOSE_AT")
kill "$relay" 2>/dev/null || true

step "criterion: core operations, hydrate, save, load, merge, sizes (scale $SCALE)"
RETAGUARDA_BENCH_SCALE="$SCALE" cargo bench "${profile[@]}" --locked --bench core
