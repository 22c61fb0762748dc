# Sourced by the scripts that make PostgreSQL clusters of their own on loopback (failover,
# point-in-time recovery). Expects $pg (PostgreSQL's bin directory) and $work (the temporary
# directory that holds the clusters and their sockets).

# initdb refuses to run as root: as root the clusters belong to the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_cluster DATA LOG: starts the cluster on a free port and prints the port (a port found free
# may be taken before the server binds it: five tries). -w waits until it accepts connections
# (read-only ones, for a cluster in recovery).
start_cluster() {
  local data=$1 log=$2 port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$pg/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "-p $port -k $work" start >/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "$(basename "$0"): cannot start the cluster in $data" >&2
  return 1
}
