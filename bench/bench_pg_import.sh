#!/usr/bin/env bash
# Import into PostgreSQL against the baseline of psql's \copy of the same two files into bare
# tables (every column text, no key, no check), in one run on one throw-away cluster.
#
#   bench/bench_pg_import.sh [HOUSEHOLDS] [BIN]     default 1000000, build/release/cli/giamngheo
#
# The cluster is the tests' (scripts/pg_test_cluster.sh: fsync off for both sides alike). Prints a
# Markdown table: seconds, rows per second, the ratio to the baseline, peak memory of the import.
households=${1:-1000000}
seed=42
bench_bin=${2:-}
source "$(dirname "$0")/pg_bench_setup.sh"
members=$(($(wc -l <"$work/gen/members.csv") - 1))

seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.3f}")' "$1" "$2"; }
now() { date +%s.%N; }

# Baseline: bare tables with the files' own columns, loaded by psql's \copy.
psql -q -d "$uri" -c "CREATE DATABASE baseline" >/dev/null
base_uri="${uri%/*}/baseline"
for file in households members; do
  columns=$(head -n 1 "$work/gen/$file.csv" | tr -d '\r' | sed 's/,/" text, "/g; s/^/"/; s/$/" text/')
  psql -q -d "$base_uri" -c "CREATE TABLE $file ($columns)"
done
start=$(now)
psql -q -d "$base_uri" -c "\\copy households FROM '$work/gen/households.csv' WITH (FORMAT csv, HEADER true)"
psql -q -d "$base_uri" -c "\\copy members FROM '$work/gen/members.csv' WITH (FORMAT csv, HEADER true)"
baseline=$(seconds "$start" "$(now)")

"$bin" --db "$uri" units import "$units" 2>/dev/null
# Peak memory as bench_registry measures SQLite's: the process's anonymous memory (RssAnon),
# sampled every 100 ms (bench_registry: every 20 ms, from inside). The resident total (time's %M)
# also counts the input files' mapped pages, which the kernel may drop at any time.
start=$(now)
/usr/bin/time -f '%M' -o "$work/peak" "$bin" --db "$uri" import --households "$work/gen/households.csv" \
  --members "$work/gen/members.csv" 2>"$work/import.log" &
timer=$!
peak_anon=0
while kill -0 "$timer" 2>/dev/null; do
  for pid in $(pgrep -P "$timer"); do
    anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ "${anon:-0}" -gt "$peak_anon" ] && peak_anon=$anon
  done
  sleep 0.1
done
wait "$timer" || { cat "$work/import.log" >&2; exit 1; }
ours=$(seconds "$start" "$(now)")
peak_mib=$((peak_anon / 1024))
resident_mib=$(($(tail -n 1 "$work/peak") / 1024))
size=$(psql -At -d "$uri" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")

printf '\n%s households, %s member rows; %s, %s cores; PostgreSQL %s\n\n' "$households" "$members" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" \
  "$(psql -At -d "$uri" -c 'SHOW server_version')"
echo "| step | seconds | member rows/s | against the baseline | peak memory (anonymous; resident) |"
echo "|---|---|---|---|---|"
python3 - "$baseline" "$ours" "$members" "$peak_mib" "$size" "$resident_mib" <<'PY'
import sys
base, ours, members, peak, size, resident = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
print(f"| baseline: psql \\copy of both CSVs into bare tables | {base:.3f} | {members / base:,.0f} | | |")
print(f"| giamngheo import (validate every cell + versioned write) | {ours:.3f} | {members / ours:,.0f} | {ours / base:.2f}× | {peak} MiB; {resident} MiB |")
print(f"\ndatabase after the import: {size}")
PY
