#!/usr/bin/env bash
# Builds and runs Retaguarda on this machine: the relay serves the app and its sync
# endpoint on 127.0.0.1, with its data in ./data. Set RETAGUARDA_LISTEN to change the address.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$root"
scripts/setup.sh
scripts/build-app.sh
cargo build --profile server -p retaguarda-relay --locked
listen="${RETAGUARDA_LISTEN:-127.0.0.1:8080}"
echo "Retaguarda em http://$listen (Ctrl+C para parar)"
exec target/server/retaguarda-relay --app dist --data ./data --listen "$listen"
