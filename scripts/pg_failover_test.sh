#!/usr/bin/env bash
# Failover without loss (issue 16, part 5): a primary with a synchronous streaming standby, the
# server on the primary, a stream of household edits over HTTP, `kill -9` of the primary's
# processes in the middle of it, `pg_ctl promote` of the standby; then every edit that got a 200
# must be in the promoted standby (versions read by the command line, values by SQL).
#
#   scripts/pg_failover_test.sh BIN      BIN: the giamngheo executable
#
# Makes its own two clusters (not the tests' shared one: it kills its primary) on free loopback
# ports in one temporary directory, and removes them and every process it started on exit.
# initdb refuses to run as root: as root the clusters belong to the postgres user.
# For the last second before the kill the primary's WAL sender is stopped (SIGSTOP), so that an
# acknowledgement the standby does not have would show: with synchronous commit none is given.
# A second server reads from the standby (the read-only routes a deployment sends there): it must
# answer what the primary's server answers, refuse a write as read_only, and go on answering after
# the primary is killed, before any promotion.
# Prints: acknowledged, present, lost; exits 1 when anything acknowledged was lost or a read failed.
set -euo pipefail
source "$(dirname "$0")/lib/wait_healthy.sh"
source "$(dirname "$0")/lib/throwaway_cluster.sh"

bin=$(realpath "${1:?usage: pg_failover_test.sh BIN}")
repo=$(cd "$(dirname "$0")/.." && pwd)
pg=${PG_BIN:-/usr/lib/postgresql/15/bin}
export GIAMNGHEO_DATA=${GIAMNGHEO_DATA:-$repo/data}
export GIAMNGHEO_TODAY=${GIAMNGHEO_TODAY:-2026-11-23}
stream_seconds=${FAILOVER_STREAM_SECONDS:-4}
# FAILOVER_SYNC=off: the same with an asynchronous standby, to see what the test catches without
# synchronous commit (expected to fail: what the primary acknowledges while its sender is stopped
# never reaches the standby).
sync=${FAILOVER_SYNC:-on}
workers=4

work=$(mktemp -d /tmp/giamngheo-failover.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" -ne 0 ] || chown postgres: "$work"
server=""
reader=""
streamer=""

# Kills the postmaster named by a data directory's pid file and its children, if still ours.
kill_cluster() {
  local data=$1 pid children
  [ -f "$data/postmaster.pid" ] || return 0
  pid=$(head -n 1 "$data/postmaster.pid")
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ] || return 0
  children=$(pgrep -P "$pid" || true)
  # shellcheck disable=SC2086 # one word per pid
  kill -9 "$pid" $children 2>/dev/null || true
}

