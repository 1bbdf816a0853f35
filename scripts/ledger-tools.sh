#!/usr/bin/env bash
# Installs the accounting tools the export tests check against, only when missing:
#   hledger     (Debian package `hledger`)
#   bean-check  (PyPI `beancount`, in a venv under target/ledger-tools-venv)
# Idempotent: running it again does nothing when both are present. Prints what it does.
# After running, add the venv to PATH for bean-check:  source <(scripts/ledger-tools.sh --print-path)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LEDGER_TOOLS_VENV:-$ROOT/target/ledger-tools-venv}"

if [[ "${1:-}" == "--print-path" ]]; then
  echo "export PATH=\"$VENV/bin:\$PATH\""
  exit 0
fi

SUDO=""
if [[ "$(id -u)" != "0" ]] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
fi

if command -v hledger >/dev/null 2>&1; then
  echo "ledger-tools: hledger já instalado ($(hledger --version | head -n1))"
else
  echo "ledger-tools: instalando hledger (pacote Debian)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hledger
fi

if command -v bean-check >/dev/null 2>&1; then
  echo "ledger-tools: bean-check já instalado em $(command -v bean-check)"
elif [[ -x "$VENV/bin/bean-check" ]]; then
  echo "ledger-tools: bean-check já instalado em $VENV/bin (ponha no PATH: export PATH=\"$VENV/bin:\$PATH\")"
else
  echo "ledger-tools: instalando beancount (PyPI) em $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet beancount
  echo "ledger-tools: bean-check instalado em $VENV/bin (ponha no PATH: export PATH=\"$VENV/bin:\$PATH\")"
fi
