#!/bin/sh
# Class-data-sharing training run of the extracted app (APP_DIR holds app.jar and lib/): builds the Spring
# context and stops before anything connects (no database needed), then writes APP_DIR/app.jsa with the
# classes it loaded. Used by the image build (docker/api/Dockerfile), the topology check and the load bench.
#
#   sh docker/api/cds-train.sh APP_DIR
set -eu
app_dir=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$app_dir/app.jsa"
if ! (cd "$app_dir" && env -i PATH="$PATH" HOME="$work" LANG=C.UTF-8 SPRING_PROFILES_ACTIVE=prod \
    JWT_SECRET=cds-training-only-not-a-secret-0123456789abcdef POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=1 \
    NEO4J_URI=bolt://127.0.0.1:1 DATA_DIR="$work/data" \
    java -XX:ArchiveClassesAtExit="$app_dir/app.jsa" -Dspring.context.exit=onRefresh -Dspring.flyway.enabled=false \
      -jar app.jar) > "$work/training.log" 2>&1; then
  tail -n 40 "$work/training.log" >&2
  echo "cds-train: the training run failed" >&2
  exit 1
fi
[ -s "$app_dir/app.jsa" ] || { echo "cds-train: the training run wrote no archive" >&2; exit 1; }
echo "cds-train: $app_dir/app.jsa ($(du -h "$app_dir/app.jsa" | cut -f1))"
