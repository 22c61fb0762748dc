#!/usr/bin/env bash
# Checks the deployment files on this machine without installing them:
#   nginx/giamngheo.conf        `nginx -t` inside a wrapper configuration, with a throw-away
#                                self-signed certificate in place of the real one's paths;
#   postgresql/giamngheo.conf   a throw-away PostgreSQL 15 cluster started with it included, every
#                                setting read back from pg_settings, none in error;
#   systemd/*                   `systemd-analyze verify` when systemd is there.
# Usage: deploy/check.sh   (as root the cluster belongs to the postgres user, as in the tests)
set -euo pipefail
deploy=$(cd "$(dirname "$0")" && pwd)
pg=${PG_BIN:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d /tmp/giamngheo-deploy-check.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" -ne 0 ] || chown postgres: "$work"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  if [ -f "$work/data/postmaster.pid" ]; then
    as_owner "$pg/pg_ctl" -D "$work/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== nginx"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=giamngheo.example.vn -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
sed -e "s|/etc/letsencrypt/live/giamngheo.example.vn/fullchain.pem|$work/cert.pem|" \
    -e "s|/etc/letsencrypt/live/giamngheo.example.vn/privkey.pem|$work/key.pem|" \
    "$deploy/nginx/giamngheo.conf" >"$work/site.conf"
# The site goes in an http block as Debian's /etc/nginx/nginx.conf includes sites-enabled/.
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  access_log off;
  include $work/site.conf;
}
CONF
nginx -t -e "$work/nginx-error.log" -p "$work" -c "$work/nginx.conf"

echo "== PostgreSQL"
as_owner "$pg/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
cp "$deploy/postgresql/giamngheo.conf" "$work/data/giamngheo.conf"
[ "$(id -u)" -ne 0 ] || chown postgres: "$work/data/giamngheo.conf"
echo "include 'giamngheo.conf'" >>"$work/data/postgresql.conf"
# Loopback only, on a free port; everything else as the file says.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$pg/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null ||
  { cat "$work/server.log" >&2; exit 1; }
query() { psql -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atq -v ON_ERROR_STOP=1 -F ' = ' -c "$1"; }
errors=$(query "SELECT count(*) FROM pg_file_settings WHERE error IS NOT NULL")
query "SELECT name, setting || coalesce(' ' || unit, '') FROM pg_settings WHERE sourcefile LIKE '%giamngheo.conf' ORDER BY name"
applied=$(query "SELECT count(*) FROM pg_settings WHERE sourcefile LIKE '%giamngheo.conf'")
written=$(grep -c '^[a-z_]* *=' "$deploy/postgresql/giamngheo.conf")
echo "$applied of $written settings applied, $errors in error"
if [ "$errors" -ne 0 ] || [ "$applied" -ne "$written" ]; then
  query "SELECT name, error FROM pg_file_settings WHERE error IS NOT NULL" >&2
  exit 1
fi

echo "== systemd"
if command -v systemd-analyze >/dev/null 2>&1; then
  # verify wants the executable to exist: a copy of the units naming /bin/true instead.
  mkdir -p "$work/units"
  for unit in "$deploy"/systemd/*.service "$deploy"/systemd/*.timer; do
    sed 's|/usr/local/bin/giamngheo|/bin/true|' "$unit" >"$work/units/$(basename "$unit")"
  done
  cp "$work/units/giamngheo@.service" "$work/units/giamngheo@8081.service"
  # It reports an unknown key as a warning and still exits 0: any message is a failure here.
  messages=$(cd "$work/units" &&
    systemd-analyze verify --man=no giamngheo@8081.service giamngheo-backup.service giamngheo-backup.timer \
      giamngheo-basebackup.service giamngheo-basebackup.timer 2>&1) ||
    { echo "$messages" >&2; exit 1; }
  if [ -n "$messages" ]; then echo "$messages" >&2; exit 1; fi
  echo "units verified"
else
  echo "systemd-analyze not found: not checked"
fi
echo "deployment files checked"
