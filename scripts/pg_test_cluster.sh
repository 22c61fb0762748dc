#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests (ctest starts it as the fixture "postgres"
# and stops it after the last test that needs it).
#
#   pg_test_cluster.sh start STATE_DIR   initdb in a fresh temporary directory, start it on a free
#                                        loopback port, create the database giamngheo_test and
#                                        write its URI to STATE_DIR/uri
#   pg_test_cluster.sh stop STATE_DIR    stop the cluster and remove it
#
# STATE_DIR/cluster names the cluster's directory, so that a start after a killed run first
# stops and removes what that run left. initdb refuses to run as root: as root the cluster
# belongs to the postgres user. PG_TEST_SETTINGS adds server settings ("-c name=value ..."): a
# bench on the deployment's memory settings, say.
set -euo pipefail

action=${1:?usage: pg_test_cluster.sh start|stop STATE_DIR}
state=${2:?usage: pg_test_cluster.sh start|stop STATE_DIR}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  [ -f "$state/cluster" ] || return 0
  local dir
  dir=$(cat "$state/cluster")
  if [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
    # pg_ctl cannot stop a server whose data directory was damaged; its pid file still names it.
    if [ -f "$dir/data/postmaster.pid" ]; then
      local pid
      pid=$(head -n 1 "$dir/data/postmaster.pid")
      if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then kill -9 "$pid" || true; fi
    fi
  fi
  case "$dir" in /tmp/giamngheo-pg.*) rm -rf "$dir" ;; esac
  rm -f "$state/cluster" "$state/uri"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$action" in
  stop)
    stop_cluster
    ;;
  start)
    mkdir -p "$state"
    stop_cluster
    dir=$(mktemp -d /tmp/giamngheo-pg.XXXXXX)
    echo "$dir" >"$state/cluster"
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # A port found free may be taken before the server binds it: try a few.
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${PG_TEST_SETTINGS:-}" \
          start >/dev/null; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres giamngheo_test
        echo "postgresql://postgres@127.0.0.1:$port/giamngheo_test" >"$state/uri"
        echo "PostgreSQL test cluster on port $port ($dir)"
        exit 0
      fi
      echo "pg_test_cluster: start on port $port failed (attempt $attempt)" >&2
    done
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
  *)
    echo "usage: pg_test_cluster.sh start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
