#!/usr/bin/env bash
# Runs every test of Retaguarda, after setting up what is missing:
# format and lints, native tests (core, formats, relay, cli, app logic), browser tests of the
# app in headless Chromium (wasm-bindgen-test), and Playwright end to end against the relay
# serving the release build.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$root"

step() { printf '\n\033[1;34m==> %s\033[0m (%ss since start)\n' "$1" "$SECONDS"; }
# The accountant-export tests check against the real hledger and bean-check, which the
# set-up installs: here a missing tool is a failure, not a skip.
export RETAGUARDA_REQUIRE_LEDGER_TOOLS=1
# Likewise the relay's PostgreSQL engine: its tests fail, not skip, without a server.
export RETAGUARDA_REQUIRE_POSTGRES=1
# A run builds everything once: incremental caches would only take disk (gigabytes) and time.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

step "set-up"
scripts/setup.sh --test

step "PostgreSQL for the relay's tests (throwaway cluster on port 55429)"
pg_dir="$(mktemp -d /tmp/retaguarda-pg.XXXXXX)"
# Stopped on any exit, from wherever the script is then (the end-to-end step runs in e2e/),
# keeping the run's own exit status.
trap 'rc=$?; "$root/scripts/postgres-test.sh" stop "$pg_dir" || true; exit $rc' EXIT
# fsync off: the cluster dies with the run, and no test kills the database server itself.
RETAGUARDA_TEST_POSTGRES="$(PG_TEST_OPTS="-c fsync=off" scripts/postgres-test.sh start "$pg_dir" 55429)"
export RETAGUARDA_TEST_POSTGRES

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (native, every crate and target)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "native tests"
cargo test --workspace --locked

step "the relay's tests again, on PostgreSQL"
# The test binaries the workspace run just built (`cargo test -p` alone would resolve other
# features and rebuild dependencies), run from the crate's folder as cargo runs them.
relay_tests="$(cargo test --workspace --locked --no-run --message-format=json 2>/dev/null \
  | grep '"test":true' | grep -E '#retaguarda-relay@|/crates/relay#' \
  | sed -nE 's#.*"executable":"([^"]+/deps/[^"]+)".*#\1#p')"
[ -n "$relay_tests" ] || { echo "no relay test binaries found" >&2; exit 1; }
for t in $relay_tests; do
  (cd crates/relay && RETAGUARDA_TEST_STORE=postgres "$t" -q)
done

step "browser tests (wasm-bindgen-test in headless Chromium)"
(wasm_env; cargo test -p retaguarda --target wasm32-unknown-unknown --locked)

step "release build of the app"
scripts/build-app.sh

# The native tests already built the relay binary (its integration tests run it), with the
# workspace's unified features; `cargo build -p retaguarda-relay` alone would resolve other
# features and rebuild most dependencies.
relay_bin="$root/target/debug/retaguarda-relay"
[ -x "$relay_bin" ] || cargo test --workspace --locked --no-run

step "end to end (Playwright against the relay)"
cd e2e
E2E_RELAY="$relay_bin" npx playwright test
