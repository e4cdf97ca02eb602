#!/usr/bin/env bash
# Runs one JUnit *Benchmark class with the Maven `bench` profile (bench/ingest/run.sh, bench/search/run.sh).
#   bench/benchmark.sh CLASS NAME [MAVEN ARGS...]   NAME names the JFR file when JFR=1
set -euo pipefail
class="${1:?usage: benchmark.sh CLASS NAME [MAVEN ARGS...]}"
name="${2:?usage: benchmark.sh CLASS NAME [MAVEN ARGS...]}"
shift 2
cd "$(dirname "$0")/.."

: "${POSTGRES_HOST:?set POSTGRES_HOST (and POSTGRES_PORT/USER/PASSWORD) to a PostgreSQL with pgvector}"
export CI=true  # a server without the vector extension is an error, not a silent fallback
jvm_args=""
if [[ "${JFR:-0}" == "1" ]]; then
  mkdir -p bench/results
  jvm_args="-XX:StartFlightRecording=filename=$PWD/bench/results/$name.jfr,settings=profile"
fi
exec ./mvnw -B -ntp -P 'bench,!frontend' test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dskip.deploycheck -Dbench.jvm.args="$jvm_args" "$@"
