# Sourced by the other scripts: puts the project's tools on PATH and, for wasm builds,
# the toolchain set-up chose (scripts/setup.sh writes target/setup/env.sh).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/e2e/node_modules/.bin:$root/target/ledger-tools-venv/bin:$PATH"
wasm_env() {
  # shellcheck disable=SC1091
  [ -f "$root/target/setup/env.sh" ] && . "$root/target/setup/env.sh"
  export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
}
