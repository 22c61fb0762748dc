#!/usr/bin/env bash
# Sets up (installs what is missing, builds the server and the web interface), then starts the
# demo: `giamngheo serve --demo` fills a store on first start (the seed localities' units,
# synthetic households reviewed for 2024 and 2025, one user per role) and prints the address
# and the demo users' passwords. Stop it with Ctrl+C; the store stays for the next start.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec build/release/cli/giamngheo serve --demo "$@"
