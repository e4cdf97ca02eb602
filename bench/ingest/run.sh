#!/usr/bin/env bash
# Ingest benchmark: first index of a generated repository against the raw embedding model, and an
# unchanged re-sync. Needs PostgreSQL with pgvector reachable through POSTGRES_* (a throw-away database
# is created and dropped). Extra arguments go to Maven, e.g. -Dbench.files=1000; JFR=1 records a profile.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${POSTGRES_HOST:?set POSTGRES_HOST (and POSTGRES_PORT/USER/PASSWORD) to a PostgreSQL with pgvector}"
export CI=true  # a server without the vector extension is an error, not a silent fallback
jvm_args=""
if [[ "${JFR:-0}" == "1" ]]; then
  mkdir -p bench/results
  jvm_args="-XX:StartFlightRecording=filename=$PWD/bench/results/ingest.jfr,settings=profile"
fi
exec ./mvnw -B -ntp -P 'bench,!frontend' test -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dskip.deploycheck -Dbench.jvm.args="$jvm_args" "$@"
