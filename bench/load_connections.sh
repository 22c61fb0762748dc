#!/usr/bin/env bash
# Security findings 4 and 5 under load: does `giamngheo serve` still answer /healthz and a light
# signed-in read (GET /api/v1/me) quickly while one client holds 2,000 idle connections and three
# national exports (GET /api/v1/rounds/{id}/export.xlsx) run? Over loopback, on a store of 360,000
# synthetic households reviewed once.
#
#   1. baseline: the two probes and wrk on an idle server;
#   2. loaded: a client at 127.0.0.2 opens 2,000 connections and sends nothing (with
#      GIAMNGHEO_LOAD_REOPEN=1 it also re-opens, once a second, any the server closed: about 1,940
#      connection attempts a second against the per-client cap, from a client on the same two
#      cores), three exports start at once, and the same probes run while they are in flight. One export runs first, alone, so that the three find the round's results
#      cached: without it, two exports computing the same round's rows at once can crash the
#      server (a range-for over a temporary shared_ptr in routes_rounds.cpp, reported).
#
# Probes (python3): /healthz on a new connection each time (connect + answer), /me on one
# kept-alive connection with the session cookie, each 50 requests/s for GIAMNGHEO_LOAD_SECONDS;
# latency is counted from when a request was due, so a stall counts in full (no coordinated
# omission). wrk (2 connections, one thread) then gives requests/s and its own percentiles.
#
# Descriptors: the server raises its soft RLIMIT_NOFILE to the hard limit itself and derives its
# connection cap from it; this script raises its own soft limit to the hard one for the client
# side, which needs the idle connections plus a few (a hard limit under IDLE + 64 stops it).
# Before the per-client cap, `ulimit -n 1024` let 1,100 sockets exhaust the server.
#
# Usage: bench/load_connections.sh [BUILD_DIR] [WORK_DIR]  (defaults: build/release, /tmp/giamngheo-load)
# Environment: GIAMNGHEO_LOAD_HOUSEHOLDS (360000), _IDLE (2000), _EXPORTS (3), _SECONDS (10),
# _PORT (18282), _SERVE_ARGS (extra `serve` options, e.g. "--heavy-threads 1"), _REOPEN (0).
# The store is built once and reused (delete WORK_DIR to rebuild it).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
work=${2:-/tmp/giamngheo-load}
bin=$build/cli/giamngheo
units=../shared/data/admin-units
households=${GIAMNGHEO_LOAD_HOUSEHOLDS:-360000}
idle=${GIAMNGHEO_LOAD_IDLE:-2000}
exports=${GIAMNGHEO_LOAD_EXPORTS:-3}
seconds=${GIAMNGHEO_LOAD_SECONDS:-10}
port=${GIAMNGHEO_LOAD_PORT:-18282}
serve_args=${GIAMNGHEO_LOAD_SERVE_ARGS:-}
reopen=${GIAMNGHEO_LOAD_REOPEN:-0}
db=$work/load.db
base=http://127.0.0.1:$port
mkdir -p "$work"

hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt $((idle + 64)) ]; then
  echo "ulimit -Hn is $hard: the client needs $idle + 64 descriptors" >&2
  exit 1
fi
ulimit -n "$hard"

if [ ! -s "$work/round" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "== store of $households households (generate, import, review 2025)"
  /usr/bin/time -f "generate %e s" "$bin" generate --units "$units" --households "$households" --seed 7 --out-dir "$work/gen"
  "$bin" --db "$db" units import "$units" >/dev/null
  /usr/bin/time -f "import %e s" "$bin" --db "$db" import --households "$work/gen/households.csv" --members "$work/gen/members.csv" >/dev/null
  /usr/bin/time -f "review %e s" "$bin" --db "$db" review run --year 2025 --standard vn-2022 --reference-date 2025-11-01 \
    > "$work/round"
  rm -rf "$work/gen"
fi
round=$(cat "$work/round")
password=load-password-$RANDOM$RANDOM
echo "$password" | "$bin" --db "$db" users add --username load.admin --role admin >/dev/null 2>&1

# shellcheck disable=SC2086
"$bin" --db "$db" serve --listen "127.0.0.1:$port" --access-log "$work/access.log" $serve_args \
  > "$work/serve.out" 2> "$work/serve.err" &
server=$!
pids=()
export_pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  kill $server 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -i -X POST "$base/api/v1/session" \
  -d "{\"username\":\"load.admin\",\"password\":\"$password\"}" | sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }
# The household list index is built in the background at start: measure after it.
curl -sf -H "Cookie: $cookie" "$base/api/v1/households?page_size=1" -o /dev/null

