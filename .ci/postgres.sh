#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the SQL-source tests (issue 17). Source it, then:
#   postgres_start   installs Debian's postgresql when missing, initdb's a cluster in a temp dir, starts it on a
#                    private port (127.0.0.1 only, trust auth) and exports MARKETLAB_TEST_POSTGRES;
#   postgres_stop    stops the cluster and removes its directory (call it from the EXIT trap).
# The server refuses to run as root, so under root (CI) it runs as the 'postgres' user the package creates.
# Standalone: bash .ci/postgres.sh start|stop (the dir is kept in /tmp/marketlab-pg.current).

MARKETLAB_PG_PORT=${MARKETLAB_PG_PORT:-54329}

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

postgres_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  if [[ -z "$(postgres_bin)" ]]; then
    apt-get update
    mkdir -p /tmp/apt-archives/partial
    DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dir::Cache::Archives=/tmp/apt-archives postgresql
  fi
  local bin; bin=$(postgres_bin)
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
  MARKETLAB_PG_DIR=$(mktemp -d /tmp/marketlab-pg.XXXXXX)
  [[ $(id -u) -eq 0 ]] && chown postgres "$MARKETLAB_PG_DIR"
  postgres_as_owner "$bin/initdb" -D "$MARKETLAB_PG_DIR/data" -U marketlab -A trust -E UTF8 --no-sync >/dev/null
  postgres_as_owner "$bin/pg_ctl" -D "$MARKETLAB_PG_DIR/data" -l "$MARKETLAB_PG_DIR/server.log" -w -t 60 \
    -o "-p $MARKETLAB_PG_PORT -c listen_addresses=127.0.0.1 -k $MARKETLAB_PG_DIR -c fsync=off" start >/dev/null \
    || { cat "$MARKETLAB_PG_DIR/server.log" >&2; return 1; }
  export MARKETLAB_PG_DIR
  export MARKETLAB_TEST_POSTGRES="Host=127.0.0.1;Port=$MARKETLAB_PG_PORT;Username=marketlab;Database=postgres;Pooling=false"
  echo "$MARKETLAB_PG_DIR" > /tmp/marketlab-pg.current
  echo "postgres: throwaway cluster on 127.0.0.1:$MARKETLAB_PG_PORT ($MARKETLAB_PG_DIR)"
}

postgres_stop() {
  local dir=${MARKETLAB_PG_DIR:-$(cat /tmp/marketlab-pg.current 2>/dev/null)}
  [[ -n "$dir" && -d "$dir" ]] || return 0
  postgres_as_owner "$(postgres_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" /tmp/marketlab-pg.current
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start) postgres_start; echo "export MARKETLAB_TEST_POSTGRES='$MARKETLAB_TEST_POSTGRES'" ;;
    stop) postgres_stop ;;
    *) echo "usage: bash .ci/postgres.sh start|stop" >&2; exit 2 ;;
  esac
fi
