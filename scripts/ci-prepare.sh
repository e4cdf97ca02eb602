#!/usr/bin/env bash
# Makes a CI machine ready for the test suite; safe to run again (each step checks first).
# Needs: a PostgreSQL 15 server on POSTGRES_HOST:POSTGRES_PORT (trust auth) with the pgvector extension.
set -euo pipefail
cd "$(dirname "$0")/.."

host="${POSTGRES_HOST:-127.0.0.1}"
port="${POSTGRES_PORT:-5432}"

if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
  echo "[ci-prepare] PostgreSQL is not answering on $host:$port; starting the local cluster"
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
fi

bash scripts/install-pgvector.sh

# The browser end-to-end test drives Debian's Chromium (never a downloaded browser build).
if [[ ! -x /usr/bin/chromium ]]; then
  echo "[ci-prepare] installing Debian's chromium"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