cat > "$work/probe.py" <<'EOF'
# probe.py PORT PATH COOKIE RATE SECONDS new|keep: paced GETs; latency from when each was due.
import http.client, sys, time
port, path, cookie, rate, seconds, mode = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
headers = {"Cookie": cookie} if cookie != "-" else {}
connect = lambda: http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
conn = connect()
samples, failed = [], 0
start = time.perf_counter()
due = start
while due < start + seconds:
    now = time.perf_counter()
    if now < due:
        time.sleep(due - now)
    try:
        if mode == "new":
            conn = connect()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            failed += 1
        if mode == "new":
            conn.close()
    except Exception:
        failed += 1
        conn.close()
        conn = connect()
    samples.append((time.perf_counter() - due) * 1000)
    due += 1 / rate
samples.sort()
pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
took = time.perf_counter() - start
print(f"{path:<12} {'new conn' if mode == 'new' else 'keep-alive':<10} n={len(samples)} failed={failed} "
      f"p50 {pick(0.5):.2f} ms  p99 {pick(0.99):.2f} ms  max {samples[-1]:.2f} ms  ({len(samples) / took:.0f} req/s paced)")
EOF

cat > "$work/idle.py" <<'EOF'
# idle.py PORT COUNT SOURCE REPORT REOPEN: holds COUNT connections from SOURCE that send nothing;
# once a second re-opens those the server closed (REOPEN=1), and writes how many are open to REPORT.
import selectors, socket, sys, time
port, count, source, report, reopen = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1"
first = True
sel = selectors.DefaultSelector()
opened = closed = 0
def open_one():
    global opened
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    sel.register(s, selectors.EVENT_READ)
    opened += 1
live = 0
while True:
    while (first or reopen) and len(sel.get_map()) < count:
        open_one()
    first = False
    deadline = time.monotonic() + 1
    while (left := deadline - time.monotonic()) > 0:
        for key, _ in sel.select(left):
            s = key.fileobj
            try:
                data = s.recv(1)
            except OSError:
                data = b""
            if not data:
                sel.unregister(s)
                s.close()
                closed += 1
    with open(report, "w") as f:
        f.write(f"open {len(sel.get_map())} opened {opened} closed_by_server {closed}\n")
EOF

cat > "$work/summary.lua" <<'EOF'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("wrk: %.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d requests, %d errors)\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, errors))
end
EOF

cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() {
  python3 "$work/probe.py" "$port" /healthz - 50 "$seconds" new > "$work/probe-health" &
  local a=$!
  python3 "$work/probe.py" "$port" /api/v1/me "$cookie" 50 "$seconds" keep > "$work/probe-me" &
  local b=$!
  wait $a $b
  cat "$work/probe-health" "$work/probe-me"
  for path in /healthz /api/v1/me; do
    printf '%-12s ' "$path"
    wrk -t1 -c2 -d"${seconds}s" -s "$work/summary.lua" -H "Cookie: $cookie" "$base$path" | grep '^wrk:'
  done
}

echo "== $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
  "load average $(cut -d' ' -f1 /proc/loadavg); descriptors: this shell $(ulimit -n), server: $(grep -o '"descriptor_limit":[0-9]*' "$work/serve.err" | head -1)"
grep '"event":"limits"' "$work/serve.err" || true
echo "== baseline: no idle connections, no exports ($households households, round $round)"
measure

echo "== loaded: $idle idle connections from 127.0.0.2, $exports exports of round $round at once"
curl -s -o /dev/null -w "warm-up export, alone: HTTP %{http_code}, %{time_total} s, %{size_download} bytes\n" \
  -H "Cookie: $cookie" "$base/api/v1/rounds/$round/export.xlsx"
python3 "$work/idle.py" "$port" "$idle" 127.0.0.2 "$work/idle-report" "$reopen" &
pids+=($!)
sleep 3
echo "idle client after 3 s: $(cat "$work/idle-report" 2>/dev/null)"
for i in $(seq "$exports"); do
  curl -s -o "$work/export-$i.xlsx" -w "export $i: HTTP %{http_code}, %{time_total} s, %{size_download} bytes\n" \
    -H "Cookie: $cookie" "$base/api/v1/rounds/$round/export.xlsx" > "$work/export-$i.out" &
  pids+=($!)
  export_pids+=($!)
done
sleep 0.5
cpu0=$(cpu_of $server)
t0=$(date +%s.%N)
measure
cpu1=$(cpu_of $server)
t1=$(date +%s.%N)
running=0
for p in "${export_pids[@]}"; do kill -0 "$p" 2>/dev/null && running=$((running + 1)); done
echo "exports still running at the end of the measurement: $running of $exports"
echo "server CPU during the measurement: $(echo "scale=2; ($cpu1 - $cpu0) / $(getconf CLK_TCK) / ($t1 - $t0)" | bc) cores"
echo "idle client: $(cat "$work/idle-report")"
for p in "${export_pids[@]}"; do wait "$p" || true; done
cat "$work"/export-*.out
grep -c '"event":"connections_refused"' "$work/serve.err" | xargs echo "connections_refused log lines:"
