#!/usr/bin/env bash
# Installs and starts what Flowdeck needs on a Debian machine without Docker: pnpm (exact version of
# package.json), workspace dependencies, PostGIS for PostgreSQL 15, and running PostgreSQL and Redis.
# Idempotent: each step checks first and does nothing when already satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }

PNPM_VERSION=$(node -e "console.log(require('./package.json').packageManager.split('@')[1])")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1
fi

# Native modules (argon2) must build against the local Node headers; nothing may be downloaded.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  say "installing workspace dependencies"
  pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 3 >&2
fi

pg_running() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if ! pg_running; then
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  for _ in $(seq 1 30); do pg_running && break; sleep 1; done
  pg_running || { say "PostgreSQL did not start"; exit 1; }
fi

PG_MAJOR=$(psql -h 127.0.0.1 -U postgres -tAc 'SHOW server_version_num' | cut -c1-2)
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'" | grep -q 1; then
  say "installing PostGIS for PostgreSQL $PG_MAJOR (Debian package postgresql-$PG_MAJOR-postgis-3)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "postgresql-$PG_MAJOR-postgis-3" >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null 2>&1
    apt-get install -y -qq "postgresql-$PG_MAJOR-postgis-3" >/dev/null
  }
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis \
    --logfile /var/log/redis/flowdeck.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || { say "Redis did not start"; exit 1; }
fi

# Headless Chromium for the browser tests (console, ETL monitor); Debian's package, never a downloaded browser.
if ! command -v chromium >/dev/null 2>&1; then
  say "installing Chromium (Debian package chromium) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq chromium >/dev/null; }
fi
