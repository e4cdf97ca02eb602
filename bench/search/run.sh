#!/usr/bin/env bash
# Search benchmark: vector, keyword and hybrid search latency at 100k chunks on pgvector (synthetic
# vectors inserted directly). Needs PostgreSQL with pgvector reachable through POSTGRES_* (a throw-away
# database is created and dropped). Extra arguments go to Maven, e.g. -Dbench.chunks=20000.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${POSTGRES_HOST:?set POSTGRES_HOST (and POSTGRES_PORT/USER/PASSWORD) to a PostgreSQL with pgvector}"
export CI=true  # a server without the vector extension is an error, not a silent fallback
jvm_args=""
if [[ "${JFR:-0}" == "1" ]]; then
  mkdir -p bench/results
  jvm_args="-XX:StartFlightRecording=filename=$PWD/bench/results/search.jfr,settings=profile"
fi
exec ./mvnw -B -ntp -P 'bench,!frontend' test -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dskip.deploycheck -Dbench.jvm.args="$jvm_args" "$@"
