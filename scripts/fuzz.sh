#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (the `fuzz` preset: clang 14, ASan and UBSan), makes
# their seed corpora from the test fixtures, and runs each target for SECONDS (default 60),
# FUZZ_JOBS at a time (default 2). Fails, naming the saved input, when a target finds anything:
# a crash, a sanitizer report, a failed invariant, an exception that is not the documented
# error, a leak, an input slower than 25 s or more than 2 GB of memory.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 60, scripts/fuzz.sh 600 csv zip
#
# Corpora grow in build/fuzz/corpus/<target>, logs go to build/fuzz/logs, findings to
# build/fuzz/findings/<target>. Reproduce a finding with: build/fuzz/fuzz/fuzz_<target> FILE
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
jobs=${FUZZ_JOBS:-2}

if ! command -v clang++-14 >/dev/null 2>&1; then
  echo "fuzz: clang++-14 not found; scripts/setup.sh installs it (packages clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

build=build/fuzz
mapfile -t targets < "$build/fuzz_targets.txt"
if (($#)); then targets=("${@/#/fuzz_}"); fi
for t in "${targets[@]}"; do
  [ -x "$build/fuzz/$t" ] || { echo "fuzz: no target $t (have: $(tr '\n' ' ' < "$build/fuzz_targets.txt"))" >&2; exit 2; }
done

# ---------------------------------------------------------------- seed corpora
corpus=$build/corpus
mkdir -p "$corpus" "$build/logs"
for t in fuzz_csv fuzz_interchange fuzz_xlsx fuzz_zip fuzz_plan_json fuzz_router fuzz_multipart fuzz_static_files; do
  mkdir -p "$corpus/$t"
done
seed() {  # seed TARGET NAME CONTENT (printf format)
  printf -- "$3" > "$corpus/$1/seed-$2"
}

# CSV: every fixture and golden CSV, and the shapes the reader must get right.
for f in modules/review/tests/golden/*/*.csv testing/fixtures/units/*.csv; do
  cp "$f" "$corpus/fuzz_csv/$(basename "$(dirname "$f")")-$(basename "$f")"
done
seed fuzz_csv quoted 'a,b,c\r\n"x, ""y""",,"line\nbreak"\r\n1,2,3'
seed fuzz_csv bom '\xef\xbb\xbfhousehold_id,unit_code\nH1,16186\n\nH2,"14797"\n'
seed fuzz_csv unterminated 'a,b\n1,"2\n3,4\n'
seed fuzz_csv bad-utf8 'a,b\n\xc3\x28,\xed\xa0\x80\n\xf4\x90\x80\x80,x\n'
seed fuzz_csv formula "a,b\n'=1+1,-2\n@x,+3\n"

# Interchange: each golden case's households.csv and members.csv, split by 0x1E.
for d in modules/review/tests/golden/*/; do
  if [ -f "$d/households.csv" ] && [ -f "$d/members.csv" ]; then
    { cat "$d/households.csv"; printf '\x1e'; cat "$d/members.csv"; } > "$corpus/fuzz_interchange/$(basename "$d")"
  fi
done

# XLSX and ZIP: written by the project's own writers from the fixtures.
"$build/fuzz/fuzz_seeds" . "$corpus" >/dev/null

# Plans: the fixture plans, and small ones.
cp modules/plans/tests/fixtures/*.json "$corpus/fuzz_plan_json/"
seed fuzz_plan_json small '{"programme":"ntp-2021-2025","year":2024,"unit_code":"16186","budget_lines":[{"node":"DA1","source":"central","amount_vnd":1000000,"budget_year":2024}]}'
seed fuzz_plan_json types '{"programme":1,"year":"2024","targets":[{"indicator":"x","year":2024,"baseline":{"value":1e308}}]}'

# Router: request lines as the server receives them.
i=0
for line in 'GET /api/v1/households/H1?page=2&q=a%20b' 'GET //etc/passwd' 'GET /%2e%2e/' 'GET /api/v1/../../etc/passwd' \
  'PUT /api/v1/plans/16186/2024/targets/3/actual' 'DELETE /api/v1/session' 'POST /api/v1/households/H1' \
  'GET /api/v1/rounds/7/export.xlsx?unit=16186&status=poor+near_poor' 'GET /api/v1/units/%' 'GET /api/v1/units/%zz?a=%4' \
  'GET /api/v1/households?q=Nguy%E1%BB%85n&q=last&=empty&flag' 'GET /healthz' 'GET /assets/app.js?v=1;sid=abc' \
  'GET /api/v1/plans/16186/2024/document.docx' 'PATCH /api/v1/me' 'GET /api/v1/households/%2F/explain'; do
  printf '%s' "$line" > "$corpus/fuzz_router/seed-$i"
  i=$((i + 1))
done

# Multipart: the import route's request, with golden CSVs as its files.
g=modules/review/tests/golden/12_all_indicators_vn2022
{
  printf 'multipart/form-data; boundary=----giamngheo7MA4YWxk\n'
  printf -- '------giamngheo7MA4YWxk\r\nContent-Disposition: form-data; name="households"; filename="households.csv"\r\nContent-Type: text/csv\r\n\r\n'
  cat "$g/households.csv"
  printf -- '\r\n------giamngheo7MA4YWxk\r\nContent-Disposition: form-data; name="members"; filename="members.csv"\r\nContent-Type: text/csv\r\n\r\n'
  cat "$g/members.csv"
  printf -- '\r\n------giamngheo7MA4YWxk\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\n1\r\n------giamngheo7MA4YWxk--\r\n'
} > "$corpus/fuzz_multipart/seed-import"
seed fuzz_multipart quoted-boundary 'multipart/form-data; boundary="a b"; charset=utf-8\n--a b\r\nContent-Disposition: form-data; filename="x.xlsx"; name="households"\r\n\r\nPK\r\n--a b--'
seed fuzz_multipart truncated 'multipart/form-data; boundary=X\n--X\r\nContent-Disposition: form-data; name="members"\r\n\r\nno end'
seed fuzz_multipart bad-type 'text/plain; boundary=X\n--X--'

# Static files: paths that must stay inside the root, and ones that may be served.
i=0
for path in / /index.html /assets/app-3f2a.js /assets/missing.js /households/H1 /robots.txt //etc/passwd /../secret/secret.txt \
  /link_out.txt /linkdir/secret.txt /assets/sibling/index.html /assets/link_in.txt /sub/.env /.hidden '/sub\..\secret' \
  /t%E1%BB%87p.txt /tệp.txt /sub/deeper/data.json /sub/deeper/ 'relative/index.html'; do
  printf '%s' "$path" > "$corpus/fuzz_static_files/seed-$i"
  i=$((i + 1))
done

# Regression inputs of earlier findings (fuzz/regressions/<target>/), when there are any.
for dir in fuzz/regressions/*/; do
  [ -d "$dir" ] && cp "$dir"* "$corpus/fuzz_$(basename "$dir")/" 2>/dev/null || true
done

# ---------------------------------------------------------------- runs
max_len() {
  case $1 in
    fuzz_router) echo 4096 ;;
    fuzz_static_files) echo 1024 ;;
    fuzz_csv) echo 16384 ;;
    fuzz_interchange | fuzz_multipart) echo 32768 ;;
    fuzz_xlsx | fuzz_zip) echo 65536 ;;
    fuzz_plan_json) echo 131072 ;;
  esac
}

