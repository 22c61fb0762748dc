#!/usr/bin/env bash
# Two `giamngheo serve` processes on one PostgreSQL database behind nginx over TLS (issue 16,
# part 4), on loopback:
#   (a) an edit through process A that changes a figure of the province dashboard (a household of
#       the draft round surveyed: B1 finds an income far above the line, the household is classified
#       again in the draft, the round's statistics change),
#       then process B's answer polled every 50 ms for up to 5 s: how long until B shows it;
#   (b) wrk at 256 connections through nginx on the requests the web's province dashboard makes
#       (web/src/views/DashboardView.vue), then on its statistics request alone, then that request
#       straight to one process without nginx and TLS (the baseline): requests/s, p99.
# Usage: bench/bench_nginx.sh [BIN]   (default build/release/cli/giamngheo)
# Environment: GIAMNGHEO_BENCH_HOUSEHOLDS (demo households, default 3500), GIAMNGHEO_BENCH_SECONDS
# (each wrk run, default 15), GIAMNGHEO_BENCH_NGINX_WORKERS (default auto: one per core). Everything lives in one temporary directory, removed on exit with
# the cluster and every process started here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/wait_healthy.sh
repo=$(pwd)
bin=$(realpath "${1:-build/release/cli/giamngheo}")
households=${GIAMNGHEO_BENCH_HOUSEHOLDS:-3500}
seconds=${GIAMNGHEO_BENCH_SECONDS:-15}
nginx_workers=${GIAMNGHEO_BENCH_NGINX_WORKERS:-auto}
export GIAMNGHEO_DATA=${GIAMNGHEO_DATA:-$repo/data}
export GIAMNGHEO_TODAY=${GIAMNGHEO_TODAY:-2026-11-23}

work=$(mktemp -d /tmp/giamngheo-nginx.XXXXXX)
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$repo/scripts/pg_test_cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ]; then
    for log in seed.err a.err b.err nginx/error.log; do
      [ -f "$work/$log" ] && { echo "--- $log (last lines)" >&2; tail -n 10 "$work/$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

"$repo/scripts/pg_test_cluster.sh" start "$work/pg" >/dev/null
uri=$(cat "$work/pg/uri")

# The demo data once (it prints the users' passwords, new at each --demo start); then the two
# processes without --demo, so that neither writes the passwords again.
seed_port=$(free_port)
"$bin" --db "$uri" serve --demo --demo-households "$households" --listen "127.0.0.1:$seed_port" \
  --access-log off >"$work/seed.out" 2>"$work/seed.err" &
seed=$!
pids+=("$seed")
wait_healthy "http://127.0.0.1:$seed_port" "$seed" "bench_nginx: the seeding process"
kill "$seed"
wait "$seed" 2>/dev/null || true
password() { sed -n "s/^  $1 \/ \([^ ]*\) .*/\1/p" "$work/seed.out"; }

ulimit -n 8192
port_a=$(free_port)
port_b=$(free_port)
for name in a b; do
  port=port_$name
  # Behind the proxy every client has the proxy's address: no cap per address.
  "$bin" --db "$uri" serve --listen "127.0.0.1:${!port}" --tls-proxy --max-connections-per-client 0 \
    --access-log off >"$work/$name.out" 2>"$work/$name.err" &
  pids+=("$!")
  wait_healthy "http://127.0.0.1:${!port}" "$!" "bench_nginx: server process $!"
done

# nginx as an ordinary foreground process with everything in the work directory, serving the
# site of deploy/nginx/giamngheo.conf itself: its loopback ports, these two processes, a
# self-signed certificate in place of the real one.
mkdir -p "$work/nginx/tmp"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null
tls_port=$(free_port)
plain_port=$(free_port)
sed -e "/listen \[::\]/d" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$tls_port ssl http2;|" \
    -e "s|listen 80;|listen 127.0.0.1:$plain_port;|" \
    -e "s|server 127.0.0.1:8081 |server 127.0.0.1:$port_a |" \
    -e "s|server 127.0.0.1:8082 |server 127.0.0.1:$port_b |" \
    -e "s|/etc/letsencrypt/live/giamngheo.example.vn/fullchain.pem|$work/nginx/cert.pem|" \
    -e "s|/etc/letsencrypt/live/giamngheo.example.vn/privkey.pem|$work/nginx/key.pem|" \
    deploy/nginx/giamngheo.conf >"$work/nginx/site.conf"
grep -q "127.0.0.1:$port_b" "$work/nginx/site.conf" || { echo "bench_nginx: the site's upstream was not replaced" >&2; exit 1; }
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes $nginx_workers;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $work/nginx/site.conf;
}
EOF
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=("$!")
site="https://127.0.0.1:$tls_port"
wait_healthy "$site" "$!" "bench_nginx: nginx"

