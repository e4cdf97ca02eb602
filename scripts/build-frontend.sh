#!/usr/bin/env bash
# Builds the React SPA into frontend/dist (Maven copies it into the jar as static resources).
# Without Node/npm the API still builds and runs; the UI is then missing, and this says so.
set -euo pipefail
cd "$(dirname "$0")/../frontend"

if ! command -v npm >/dev/null 2>&1; then
  echo "[build-frontend] npm not found: skipping the web app (install Node 20 to get the UI)" >&2
  exit 0
fi
# install only when the lockfile changed since the last install
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [[ "${1:-build}" == "test" ]]; then
  npm test --silent
else
  npm run build --silent
fi
