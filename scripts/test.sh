#!/usr/bin/env bash
# Runs every test: sets up (idempotent), builds, then the whole ctest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
ctest --preset release