sign_in() { # USER BASE: the cookie header value, then the CSRF token, one per line
  curl -sk -i -X POST "$2/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$(password "$1")\"}" >"$work/sign-in"
  sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' "$work/sign-in"
  sed -n '/^{/p' "$work/sign-in" | json 'd["csrf_token"]'
}
# Signed in through nginx (either process): the session is in the database, so both accept it.
{ read -r province_cookie; read -r _; } < <(sign_in tinh.thanhhoa "$site")
{ read -r commune_cookie; read -r commune_token; } < <(sign_in xa.hoaquy "$site")
if [ -z "$province_cookie" ] || [ -z "$commune_cookie" ]; then echo "bench_nginx: sign-in failed" >&2; exit 1; fi
# The site sends each security header once (its own, the server's hidden).
curl -sk -D "$work/headers" -o /dev/null -H "Cookie: $province_cookie" "$site/api/v1/me"
for header in strict-transport-security x-frame-options x-content-type-options referrer-policy content-security-policy; do
  [ "$(grep -ci "^$header:" "$work/headers")" = 1 ] || { echo "bench_nginx: $header not sent exactly once" >&2; cat "$work/headers" >&2; exit 1; }
done
protocol=$(curl -sk -o /dev/null -w '%{http_version}' -H "Cookie: $province_cookie" "$site/api/v1/me")

draft=$(curl -sf -H "Cookie: $province_cookie" "http://127.0.0.1:$port_a/api/v1/rounds?unit=38" |
  json '[r["id"] for r in d if r["status"] == "draft"][-1]')
approved=$(curl -sf -H "Cookie: $province_cookie" "http://127.0.0.1:$port_a/api/v1/rounds?unit=38" |
  json '[r["id"] for r in d if r["status"] == "approved"][-1]')
stats_path="/api/v1/rounds/$draft/stats?level=commune&map=2025&unit=38"
poor() { curl -sf -H "Cookie: $province_cookie" "http://127.0.0.1:$1$stats_path" | json 'd["total"]["poor"]'; }
# The round's own count by class (the round list holds a draft's record until its change is notified).
listed_poor() {
  curl -sf -H "Cookie: $province_cookie" "http://127.0.0.1:$1/api/v1/rounds?unit=38" |
    json "[r['by_class'].get('poor', 0) for r in d if r['id'] == $draft][0]"
}

# --- (a) the edit through A, the dashboard figure through B.
before_b=$(poor "$port_b")
before_round=$(listed_poor "$port_b")
household=$(curl -sf -H "Cookie: $commune_cookie" "http://127.0.0.1:$port_a/api/v1/rounds/$draft/procedure?unit=16186" |
  json '[c["household_id"] for c in d["cases"] if c["round_class"] == "poor" and c["state"] == ""][0]')
version=$(curl -sf -H "Cookie: $commune_cookie" "http://127.0.0.1:$port_a/api/v1/households/$household" | json 'd["version"]')
write() { # PATH BODY
  local status
  status=$(curl -s -o "$work/written.json" -w '%{http_code}' -X POST -H "Cookie: $commune_cookie" \
    -H "X-CSRF-Token: $commune_token" -H 'Content-Type: application/json' "http://127.0.0.1:$port_a$1" -d "$2")
  [ "$status" = 200 ] || { echo "bench_nginx: POST $1: $status $(cat "$work/written.json")" >&2; return 1; }
}
write "/api/v1/rounds/$draft/procedure" \
  "{\"step\":\"list\",\"households\":[\"$household\"],\"date\":\"2026-11-20\",\"reason\":\"previous_list\"}"
