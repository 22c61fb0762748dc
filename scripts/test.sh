#!/usr/bin/env bash
# Runs every test: sets up (idempotent), builds, then the whole ctest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Dependencies point inward (docs/ARCHITECTURE.md).
python3 scripts/check_dependencies.py
ctest --preset release

# web: lint and type check, unit tests, then the end-to-end tests in Debian's chromium against
# `giamngheo serve --demo` when the server command and chromium exist, on SQLite and on PostgreSQL.
if [ -d web/node_modules ]; then
  (cd web && npm run lint --silent && npm test --silent)
  if command -v chromium >/dev/null 2>&1 && build/release/cli/giamngheo serve --help >/dev/null 2>&1; then
    (cd web && GIAMNGHEO_BIN="$PWD/../build/release/cli/giamngheo" npm run e2e --silent)
    # The same scenarios on PostgreSQL, in a throw-away cluster stopped whatever happens.
    pg_state=build/release/pg-e2e
    trap 'scripts/pg_test_cluster.sh stop "$pg_state" >/dev/null 2>&1 || true' EXIT
    scripts/pg_test_cluster.sh start "$pg_state"
    (cd web && E2E_DB="$(cat "../$pg_state/uri")" GIAMNGHEO_BIN="$PWD/../build/release/cli/giamngheo" npm run e2e --silent)
  else
    echo "web: end-to-end tests skipped (needs chromium and the 'giamngheo serve' command)"
  fi
fi
