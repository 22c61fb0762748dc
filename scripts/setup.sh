#!/usr/bin/env bash
# Installs every Debian package giamngheo needs, then configures and builds it.
# Idempotent and non-interactive: on a machine that already has everything it only
# runs an incremental build. Must run as root (or with passwordless sudo) on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost-dev libboost-system-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libpq-dev libpqxx-dev
  libxlsxwriter-dev liborcus-dev libsodium-dev
  libcli11-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  zlib1g-dev libreoffice-writer-nogui poppler-utils fonts-liberation
)

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