write "/api/v1/rounds/$draft/procedure/$household/survey" \
  "{\"date\":\"2026-11-21\",\"version\":$version,\"phieu_a\":[],\"income_per_capita\":20000000}"
edited=$(date +%s%N)
class=$(json 'd["class"]' <"$work/written.json")
after_a=$(poor "$port_a")
after_b=$before_b
delay="not within 5 s"
for _ in $(seq 100); do
  after_b=$(poor "$port_b")
  if [ "$after_b" != "$before_b" ]; then
    delay="$((($(date +%s%N) - edited) / 1000000)) ms"
    break
  fi
  sleep 0.05
done
echo "(a) household $household of draft round $draft surveyed through A (B1: income 20,000,000 VND a month), now $class:"
echo "    poor households of Thanh Hóa (the dashboard's total): B before $before_b, A after $after_a, B after $after_b; B changed: $delay"
echo "    poor households of the round (GET /rounds by_class): B before $before_round, A after $(listed_poor "$port_a"), B after $(listed_poor "$port_b")"

# --- (b) the province dashboard through nginx: rounds, standards, the unit, the draft's figures
# by commune and the trend's approved round (as DashboardView.vue asks them).
cat >"$work/dashboard.lua" <<EOF
local paths = {
  "/api/v1/rounds?unit=38", "/api/v1/standards", "/api/v1/units/38?map=2025",
  "$stats_path", "/api/v1/rounds/$approved/stats?level=commune&map=2025&unit=38",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF
# Figures computed before the clock, in both processes (nginx would send each to one of them).
for port in "$port_a" "$port_b"; do
  for path in "$stats_path" "/api/v1/rounds/$approved/stats?level=commune&map=2025&unit=38"; do
    curl -sf -o /dev/null -H "Cookie: $province_cookie" "http://127.0.0.1:$port$path"
  done
done
run_wrk() { # NAME wrk-arguments...: prints NAME, requests/s, p99, errors
  local name=$1
  shift
  wrk -t2 -c256 -d"${seconds}s" --latency -H "Cookie: $province_cookie" "$@" >"$work/wrk-$name.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk-$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk-$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$name.txt")
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}" >>"$work/results.tsv"
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
run_wrk dashboard -s "$work/dashboard.lua" "$site"
run_wrk stats "$site$stats_path"
# The baseline in the same run: the statistics request straight to process A, no nginx, no TLS.
run_wrk stats-direct "http://127.0.0.1:$port_a$stats_path"
# The site's sign-in limit (20 a minute, burst 20): 40 wrong sign-ins at once, last.
nginx_refused=0
for _ in $(seq 40); do
  code=$(curl -sk -o "$work/refusal" -w '%{http_code}' -X POST "$site/api/v1/session" \
    -H 'Content-Type: application/json' -d '{"username":"khong.co","password":"sai"}')
  # nginx refuses with its own HTML page; the server's own refusals are JSON.
  if [ "$code" = 429 ] && ! grep -q '"error"' "$work/refusal"; then nginx_refused=$((nginx_refused + 1)); fi
done
connections=$(psql -X -Atq "$uri" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")

echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); load average before wrk $load"
echo "store: PostgreSQL 15 test cluster (fsync off), $households demo households; 2 processes × $(grep -o '"io_threads":[0-9]*' "$work/a.err" | head -n 1 | cut -d: -f2) threads;" \
  "nginx $nginx_workers workers, TLS ($protocol from curl; wrk speaks HTTP/1.1); $connections database connections open"
printf '%-13s %12s %10s %10s %8s\n' "wrk" "requests/s" "p50" "p99" "non-2xx"
while IFS=$'\t' read -r name rps p50 p99 non2xx; do
  printf '%-13s %12s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "$non2xx"
done <"$work/results.tsv"
echo "cross-process: edit through A seen by B: $delay"
echo "sign-in limit: $nginx_refused of 40 wrong sign-ins in a row refused by nginx (429) before the server"
