#!/usr/bin/env bash
# Load on `giamngheo serve` over loopback, with wrk (Debian), against a store of 1 million
# synthetic households reviewed once:
#   1. the dashboard statistics of a province (Thanh Hóa, 38) at 256 connections: the province's
#      own figures, then the table of its communes;
#   2. with 1,000 idle keep-alive connections held open, how long a new request takes.
# Usage: bench/bench_server.sh [BUILD_DIR] [WORK_DIR]   (defaults: build/release, /tmp/giamngheo-bench)
# The store is built once and reused (delete WORK_DIR to rebuild it). Bounded: every wrk run is
# 20 s, the idle test takes 20 samples.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
work=${2:-/tmp/giamngheo-bench}
bin=$build/cli/giamngheo
units=../shared/data/admin-units
households=${GIAMNGHEO_BENCH_HOUSEHOLDS:-1000000}
port=${GIAMNGHEO_BENCH_PORT:-18181}
threads=${GIAMNGHEO_BENCH_THREADS:-3}
db=$work/bench.db
mkdir -p "$work"

if [ ! -s "$work/round" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "== store of $households households (generate, import, review 2025)"
  /usr/bin/time -f "generate %e s" "$bin" generate --units "$units" --households "$households" --seed 7 --out-dir "$work/gen"
  "$bin" --db "$db" units import "$units"
  /usr/bin/time -f "import %e s" "$bin" --db "$db" import --households "$work/gen/households.csv" --members "$work/gen/members.csv"
  /usr/bin/time -f "review %e s" "$bin" --db "$db" review run --year 2025 --standard vn-2022 --reference-date 2025-11-01 \
    > "$work/round"
fi
round=$(cat "$work/round")
password=bench-password-$RANDOM$RANDOM
echo "$password" | "$bin" --db "$db" users add --username bench.tinh --role province_officer --unit 38 >/dev/null 2>&1

ulimit -n 8192
"$bin" --db "$db" serve --listen "127.0.0.1:$port" --threads "$threads" --access-log "$work/access.log" \
  > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -i -X POST "http://127.0.0.1:$port/api/v1/session" \
  -d "{\"username\":\"bench.tinh\",\"password\":\"$password\"}" | sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }

# The server builds its household list index in the background at start; measure after it.
start=$(date +%s.%N)
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/households?page_size=1" -o /dev/null
echo "household list index ready after $(echo "$(date +%s.%N) - $start" | bc) s"

province="http://127.0.0.1:$port/api/v1/rounds/$round/stats?level=province&unit=38"
communes="http://127.0.0.1:$port/api/v1/rounds/$round/stats?level=commune&unit=38"
for url in "$province" "$communes"; do
  start=$(date +%s.%N)
  curl -sf -H "Cookie: $cookie" "$url" -o "$work/first.json"
  echo "first request (computes and caches the figures): $(echo "$(date +%s.%N) - $start" | bc) s, $(wc -c < "$work/first.json") bytes"
done

echo "== $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) before; server $threads threads; wrk 2 threads, 256 connections, 20 s"
for url in "$province" "$communes"; do
  echo "-- $url"
  wrk -t2 -c256 -d20s --latency -H "Cookie: $cookie" "$url" | sed -n '/Latency Distribution/,$p'
done

echo "== a new request while 1,000 idle connections are open"
python3 - "$port" "$cookie" "$province" <<'EOF'
import socket, sys, time
port, cookie, url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
path = url.split(str(port), 1)[1]
idle = []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", port))
    idle.append(s)
# Each idle connection has sent a complete request and keeps the connection open afterwards.
for s in idle:
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
for s in idle:
    s.recv(4096)
samples = []
for _ in range(20):
    start = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    samples.append((time.perf_counter() - start) * 1000)
    assert data.startswith(b"HTTP/1.1 200"), data[:100]
    s.close()
    time.sleep(0.05)
samples.sort()
print(f"idle connections: {len(idle)}; new request (connect + answer), ms: "
      f"min {samples[0]:.2f}, median {samples[10]:.2f}, max {samples[-1]:.2f}")
EOF
