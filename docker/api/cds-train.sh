#!/bin/sh
# Class-data-sharing training run of the extracted app (APP_DIR holds app.jar and lib/): starts the app the
# whole way, as a container start would, then stops it with SIGTERM as an orchestrator would; at exit the JVM
# writes APP_DIR/app.jsa with every class the start loaded. No database is needed: PostgreSQL and Neo4j point
# at a closed port, so the app comes up degraded and keeps retrying in the background; the routes, Tomcat,
# the WebSocket server, the JDBC and Bolt drivers and the Camel route model are all loaded by then. (Stopping
# at the context's refresh instead leaves out everything the beans and Camel load: about 3,800 classes, read
# and verified again on every start.) Used by the image build (docker/api/Dockerfile), the topology check
# and the load bench.
#
#   sh docker/api/cds-train.sh APP_DIR
set -eu
app_dir=$(cd "$1" && pwd)
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  tail -n 40 "$work/training.log" >&2
  echo "cds-train: $1" >&2
  exit 1
}
rm -f "$app_dir/app.jsa"
# ports 0: whatever is free (the bench and the topology check run it beside other servers)
(cd "$app_dir" && exec env -i PATH="$PATH" HOME="$work" LANG=C.UTF-8 SPRING_PROFILES_ACTIVE=prod \
    JWT_SECRET=cds-training-only-not-a-secret-0123456789abcdef POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=1 \
    NEO4J_URI=bolt://127.0.0.1:1 DATA_DIR="$work/data" PORT=0 WS_PORT=0 LOG_LEVEL=INFO \
    java -XX:ArchiveClassesAtExit="$app_dir/app.jsa" -Dspring.flyway.enabled=false -jar app.jar) \
  > "$work/training.log" 2>&1 &
pid=$!
tenths=0
until grep -q 'Started DeveloperAgentApplication' "$work/training.log"; do
  kill -0 "$pid" 2>/dev/null || { pid=; fail "the training run ended before the app had started"; }
  [ "$tenths" -lt 3000 ] || fail "the app did not start within 300 s"
  sleep 0.1
  tenths=$((tenths + 1))
done
kill -TERM "$pid"
# 143 after SIGTERM; the archive is written while the JVM exits
wait "$pid" || true
pid=
[ -s "$app_dir/app.jsa" ] || fail "the training run wrote no archive"
echo "cds-train: $app_dir/app.jsa ($(du -h "$app_dir/app.jsa" | cut -f1))"
