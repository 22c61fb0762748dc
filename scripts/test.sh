#!/usr/bin/env bash
# Runs every test: sets up (idempotent), builds, then the whole ctest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Dependencies point inward (docs/ARCHITECTURE.md).
python3 scripts/check_dependencies.py
ctest --preset release

# web: lint and type check, unit tests, then the end-to-end tests in Debian's chromium against
# `giamngheo serve --demo` when the server command and chromium exist.
if [ -d web/node_modules ]; then
  (cd web && npm run lint --silent && npm test --silent)
  if command -v chromium >/dev/null 2>&1 && build/release/cli/giamngheo serve --help >/dev/null 2>&1; then
    (cd web && GIAMNGHEO_BIN="$PWD/../build/release/cli/giamngheo" npm run e2e --silent)
  else
    echo "web: end-to-end tests skipped (needs chromium and the 'giamngheo serve' command)"
  fi
fi
