# Sourced by the bench scripts that run against a throw-away PostgreSQL cluster: after it, $work is
# a temporary folder (removed on exit with the cluster), $uri the cluster's database, $units the
# unit files, $bin the command and $work/gen the synthetic registry of $households households
# generated with $seed. Expects $households, $seed and optionally $1 = BIN.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=$(realpath "${bench_bin:-build/release/cli/giamngheo}")
units=../shared/data/admin-units
[ -d "$units" ] || units=testing/fixtures/units
work=$(mktemp -d /tmp/giamngheo-pgbench.XXXXXX)
state="$work/state"
cleanup() { scripts/pg_test_cluster.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
scripts/pg_test_cluster.sh start "$state" >/dev/null
uri=$(cat "$state/uri")
"$bin" generate --units "$units" --households "$households" --seed "$seed" --out-dir "$work/gen" 2>/dev/null
