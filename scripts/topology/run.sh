#!/usr/bin/env bash
# The production topology on one machine, without containers: every part is the real one the images and
# manifests use, started as plain processes.
#
#   nginx (edge)  https://localhost:$HTTPS_PORT  TLS, security headers, limits; / → SPA, /api → app, /ws → app
#                 http://localhost:$HTTP_PORT    → 301 to https
#   nginx (spa)   127.0.0.1:$SPA_PORT            the built SPA (frontend/dist), as the frontend image serves it
#   app           127.0.0.1:$APP_PORT (+ $WS_PORT)  built like docker/api/Dockerfile: -Dproduction jar (no embedded
#                 engines), layered extract, run as a numeric non-root user with the image's ENTRYPOINT flags
#                 and SPRING_PROFILES_ACTIVE=prod
#   PostgreSQL    the machine's server (POSTGRES_HOST/PORT/USER; pgvector installed), a fresh database
#   Neo4j         its own process (scripts/topology/Neo4jLauncher.java) with Bolt and a password
#   Prometheus    scraping the app with monitoring/prometheus/rules loaded
#
#   bash scripts/topology/run.sh up      # start everything and keep it running (Ctrl-C stops it)
#   bash scripts/topology/run.sh check   # start, run the browser test through https (frontend/e2e/topology.mjs), stop
#
# Needs: JDK 17, Node/npm (the SPA and the browser test), nginx, prometheus, chromium (Debian packages; `check`
# installs the missing ones when it may run apt-get), PostgreSQL with pgvector, openssl.
# Settings (environment): HTTPS_PORT (8443), HTTP_PORT (8080), SPA_PORT, APP_PORT, WS_PORT, BOLT_PORT, PROM_PORT
# (free ports when unset), POSTGRES_HOST (127.0.0.1), POSTGRES_PORT (5432), POSTGRES_USER (postgres),
# POSTGRES_PASSWORD, TOPOLOGY_DB (developer_agent_topology), TOPOLOGY_DIR (a new temporary directory),
# APP_UID (10001), SKIP_BUILD=1 (reuse TOPOLOGY_DIR's build), TOPOLOGY_SAVE_METRICS=FILE (keep the app's
# /metrics scrape, e.g. to refresh monitoring/tests/metrics-sample.txt).
set -euo pipefail

mode="${1:-up}"
case "$mode" in up | check) ;; *) echo "usage: run.sh up|check" >&2; exit 2 ;; esac

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

