#!/usr/bin/env bash
# Search benchmark: vector, keyword and hybrid search latency at 100k chunks on pgvector (synthetic
# vectors inserted directly). Needs PostgreSQL with pgvector reachable through POSTGRES_* (a throw-away
# database is created and dropped). Extra arguments go to Maven, e.g. -Dbench.chunks=20000.
exec "$(dirname "$0")/../benchmark.sh" SearchBenchmark search "$@"