run() {
  local t=$1
  mkdir -p "$build/findings/$t"
  set +e
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/$t" "$corpus/$t" -max_total_time="$seconds" -max_len="$(max_len "$t")" -rss_limit_mb=2048 \
    -timeout=25 -artifact_prefix="$build/findings/$t/" -print_final_stats=1 > "$build/logs/$t.log" 2>&1
  echo $? > "$build/logs/$t.rc"
}

echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
start=$(date +%s)
running=0
for t in "${targets[@]}"; do
  rm -f "$build/logs/$t.rc"
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
  run "$t" &
  running=$((running + 1))
done
wait

failed=0
printf '%-20s %12s %8s %8s %10s  %s\n' target executions cov ft exec/s result
for t in "${targets[@]}"; do
  log=$build/logs/$t.log
  rc=$(cat "$build/logs/$t.rc" 2>/dev/null || echo '?')
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$done_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$done_line")
  speed=$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' <<< "$done_line")
  result=ok
  if [ "$rc" != 0 ] || grep -q 'Test unit written to' "$log"; then
    result="FOUND (exit $rc)"
    failed=1
  fi
  printf '%-20s %12s %8s %8s %10s  %s\n' "$t" "${runs:--}" "${cov:--}" "${ft:--}" "${speed:--}" "$result"
done
echo "fuzz: $(($(date +%s) - start)) s of runs"

if ((failed)); then
  for t in "${targets[@]}"; do
    log=$build/logs/$t.log
    if [ "$(cat "$build/logs/$t.rc" 2>/dev/null)" != 0 ] || grep -q 'Test unit written to' "$log"; then
      echo
      echo "==== $t: $log"
      grep -E -A40 '^(==[0-9]+==ERROR|FUZZ_CHECK failed|.*runtime error:|==[0-9]+== ERROR: libFuzzer|terminate called)' "$log" | head -60 || tail -40 "$log"
      sed -n 's/.*Test unit written to \(.*\)$/crashing input: \1/p' "$log"
      echo "reproduce: $build/fuzz/$t <crashing input>"
    fi
  done
  exit 1
fi