log() { printf '[topology] %s\n' "$*"; }
die() { printf '[topology] %s\n' "$*" >&2; exit 1; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

command -v node > /dev/null || die "node is needed (the SPA build and the browser test)"

# ---- machine prerequisites ----------------------------------------------------------------------------
missing=()
command -v nginx > /dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v prometheus > /dev/null || missing+=(prometheus)
[[ "$mode" == up || -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || missing+=(chromium)
if ((${#missing[@]})); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
    log "installing ${missing[*]} (Debian packages)"
    apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
    # the packages start their own services where an init system runs; this topology runs its own
    for service in nginx prometheus; do
      service "$service" stop > /dev/null 2>&1 || true
    done
  else
    die "missing: ${missing[*]} (install the Debian packages)"
  fi
fi
export PATH="$PATH:/usr/sbin"

# ---- settings -----------------------------------------------------------------------------------------
https_port="${HTTPS_PORT:-$([[ "$mode" == up ]] && echo 8443 || free_port)}"
http_port="${HTTP_PORT:-$([[ "$mode" == up ]] && echo 8080 || free_port)}"
spa_port="${SPA_PORT:-$(free_port)}"
app_port="${APP_PORT:-$(free_port)}"
ws_port="${WS_PORT:-$(free_port)}"
bolt_port="${BOLT_PORT:-$(free_port)}"
prom_port="${PROM_PORT:-$(free_port)}"
pg_host="${POSTGRES_HOST:-127.0.0.1}"
pg_port="${POSTGRES_PORT:-5432}"
pg_user="${POSTGRES_USER:-postgres}"
db="${TOPOLOGY_DB:-developer_agent_topology}"
app_uid="${APP_UID:-10001}"
dir="${TOPOLOGY_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/developer-agent-topology.XXXXXX")}"
mkdir -p "$dir/logs"
dir="$(cd "$dir" && pwd)"
chmod 755 "$dir"

pids=()
cleanup() {
  local status=$?
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2> /dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2> /dev/null || true
  done
  if ((status != 0)); then
    log "failed; the last lines of each log ($dir/logs):"
    for file in "$dir"/logs/*.log; do
      [[ -s "$file" ]] || continue
      echo "---- $(basename "$file")"
      grep -v 'ANTLR' "$file" | tail -n 25
    done
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for NAME SECONDS COMMAND...: polls until COMMAND succeeds
wait_for() {
  local name="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" > /dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$name not ready within ${seconds}s"
    for pid in "${pids[@]}"; do kill -0 "$pid" 2> /dev/null || die "a process has stopped while waiting for $name"; done
    sleep 0.5
  done
  log "$name ready"
}

# ---- 1. build, as the image does: -Dproduction jar, layered extract -------------------------------------
app_dir="$dir/app"
if [[ "${SKIP_BUILD:-0}" != 1 || ! -d "$app_dir" ]]; then
  log "building the production jar (-Dproduction: no embedded PostgreSQL/Neo4j) in $dir/build"
  rm -rf "$dir/build" "$app_dir"
  mkdir -p "$dir/build"
  cp -R .mvn mvnw pom.xml src routes "$dir/build/"
  (cd "$dir/build" && ./mvnw -B -ntp -q -Dproduction -Dmaven.test.skip=true -Dskip.frontend -Dskip.deploycheck -Dskip.topology package) \
    > "$dir/logs/build.log" 2>&1 || { tail -n 40 "$dir/logs/build.log"; die "the production build failed"; }
  jar="$(ls "$dir"/build/target/developer-agent-*.jar | grep -v -- '-plain' | head -n 1)"
  if unzip -l "$jar" | grep -qE 'BOOT-INF/lib/(embedded-postgres|neo4j-kernel)'; then
    die "the production jar carries an embedded engine"
  fi
  java -Djarmode=tools -jar "$jar" extract --layers --destination "$dir/layers" --application-filename app.jar > /dev/null
  java docker/api/StripForeignNatives.java "$dir/layers/dependencies/lib" amd64 > /dev/null
  javac --release 17 -d "$dir/healthcheck" docker/api/HealthProbe.java
  log "layers as the image gets them: $(cd "$dir/layers" && du -sh -- * | awk '{ printf "%s %s, ", $2, $1 }' | sed 's/, $//')"
  # the image copies the four layers into one directory, least-changing first
  mkdir -p "$app_dir"
  for layer in dependencies spring-boot-loader snapshot-dependencies application; do
    [[ -d "$dir/layers/$layer" ]] && cp -R "$dir/layers/$layer/." "$app_dir/"
  done
  rm -rf "$dir/layers"
  # the image's class-data-sharing training run: builds the context with no database reachable
  log "class data sharing: training run (as the image build does)"
  sh docker/api/cds-train.sh "$app_dir" > "$dir/logs/cds-training.log" 2>&1 \
    || { tail -n 40 "$dir/logs/cds-training.log"; die "the class-data-sharing training run failed"; }
fi

# ---- 2. the SPA, as the frontend image builds it ----------------------------------------------------------
if [[ ! -f frontend/dist/index.html ]]; then
  log "building the SPA"
  bash scripts/build-frontend.sh build > "$dir/logs/spa-build.log" 2>&1 || die "the SPA build failed"
fi

# ---- 3. PostgreSQL: a fresh database on the real server (pgvector) --------------------------------------
export PGPASSWORD="${POSTGRES_PASSWORD:-}" PGOPTIONS='-c client_min_messages=warning'
psql_admin() { psql -v ON_ERROR_STOP=1 -qAt -h "$pg_host" -p "$pg_port" -U "$pg_user" "$@"; }
psql_admin -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" \
  || die "cannot create database $db on $pg_host:$pg_port"
psql_admin -d "$db" -c "CREATE EXTENSION IF NOT EXISTS vector" || die "pgvector is not installed (scripts/install-pgvector.sh)"
log "PostgreSQL $pg_host:$pg_port database $db (pgvector $(psql_admin -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'"))"

# ---- 4. Neo4j as its own process ----------------------------------------------------------------------------
neo4j_password="$(openssl rand -hex 16)"
if [[ ! -s "$dir/neo4j.classpath" ]]; then
  ./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$dir/neo4j.classpath" \
    > "$dir/logs/classpath.log" 2>&1 || die "cannot resolve the Neo4j classpath"
fi
NEO4J_PASSWORD="$neo4j_password" java -Xmx512m -cp "$(cat "$dir/neo4j.classpath")" scripts/topology/Neo4jLauncher.java \
  "$dir/neo4j" "$bolt_port" > "$dir/logs/neo4j.log" 2>&1 &
pids+=($!)

# ---- 5. nginx: the SPA server and the edge proxy with TLS -----------------------------------------------------
# nginx workers run as an unprivileged user: they read the SPA from a copy they can reach
rm -rf "$dir/spa" && cp -R frontend/dist "$dir/spa" && chmod -R a+rX "$dir/spa"
SERVER_NAME=localhost HTTP_PORT="$http_port" HTTPS_PORT="$https_port" SPA_PORT="$spa_port" \
  API_HTTP_UPSTREAM="127.0.0.1:$app_port" API_WS_UPSTREAM="127.0.0.1:$ws_port" SPA_ROOT="$dir/spa" \
  bash scripts/deploy/render-nginx.sh "$dir/nginx" > /dev/null
for side in spa edge; do
  nginx -t -q -p "$dir/nginx/$side" -c "$dir/nginx/$side/nginx.conf" 2> "$dir/logs/nginx-$side-test.log" \
    || { cat "$dir/logs/nginx-$side-test.log"; die "nginx -t failed ($side)"; }
  nginx -p "$dir/nginx/$side" -c "$dir/nginx/$side/nginx.conf" -g 'daemon off;' > "$dir/logs/nginx-$side.log" 2>&1 &
  pids+=($!)
done

# ---- 6. Prometheus with the alert rules --------------------------------------------------------------------------
mkdir -p "$dir/prometheus/data"
sed -e "s#\"api:3000\"#\"127.0.0.1:$app_port\"#" \
    -e "s#\"localhost:9090\"#\"127.0.0.1:$prom_port\"#" \
    -e "s#/etc/prometheus/rules/#$repo/monitoring/prometheus/rules/#" \
    -e "s#scrape_interval: 15s#scrape_interval: 5s#g" \
    -e "s#evaluation_interval: 30s#evaluation_interval: 5s#" \
    -e "s#scrape_timeout: 10s#scrape_timeout: 4s#" \
    -e "s#deployment: compose#deployment: one-machine#" \
    monitoring/prometheus/prometheus.yml > "$dir/prometheus/prometheus.yml"
promtool check config "$dir/prometheus/prometheus.yml" > "$dir/logs/promtool.log" 2>&1 \
  || { cat "$dir/logs/promtool.log"; die "promtool rejects the rendered Prometheus config"; }
prometheus --config.file="$dir/prometheus/prometheus.yml" --storage.tsdb.path="$dir/prometheus/data" \
  --web.listen-address="127.0.0.1:$prom_port" > "$dir/logs/prometheus.log" 2>&1 &
pids+=($!)

# ---- 7. the app: numeric non-root user, the image's ENTRYPOINT, production profile ----------------------------
wait_for "Neo4j (bolt :$bolt_port)" 180 grep -q "neo4j ready" "$dir/logs/neo4j.log"
mkdir -p "$dir/data" "$dir/tmp"
as_user=()
if [[ "$(id -u)" == 0 ]]; then
  chown -R "$app_uid:$app_uid" "$dir/data" "$dir/tmp"
  as_user=(setpriv --reuid="$app_uid" --regid="$app_uid" --clear-groups --no-new-privs)
  log "the app runs as uid $app_uid (numeric, no account needed), like USER 10001:10001 in the image"
else
  log "the app runs as uid $(id -u) (not root: no user switch needed)"
fi
jwt_secret="$(openssl rand -base64 48)"
(
  cd "$app_dir"
  exec env -i PATH="$PATH" HOME="$dir/data" LANG=C.UTF-8 \
    SPRING_PROFILES_ACTIVE=prod PORT="$app_port" WS_PORT="$ws_port" WS_HOST=127.0.0.1 \
    DATA_DIR="$dir/data" DJL_CACHE_DIR="$dir/data/djl" LOG_FORMAT=logstash LOG_LEVEL=INFO MALLOC_ARENA_MAX=2 \
    POSTGRES_HOST="$pg_host" POSTGRES_PORT="$pg_port" POSTGRES_USER="$pg_user" POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}" \
    POSTGRES_DB="$db" NEO4J_URI="bolt://127.0.0.1:$bolt_port" NEO4J_USER=neo4j NEO4J_PASSWORD="$neo4j_password" \
    JWT_SECRET="$jwt_secret" CORS_ORIGIN="https://localhost:$https_port" \
    REGISTRATION_OPEN=true ADMIN_USERNAMES=topology-admin \
    "${as_user[@]}" java \
    -XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=30 -XX:+UseG1GC -Xmx1g \
    -XX:+ExitOnOutOfMemoryError -XX:ErrorFile="$dir/tmp/hs_err_pid%p.log" \
    -Djava.io.tmpdir="$dir/tmp" -Dfile.encoding=UTF-8 -XX:SharedArchiveFile="$app_dir/app.jsa" -Xlog:cds=off \
    -jar "$app_dir/app.jar"
) > "$dir/logs/app.log" 2>&1 &
pids+=($!)
wait_for "the app (health probe of the image)" 240 env PORT="$app_port" java -cp "$dir/healthcheck" HealthProbe /readyz
wait_for "nginx edge (https :$https_port)" 30 curl -fsSk "https://localhost:$https_port/healthz"

cat <<EOF
[topology] up:
  https://localhost:$https_port      the product through nginx (self-signed certificate in $dir/nginx/certs)
  http://localhost:$http_port        redirects to https
  http://127.0.0.1:$prom_port        Prometheus (target developer-agent, rules from monitoring/prometheus/rules)
  logs: $dir/logs
EOF

if [[ "$mode" == up ]]; then
  log "Ctrl-C stops everything"
  wait -n "${pids[@]}" || true
  die "a process stopped (see $dir/logs)"
fi

# ---- check: the browser test through https, then Prometheus ------------------------------------------------------
[[ -d frontend/node_modules/playwright-core ]] || (cd frontend && npm ci --no-audit --no-fund > "$dir/logs/npm.log" 2>&1)
TOPOLOGY_URL="https://localhost:$https_port" TOPOLOGY_HTTP_URL="http://localhost:$http_port" \
  TOPOLOGY_PROMETHEUS_URL="http://127.0.0.1:$prom_port" TOPOLOGY_ADMIN=topology-admin \
  TOPOLOGY_EXPECTED_RULES="$(promtool check rules monitoring/prometheus/rules/*.yml | sed -n 's/.*SUCCESS: \([0-9]*\) rules found.*/\1/p' | awk '{ n += $1 } END { print n }')" \
  E2E_SCREENSHOTS="$repo/target/topology-screenshots" \
  node frontend/e2e/topology.mjs
# Every alert and dashboard expression must select series this running app exports (after the traffic above).
curl -fsS "http://127.0.0.1:$app_port/metrics" > "$dir/metrics.txt"
[[ -z "${TOPOLOGY_SAVE_METRICS:-}" ]] || cp "$dir/metrics.txt" "$TOPOLOGY_SAVE_METRICS"
METRICS_SCRAPE="$dir/metrics.txt" bash scripts/check-deploy.sh metric-refs | grep -v '^$'
log "check passed"
