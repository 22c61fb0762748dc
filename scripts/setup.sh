#!/usr/bin/env bash
# Installs every Debian package giamngheo needs, then configures and builds it.
# Idempotent and non-interactive: on a machine that already has everything it only
# runs an incremental build. Must run as root (or with passwordless sudo) on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost-dev libboost-system-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libpq-dev libpqxx-dev postgresql-15  # postgresql-15: the test cluster (scripts/pg_test_cluster.sh)
  libxlsxwriter-dev liborcus-dev libsodium-dev
  libcli11-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  zlib1g-dev libzstd-dev libreoffice-writer-nogui poppler-utils fonts-liberation
  wrk nginx  # bench/bench_nginx.sh: load through a TLS reverse proxy (deploy/nginx/)
  clang-14 libclang-rt-14-dev  # libFuzzer, ASan and UBSan for scripts/fuzz.sh
)
# The web interface (web/) needs node and npm (node >= 20.19 for Vite 7; Debian 12's own
# nodejs is older, so a machine that already has a newer node keeps it) and Debian's chromium
# for its end-to-end tests. Each is added only when the machine lacks it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake --preset release >/dev/null
cmake --build --preset release

# web: install the locked npm packages when the lock file changed, build when a source is
# newer than the last build. Skipped, with a message, without a recent enough node.
web_step() {
  local node_ok
  node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)' 2>/dev/null || echo 0)
  if [ "$node_ok" != 1 ]; then
    echo "setup: web/ not built: node >= 20.19 is needed (found $(node --version 2>/dev/null || echo none))"
    return 0
  fi
  (
    cd web
    local lock
    lock=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$lock" ]; then
      # npm 11 may refuse a lock file that lacks other platforms' optional packages (rollup's
      # native builds); then install from the same lock file without rewriting it.
      npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
        npm install --no-save --no-audit --no-fund --loglevel=error
      echo "$lock" > node_modules/.lock-sha256
    fi
    if [ ! -f dist/index.html ] || [ -n "$(find src index.html vite.config.ts package.json package-lock.json ../data/vocabulary.json -newer dist/index.html -print -quit)" ]; then
      npm run build --silent
    fi
  )
}
web_step
