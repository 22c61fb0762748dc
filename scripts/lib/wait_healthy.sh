# Sourced by the scripts and benches that start a server process and wait for it.

# wait_healthy URL PID NAME: returns once URL/healthz answers (60 s at most; a self-signed
# certificate is accepted); fails with a message naming NAME when process PID stops first or the
# URL never answers.
wait_healthy() {
  for _ in $(seq 600); do
    curl -skf "$1/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "$3 stopped before it answered" >&2; return 1; }
    sleep 0.1
  done
  echo "$3 never answered at $1" >&2
  return 1
}
