#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the relay's tests and benchmarks, from Debian's
# `postgresql` package (scripts/setup.sh --test installs it).
#   scripts/postgres-test.sh start DIR [PORT]   initdb in DIR (empty or missing), start it on
#                                               127.0.0.1:PORT (default 55429), print its URL
#   scripts/postgres-test.sh stop DIR           stop it (fast) and delete DIR
# As root (CI), the server runs as the `postgres` user, which initdb requires.
# Extra server settings can come in PG_TEST_OPTS (e.g. "-c fsync=off" for tests).
set -euo pipefail

cmd="${1:-}"; dir="${2:-}"; port="${3:-55429}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "uso: $0 start|stop DIR [PORT]" >&2; exit 2; }

bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin="$d"; done
[ -n "$bin" ] || { echo "PostgreSQL não encontrado em /usr/lib/postgresql/*/bin (rode scripts/setup.sh --test)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # The socket lives in the data folder: nothing outside it is touched.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/data -c max_connections=200 ${PG_TEST_OPTS:-}" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "uso: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
