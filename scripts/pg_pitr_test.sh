#!/usr/bin/env bash
# Point-in-time recovery as docs/DEPLOYMENT.md § 5 tells it (issue 16, part 6): a primary that
# archives every WAL segment, a base backup taken in the morning, then the day's work (a registry
# imported and reviewed; its digest noted, then the time), then a mistake (a second file imported
# over the households, the round approved). The base backup is restored with the archive up to
# the noted time and stops there, paused and read-only: its digest must be the noted one, not the
# mistaken one. After `SELECT pg_wal_replay_resume()` it takes writes.
#
#   scripts/pg_pitr_test.sh BIN      BIN: the giamngheo executable
#
# Makes its own cluster, archive and restored copy in one temporary directory (it stops its
# primary as a lost machine stops, so it cannot share the tests' cluster), and removes them on
# exit. initdb refuses to run as root: as root the clusters belong to the postgres user.
set -euo pipefail
source "$(dirname "$0")/lib/throwaway_cluster.sh"

bin=$(realpath "${1:?usage: pg_pitr_test.sh BIN}")
repo=$(cd "$(dirname "$0")/.." && pwd)
pg=${PG_BIN:-/usr/lib/postgresql/15/bin}
units=$repo/testing/fixtures/units

work=$(mktemp -d /tmp/giamngheo-pitr.XXXXXX)
chmod 755 "$work"
mkdir "$work/archive" "$work/gen-morning" "$work/gen-mistake"
[ "$(id -u)" -ne 0 ] || chown -R postgres: "$work"

cleanup() {
  local status=$?
  for data in "$work/primary" "$work/restored"; do
    [ -d "$data" ] && as_owner "$pg/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  done
  if [ "$status" -ne 0 ]; then
    for log in primary.log restored.log basebackup.log; do
      [ -f "$work/$log" ] && { echo "--- $log (last lines)" >&2; tail -n 15 "$work/$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "point-in-time recovery test: $*" >&2
  exit 1
}

sql() { # PORT SQL: one value, unaligned
  psql -X -h 127.0.0.1 -p "$1" -U postgres -d giamngheo -Atq -v ON_ERROR_STOP=1 -c "$2"
}

# Waits (30 s at most) until SQL on PORT gives VALUE.
wait_for() {
  local port=$1 query=$2 value=$3
  for _ in $(seq 300); do
    [ "$(sql "$port" "$query" 2>/dev/null || true)" = "$value" ] && return 0
    sleep 0.1
  done
  fail "waited in vain for \"$query\" to give $value"
}

giamngheo() { # URI ARGS...
  local uri=$1
  shift
  "$bin" --db "$uri" "$@"
}

# --- the primary, archiving as deploy/postgresql/giamngheo.conf does (into a local folder here):
# a segment appears in the archive whole, so the wait below for its name is a wait for all of it
as_owner "$pg/initdb" -D "$work/primary" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
cat >>"$work/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $work/archive/%f && cp %p $work/archive/%f.part && mv $work/archive/%f.part $work/archive/%f'
EOF
primary_port=$(start_cluster "$work/primary" "$work/primary.log")
as_owner "$pg/createdb" -h 127.0.0.1 -p "$primary_port" -U postgres giamngheo
primary="postgresql://postgres@127.0.0.1:$primary_port/giamngheo"
giamngheo "$primary" units import "$units" >/dev/null 2>&1

# --- the morning's base backup (the weekly one of § 5), before the day's work
as_owner "$pg/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$work/base" -X fetch -c fast --no-sync \
  >"$work/basebackup.log" 2>&1 || fail "pg_basebackup failed"

# --- the day's work, then the time to go back to, then the mistake
"$bin" generate --units "$units" --households 400 --seed 3 --out-dir "$work/gen-morning" >/dev/null 2>&1
"$bin" generate --units "$units" --households 400 --seed 4 --out-dir "$work/gen-mistake" >/dev/null 2>&1
giamngheo "$primary" import --households "$work/gen-morning/households.csv" --members "$work/gen-morning/members.csv" >/dev/null 2>&1
round=$(giamngheo "$primary" review run --year 2026 --standard vn-2022 --reference-date 2026-11-01 2>/dev/null)
good=$(giamngheo "$primary" store digest)
target=$(sql "$primary_port" "SELECT clock_timestamp()")
sleep 0.2
giamngheo "$primary" import --households "$work/gen-mistake/households.csv" --members "$work/gen-mistake/members.csv" \
  >/dev/null 2>&1
giamngheo "$primary" review approve --round "$round" --decision-date 2026-12-01 >/dev/null 2>&1
mistaken=$(giamngheo "$primary" store digest)
[ "$mistaken" != "$good" ] || fail "the mistake changed nothing the digest shows"
# The segment holding the mistake goes to the archive; then the machine is lost.
segment=$(sql "$primary_port" "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 300); do
  [ -f "$work/archive/$segment" ] && break
  sleep 0.1
done
[ -f "$work/archive/$segment" ] || fail "WAL segment $segment never reached the archive"
as_owner "$pg/pg_ctl" -D "$work/primary" -m immediate -w -t 10 stop >/dev/null

# --- § 5 "Point in time": the base backup, the archive, the time; paused there, read-only
as_owner cp -a "$work/base" "$work/restored"
chmod 700 "$work/restored"
cat >>"$work/restored/postgresql.auto.conf" <<EOF
restore_command = 'cp $work/archive/%f %p'
recovery_target_time = '$target'
EOF
as_owner touch "$work/restored/recovery.signal"
restored_port=$(start_cluster "$work/restored" "$work/restored.log")
restored="postgresql://postgres@127.0.0.1:$restored_port/giamngheo"
wait_for "$restored_port" "SELECT pg_get_wal_replay_pause_state()" paused
at_target=$(giamngheo "$restored" store digest)
if [ "$at_target" != "$good" ]; then
  diff <(echo "$good") <(echo "$at_target") >&2 || true
  fail "the store restored to $target is not the store as it was then"
fi
another_round=(review run --year 2026 --standard vn-2022 --reference-date 2026-11-02 --kind regular)
if giamngheo "$restored" "${another_round[@]}" >/dev/null 2>"$work/write.err"; then
  fail "a write succeeded on the store paused at the target"
fi
grep -q "chỉ đọc" "$work/write.err" || fail "a write on the paused store failed otherwise than read-only: $(cat "$work/write.err")"

# --- checked: resume; recovery ends and the store takes writes again
sql "$restored_port" "SELECT pg_wal_replay_resume()" >/dev/null
wait_for "$restored_port" "SELECT pg_is_in_recovery()" f
giamngheo "$restored" "${another_round[@]}" >/dev/null 2>"$work/write.err" ||
  fail "the recovered store refuses a write: $(cat "$work/write.err")"
rounds=$(giamngheo "$restored" store digest | awk '$1 == "rounds" {print $2}')
[ "$rounds" = 2 ] || fail "the recovered store has $rounds rounds after one more was run, expected 2"
echo "restored to $target: the digest of that moment (households, rounds, results), not the mistake's; writes after resume"