cleanup() {
  local status=$?
  [ -z "$streamer" ] || kill "$streamer" 2>/dev/null || true
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  [ -z "$reader" ] || kill "$reader" 2>/dev/null || true
  wait 2>/dev/null || true
  for data in "$work/primary" "$work/standby"; do
    [ -d "$data" ] || continue
    as_owner "$pg/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    kill_cluster "$data"
  done
  if [ "$status" -ne 0 ] && [ -z "${FAILOVER_KEEP:-}" ]; then
    for log in primary.log standby.log serve.err reader.err reads.out; do
      [ -f "$work/$log" ] && { echo "--- $log (last lines)" >&2; tail -n 15 "$work/$log" >&2; }
    done
  fi
  if [ -n "${FAILOVER_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sql() { # PORT SQL...: one value, unaligned
  local port=$1
  shift
  psql -X -h 127.0.0.1 -p "$port" -U postgres -d giamngheo -Atq -v ON_ERROR_STOP=1 -c "$*"
}

started=$(date +%s)

# --- primary: WAL for a standby; fsync stays on, as on a real server. The synchronous standby
# is named only once it exists: with it named and absent, every commit (createdb too) would wait.
as_owner "$pg/initdb" -D "$work/primary" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
cat >>"$work/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
wal_sender_timeout = 5s
EOF
primary_port=$(start_cluster "$work/primary" "$work/primary.log")
as_owner "$pg/createdb" -h 127.0.0.1 -p "$primary_port" -U postgres giamngheo

# --- standby: a base backup streaming from the primary under the name the primary will wait for.
as_owner "$pg/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$work/standby" -R -X stream \
  -c fast --no-sync -d "application_name=standby1" >"$work/basebackup.log" 2>&1 || { cat "$work/basebackup.log" >&2; exit 1; }
grep -q "application_name=standby1" "$work/standby/postgresql.auto.conf" ||
  { echo "failover test: pg_basebackup -R did not keep application_name" >&2; exit 1; }
standby_port=$(start_cluster "$work/standby" "$work/standby.log")

if [ "$sync" = on ]; then
  sql "$primary_port" "ALTER SYSTEM SET synchronous_standby_names = 'standby1'" >/dev/null
  sql "$primary_port" "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 100); do
    [ "$(sql "$primary_port" "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")" = sync ] && break
    sleep 0.1
  done
  [ "$(sql "$primary_port" "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")" = sync ] ||
    { echo "failover test: the standby never became synchronous" >&2; exit 1; }
fi
echo "primary on port $primary_port, standby 'standby1' on port $standby_port (synchronous: $sync)"

primary_uri="postgresql://postgres@127.0.0.1:$primary_port/giamngheo"
standby_uri="postgresql://postgres@127.0.0.1:$standby_port/giamngheo"

# The address a deployment configures once, whichever of the two is the primary (libpq picks the
# one that takes writes): the server runs on it from the start and must find the promoted standby
# by itself after the failover.
failover_uri="postgresql://postgres@127.0.0.1:$primary_port,127.0.0.1:$standby_port/giamngheo?target_session_attrs=read-write&connect_timeout=2"

# --- the server on the primary, demo data (units, households, users) written through the standby.
http_port=$(free_port)
"$bin" --db "$failover_uri" serve --demo --demo-households 700 --listen "127.0.0.1:$http_port" \
  --access-log off >"$work/serve.out" 2>"$work/serve.err" &
server=$!
wait_healthy "http://127.0.0.1:$http_port" "$server" "failover test: the server"
echo "server on the primary ready with demo data after $(($(date +%s) - started)) s"
password=$(sed -n 's/^  xa\.hoaquy \/ \([^ ]*\) .*/\1/p' "$work/serve.out")
[ -n "$password" ] || { echo "failover test: no demo password printed" >&2; exit 1; }

# One HTTP request as the clients below make it (a module both import).
cat >"$work/client.py" <<'EOF'
import http.client
port = 0

def request(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.getheader("Set-Cookie") or "", answer.read()
    finally:
        conn.close()
EOF

# --- the reader: a server on the standby, whose sessions are read-only.
reader_port=$(free_port)
"$bin" --db "$standby_uri" serve --listen "127.0.0.1:$reader_port" --access-log off >"$work/reader.out" 2>"$work/reader.err" &
reader=$!
wait_healthy "http://127.0.0.1:$reader_port" "$reader" "failover test: the reader on the standby"

# Reads through the reader with a session signed in on the primary (it reaches the standby with the
# rest), compared with the primary's answers; a write through the reader. Run again after the kill.
cat >"$work/reads.py" <<'EOF'
import json, os, sys, time
primary, reader, password, work, phase = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
sys.path.insert(0, work)
import client
reads = ["/api/v1/rounds/1/stats?level=commune", "/api/v1/rounds/1/stats?level=province&map=2024", "/api/v1/standards"]
def on(port, method, path, body=None, headers=None):
    client.port = port
    return client.request(method, path, body, headers)
state = os.path.join(work, "reader_session.json")
if phase == "before":
    status, cookie, body = on(primary, "POST", "/api/v1/session", json.dumps({"username": "xa.hoaquy", "password": password}),
                              {"Content-Type": "application/json"})
    assert status == 200, (status, body)
    session = {"cookie": cookie.split(";")[0], "csrf": json.loads(body)["csrf_token"]}
    json.dump(session, open(state, "w"))
    headers = {"Cookie": session["cookie"]}
    expected = {path: json.loads(on(primary, "GET", path, headers=headers)[2]) for path in reads}
    json.dump(expected, open(os.path.join(work, "expected_reads.json"), "w"))
    started = time.time()
    while on(reader, "GET", "/api/v1/me", headers=headers)[0] != 200:
        assert time.time() - started < 5, "the reader never knew the session signed in on the primary"
        time.sleep(0.1)
    status, _, body = on(reader, "GET", "/api/v1/households?page_size=1", headers=headers)
    record = json.loads(on(reader, "GET", "/api/v1/households/" + json.loads(body)["items"][0]["household_id"], headers=headers)[2])
    status, _, body = on(reader, "PUT", "/api/v1/households/" + record["household_id"], json.dumps(record),
                         dict(headers, **{"Content-Type": "application/json", "X-CSRF-Token": session["csrf"],
                                          "If-Match": f'"{record["version"]}"'}))
    assert status == 503 and json.loads(body)["error"]["code"] == "read_only", (status, body)
    print("the reader refused a write as read_only (503)")
session = json.load(open(state))
expected = json.load(open(os.path.join(work, "expected_reads.json")))
for path in reads:
    status, _, body = on(reader, "GET", path, headers={"Cookie": session["cookie"]})
    assert status == 200 and json.loads(body) == expected[path], (phase, path, status, body[:300])
print(f"the reader on the standby answered {len(reads)} reads as the primary did ({phase} the kill)")
EOF
python3 "$work/reads.py" "$http_port" "$reader_port" "$password" "$work" before >"$work/reads.out" 2>&1 ||
  { cat "$work/reads.out" >&2; exit 1; }
cat "$work/reads.out"

# --- the stream: each worker edits its own household (no 412 between them), a new income each
# time, and appends household, version and income to the journal as soon as it has the 200.
python3 - "$http_port" "$password" "$workers" "$work" >"$work/streamer.out" 2>&1 <<'EOF' &
import json, os, sys, threading, time
port, password, workers, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, work)
import client
client.port = port
request = client.request

status, cookie, body = request("POST", "/api/v1/session",
                               json.dumps({"username": "xa.hoaquy", "password": password}),
                               {"Content-Type": "application/json"})
assert status == 200, (status, body)
cookie = cookie.split(";")[0]
token = json.loads(body)["csrf_token"]
common = {"Cookie": cookie}
status, _, body = request("GET", f"/api/v1/households?page_size={workers}", headers=common)
assert status == 200, (status, body)
ids = [item["household_id"] for item in json.loads(body)["items"]]
journal = open(os.path.join(work, "acknowledged.tsv"), "a", buffering=1)
lock = threading.Lock()
counts = {"ok": 0, "failed": 0}
failures = {}  # status (0: no answer) -> count

def worker(index, household):
    status, _, body = request("GET", f"/api/v1/households/{household}", headers=common)
    record = json.loads(body)
    sequence = 0
    while not os.path.exists(os.path.join(work, "stop")):
        sequence += 1
        record["income_per_capita"] = str(5_000_000 + index * 100_000 + sequence)
        headers = dict(common, **{"Content-Type": "application/json", "X-CSRF-Token": token,
                                  "If-Match": f'"{record["version"]}"'})
        try:
            status, _, body = request("PUT", f"/api/v1/households/{household}", json.dumps(record), headers)
        except OSError:
            status = 0
        with lock:
            if status == 200:
                saved = json.loads(body)
                journal.write(f"{household}\t{saved['version']}\t{saved['income_per_capita']}\n")
                counts["ok"] += 1
                record = saved
            else:
                counts["failed"] += 1
                failures[status] = failures.get(status, 0) + 1
        if status != 200:
            time.sleep(0.05)

threads = [threading.Thread(target=worker, args=(i, h)) for i, h in enumerate(ids)]
for t in threads: t.start()
for t in threads: t.join()
by_status = ", ".join(f"{n} × {s or 'no answer'}" for s, n in sorted(failures.items()))
print(f"acknowledged {counts['ok']}, failed {counts['failed']} ({by_status or 'none'})")
EOF
streamer=$!
sleep "$stream_seconds"

# --- the standby falls behind for the last second (the primary's WAL sender stopped, as on a
# congested link; what it has not sent dies with the primary): a synchronous primary acknowledges
# nothing meanwhile, an asynchronous one goes on.
sender=$(pgrep -P "$(head -n 1 "$work/primary/postmaster.pid")" -f walsender || true)
[ -n "$sender" ] || { echo "failover test: no WAL sender on the primary" >&2; exit 1; }
ack_before=$(wc -l <"$work/acknowledged.tsv" 2>/dev/null || echo 0)
kill -STOP "$sender"
sleep 1
ack_frozen=$(($(wc -l <"$work/acknowledged.tsv") - ack_before))

# --- the loss of the primary's machine: the postmaster and every backend at once, mid-stream.
postmaster=$(head -n 1 "$work/primary/postmaster.pid")
kill_cluster "$work/primary"
echo "killed the primary (postmaster $postmaster) after ${stream_seconds}s of edits, $ack_before acknowledged" \
  "before its WAL sender was stopped, $ack_frozen in the second it was stopped"
python3 "$work/reads.py" "$http_port" "$reader_port" "$password" "$work" after >"$work/reads.out" 2>&1 ||
  { cat "$work/reads.out" >&2; exit 1; }
cat "$work/reads.out"
sleep 1
touch "$work/stop"
wait "$streamer" || { cat "$work/streamer.out" >&2; exit 1; }
streamer=""
cat "$work/streamer.out"

as_owner "$pg/pg_ctl" -D "$work/standby" -w -t 30 promote >/dev/null
[ "$(sql "$standby_port" "SELECT pg_is_in_recovery()")" = f ] || { echo "failover test: promotion failed" >&2; exit 1; }
echo "promoted the standby"

# --- every acknowledged edit: its version through the command line, its value through SQL.
acknowledged=$(wc -l <"$work/acknowledged.tsv")
[ "$acknowledged" -gt 0 ] || { echo "failover test: no edit was acknowledged" >&2; exit 1; }
: >"$work/versions.tsv"
cut -f1 "$work/acknowledged.tsv" | sort -u | while read -r household; do
  "$bin" --db "$standby_uri" history --household "$household" </dev/null |
    sed -n "s/^phiên bản \([0-9]*\)\t.*/$household\t\1/p" >>"$work/versions.tsv"
done
# The values in one statement: the journal goes into a temporary table of the promoted standby.
psql -X -h 127.0.0.1 -p "$standby_port" -U postgres -d giamngheo -Atq -v ON_ERROR_STOP=1 >"$work/values.tsv" <<EOF
CREATE TEMP TABLE acknowledged (household_id text, version integer, income text);
\copy acknowledged FROM '$work/acknowledged.tsv'
SELECT a.household_id || E'\t' || a.version FROM acknowledged a JOIN household_versions v
  USING (household_id, version) WHERE split_part(split_part(v.document, E'\n', 1), ',', 7) = a.income;
EOF
awk -F'\t' -v versions="$work/versions.tsv" -v values="$work/values.tsv" '
  BEGIN { while ((getline line < versions) > 0) listed[line] = 1
          while ((getline line < values) > 0) stored[line] = 1 }
  { key = $1 "\t" $2
    if (key in listed && key in stored) present++
    else { lost++; printf "LOST: household %s version %s (income %s)\n", $1, $2, $3 > "/dev/stderr" } }
  END { printf "%d %d\n", present, lost }' "$work/acknowledged.tsv" >"$work/counts"
read -r present lost <"$work/counts"

# --- the same server process, not restarted, takes edits again: its connections, lost with the
# primary, are opened again through the multi-host URI on the promoted standby.
python3 - "$http_port" "$password" "$(head -n 1 "$work/acknowledged.tsv" | cut -f1)" "$work" >"$work/resumed.out" 2>&1 <<'EOF' || true
import json, sys, time
port, password, household = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sys.path.insert(0, sys.argv[4])
import client
client.port = port
request = client.request
started = time.time()
while time.time() - started < 20:
    status, cookie, body = request("POST", "/api/v1/session", json.dumps({"username": "xa.hoaquy", "password": password}),
                                   {"Content-Type": "application/json"})
    if status == 200:
        headers = {"Cookie": cookie.split(";")[0], "X-CSRF-Token": json.loads(body)["csrf_token"]}
        status, _, body = request("GET", f"/api/v1/households/{household}", headers=headers)
        if status == 200:
            record = json.loads(body)
            record["income_per_capita"] = "7777777"
            status, _, body = request("PUT", f"/api/v1/households/{household}", json.dumps(record),
                                      dict(headers, **{"Content-Type": "application/json", "If-Match": f'"{record["version"]}"'}))
            if status == 200:
                print(f"resumed after {time.time() - started:.1f} s")
                sys.exit(0)
    time.sleep(0.2)
print("the server never took an edit again")
sys.exit(1)
EOF
resumed=$(cat "$work/resumed.out")

echo "acknowledged $acknowledged, present $present, lost $lost; the server, not restarted: $resumed ($(($(date +%s) - started)) s)"
[ "$lost" -eq 0 ] && [ "$present" -eq "$acknowledged" ] && [ "${resumed#resumed}" != "$resumed" ]
