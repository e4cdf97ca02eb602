#!/usr/bin/env bash
# Ingest benchmark: first index of a generated repository against the raw embedding model, and an
# unchanged re-sync. Needs PostgreSQL with pgvector reachable through POSTGRES_* (a throw-away database
# is created and dropped). Extra arguments go to Maven, e.g. -Dbench.files=1000; JFR=1 records a profile.
exec "$(dirname "$0")/../benchmark.sh" IngestBenchmark ingest "$@"
