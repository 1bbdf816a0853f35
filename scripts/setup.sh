#!/usr/bin/env bash
# Installs what Retaguarda needs to build and test, and nothing that is already there.
# Idempotent: a second run with everything in place takes seconds.
#   scripts/setup.sh          what building and running the app needs
#   scripts/setup.sh --test   also what the test suite needs (browser, driver, npm packages, ledger tools,
#                             PostgreSQL)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

state_dir="$root/target/setup"
mkdir -p "$state_dir"
env_file="$state_dir/env.sh"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] ERRO:\033[0m %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "faltam pacotes ($*) e esta máquina não tem apt-get: instale-os à mão."
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    apt-get update -qq || die "apt-get update falhou"
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* falhou"
}

command -v cargo >/dev/null || die "cargo não encontrado: instale o Rust com rustup (https://rustup.rs)."
command -v rustup >/dev/null || die "rustup não encontrado: instale o Rust com rustup."
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

# 1. The wasm32 toolchain: rustup's target where it can be had, else Debian's rustc-web with build-std.
lock_version() { awk -v n="$1" '$0=="name = \""n"\""{getline; gsub(/version = |"/,""); print; exit}' "$root/Cargo.lock"; }
rust_lld=$(ls "$(rustc --print sysroot)"/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n1 || true)
if [ -f "$env_file" ] && grep -q "^# mode=" "$env_file"; then
  say "toolchain wasm32: $(grep '^# mode=' "$env_file" | cut -d= -f2) (já configurado)"
elif rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  say "toolchain wasm32: alvo do rustup"
  printf '# mode=rustup\n' > "$env_file"
else
  say "toolchain wasm32: rustup não tem o alvo; usando rustc-web do Debian com build-std"
  if ! [ -x /usr/bin/rustc ] || ! [ -d /usr/lib/rustlib/src/rust/library ]; then
    apt_install -t bookworm-security rustc-web cargo-web rust-web-src
  fi
  linker="$rust_lld"
  if [ -z "$linker" ]; then
    command -v wasm-ld-19 >/dev/null || apt_install lld-19
    linker=$(command -v wasm-ld-19)
  fi
  cat > "$env_file" <<ENV
# mode=debian
export RUSTC=/usr/bin/rustc
export RUSTDOC=/usr/bin/rustdoc
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$linker
ENV
fi

# 2. Build tools, cached in ~/.cargo/bin and never rebuilt when the right version is there.
trunk_ok=0
command -v trunk >/dev/null && trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.' && trunk_ok=1
if [ "$trunk_ok" = 1 ]; then say "trunk: $(trunk --version)"; else
  say "instalando trunk 0.21 (cerca de 15 minutos na primeira vez)"
  cargo install trunk --version '~0.21' --locked || die "não foi possível instalar o trunk"
fi
wb=$(lock_version wasm-bindgen)
[ -n "$wb" ] || die "wasm-bindgen não está no Cargo.lock"
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$wb" ]; then
  say "wasm-bindgen-cli: $wb"
else
  say "instalando wasm-bindgen-cli $wb (cerca de 6 minutos na primeira vez)"
  cargo install wasm-bindgen-cli --version "$wb" --force || die "não foi possível instalar wasm-bindgen-cli $wb"
fi
grep -q "wasm_bindgen = \"$wb\"" Trunk.toml || die "Trunk.toml fixa outra versão de wasm-bindgen; ponha wasm_bindgen = \"$wb\" em [tools]"

# 3. npm packages: wasm-opt (binaryen) for the build, Playwright and axe for the tests.
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -x e2e/node_modules/.bin/wasm-opt ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  say "npm ci (e2e/)"
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) || die "npm ci falhou em e2e/"
else
  say "pacotes npm: em dia"
fi

# brotli: the build leaves a brotli copy of the wasm, js and css for the relay to serve.
command -v brotli >/dev/null || apt_install brotli

# 4. What only the tests need.
if [ "$want_test" = 1 ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; else say "chromium e chromedriver: presentes"; fi
  # gerar-boletos and the FEBRABAN CNAB 240 layouts check the boletos and CNAB files.
  oracle=crates/formats/tests/oracle
  if [ ! -d "$oracle/node_modules/gerar-boletos" ] || [ "$oracle/package-lock.json" -nt "$oracle/node_modules/.package-lock.json" ]; then
    say "npm ci ($oracle)"
    (cd "$oracle" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci falhou em $oracle"
  else
    say "pacotes npm dos testes de boleto: em dia"
  fi
  # PostgreSQL: the relay's suite runs on it too (scripts/postgres-test.sh starts a throwaway cluster).
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then say "postgresql: presente"; else apt_install postgresql; fi
  # hledger and bean-check check the accountant exports against the real tools.
  if [ -x scripts/ledger-tools.sh ]; then scripts/ledger-tools.sh; fi
fi

say "pronto"
