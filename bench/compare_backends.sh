#!/usr/bin/env bash
# The same registry on both engines gives byte-identical outputs: N synthetic households imported
# into SQLite and into PostgreSQL (a throw-away cluster), reviewed, and every output compared with
# cmp: the import summary, the round's results.csv, stats.csv by commune on both maps, live
# statistics, the registry exported back, and `store digest`. Also prints each engine's times.
#
#   bench/compare_backends.sh [HOUSEHOLDS] [BIN]     default 100000, build/release/cli/giamngheo
households=${1:-100000}
seed=11
bench_bin=${2:-}
source "$(dirname "$0")/pg_bench_setup.sh"

run() {  # engine location
  local out="$work/$1" db="$2" start round
  mkdir -p "$out"
  start=$(date +%s.%N)
  "$bin" --db "$db" units import "$units" 2>"$out/units.txt"
  "$bin" --db "$db" import --households "$work/gen/households.csv" --members "$work/gen/members.csv" 2>"$out/import.txt"
  round=$("$bin" --db "$db" review run --year 2025 --standard vn-2022 --reference-date 2025-11-01 2>"$out/round.txt")
  "$bin" --db "$db" review approve --round "$round" --decision-date 2025-12-20 2>/dev/null
  "$bin" --db "$db" review export --round "$round" --out "$out/results.csv"
  "$bin" --db "$db" stats --round "$round" --by commune --map 2025 --out "$out/stats-2025.csv" 2>/dev/null
  "$bin" --db "$db" stats --round "$round" --by district --map 2024 --out "$out/stats-2024.csv" 2>/dev/null
  "$bin" --db "$db" stats --live --reference-date 2025-11-01 --by province --map 2025 --out "$out/live.csv" 2>/dev/null
  "$bin" --db "$db" export --households "$out/households.csv" --members "$out/members.csv"
  "$bin" --db "$db" store digest >"$out/digest.txt"
  printf '%s: %.1f s\n' "$1" "$(python3 -c "print($(date +%s.%N) - $start)")"
}
run sqlite "$work/store.db"
run postgresql "$uri"

status=0
for file in units.txt import.txt round.txt results.csv stats-2025.csv stats-2024.csv live.csv households.csv members.csv digest.txt; do
  if cmp -s "$work/sqlite/$file" "$work/postgresql/$file"; then
    printf 'identical  %-15s %10s bytes  sha256 %s\n' "$file" "$(wc -c <"$work/sqlite/$file")" "$(sha256sum "$work/sqlite/$file" | cut -c1-16)"
  else
    printf 'DIFFERENT  %s\n' "$file"; status=1
  fi
done
exit $status
