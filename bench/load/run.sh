#!/usr/bin/env bash
# Load benchmarks of the running app (issue 8), as shipped (production jar, extracted, CDS archive; Neo4j in its
# own process): read routes, chat intake, push fan-out, startup to ready,
# each with a baseline from the same run. Writes bench/RESULTS.md (or BENCH_RESULTS).
#
#   bench/load/run.sh                 # build, then every scenario
#   bench/load/run.sh read chat       # only these scenarios (read | chat | fanout | startup)
#
# Needs a PostgreSQL with pgvector (POSTGRES_HOST/PORT/USER/PASSWORD; a fresh database BENCH_DB is
# created) and wrk (installed from Debian when missing). BENCH_SKIP_BUILD=1 reuses target/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(read chat fanout startup)

export POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}" POSTGRES_PORT="${POSTGRES_PORT:-5432}"
export POSTGRES_USER="${POSTGRES_USER:-postgres}" POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
BENCH_DB="${BENCH_DB:-devagent_bench_load}"
APP_PORT="${BENCH_APP_PORT:-3300}"
APP_WS_PORT="${BENCH_APP_WS_PORT:-3301}"
APP_BOLT_PORT="${BENCH_APP_BOLT_PORT:-7797}"
BASELINE_PORT="${BENCH_BASELINE_PORT:-3390}"
BASELINE_WS_PORT="${BENCH_BASELINE_WS_PORT:-3391}"
# the production image gives the heap a share of the container limit; here a fixed heap of that size
APP_JAVA_OPTS="${APP_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}"
# as the image sets it (docker/api/Dockerfile); applies to the baselines too
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
READ_DURATION="${READ_DURATION:-20s}"
READ_CONNECTIONS="${READ_CONNECTIONS:-64 256}"
CHAT_USERS="${CHAT_USERS:-200}"
CHAT_DURATION_S="${CHAT_DURATION_S:-60}"
CHAT_THINK_MS="${CHAT_THINK_MS:-2000}"
# the same load for this long before the measured part: a replica serves warm, not in its first minute
CHAT_WARMUP_S="${CHAT_WARMUP_S:-30}"
LLM_DELAY_MS="${LLM_DELAY_MS:-300}"
# a streamed answer's tokens come this far apart (hosted models generate ~50–150 tokens/s)
LLM_TOKEN_MS="${LLM_TOKEN_MS:-10}"
FANOUT_SOCKETS="${FANOUT_SOCKETS:-1000}"
FANOUT_ROUNDS="${FANOUT_ROUNDS:-10}"
# limits raised so that the load itself is measured, not the per-IP limit or the per-user AI quota
export RATE_LIMIT_MAX_REQUESTS="${RATE_LIMIT_MAX_REQUESTS:-1000000000}"
export AI_RATE_LIMIT_MAX_REQUESTS="${AI_RATE_LIMIT_MAX_REQUESTS:-1000000000}"
# sized for the chat scenario: 200 users thinking 2 s between questions, 300 ms per model call, keep up to
# ~200 / 2.3 s × 0.3 s ≈ 26 calls in flight (the defaults of 4 suit a rate-limited hosted model, not this)
export AI_MAX_CONCURRENT="${AI_MAX_CONCURRENT:-64}" QUERY_WORKERS="${QUERY_WORKERS:-64}"
export AI_MAX_TOOL_ROUNDS="${AI_MAX_TOOL_ROUNDS:-3}"
# the answer streams alongside the planning round (first token after one 300 ms call, not two)
export AI_SPECULATIVE_ANSWER="${AI_SPECULATIVE_ANSWER:-true}"
# the app's default: streamed tokens within 50 ms of the last frame share the next one (0: a frame per token)
export AI_TOKEN_FLUSH_MS="${AI_TOKEN_FLUSH_MS:-50}"
RESULTS="${BENCH_RESULTS:-bench/RESULTS.md}"
OUT="$ROOT/target/bench-load"
mkdir -p "$OUT"
STARTED_PIDS=()

log() { printf '[bench] %s\n' "$*" >&2; }

cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

ensure_wrk() {
  command -v wrk >/dev/null && return
  log "installing wrk from Debian"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
}

build() {
  if [ "${BENCH_SKIP_BUILD:-0}" = 1 ] && [ -f target/bench-load.classpath ] && [ -f "$OUT/prod/app/app.jsa" ]; then
    return
  fi
  log "building the jar and the bench classes"
  ./mvnw -B -ntp -q -Pbench-load package -DskipTests -Dskip.frontend -Dskip.deploycheck
  log "building the shipped layout (production jar, extracted, class-data-sharing training run)"
  build_production_layout
}

classpath() { echo "target/test-classes:target/classes:$(cat target/bench-load.classpath)"; }

psql_admin() { PGPASSWORD="$POSTGRES_PASSWORD" psql -q -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d postgres "$@"; }

fresh_db() {
  psql_admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}

jdbc_url() { echo "jdbc:postgresql://$POSTGRES_HOST:$POSTGRES_PORT/$1?user=$POSTGRES_USER&password=$POSTGRES_PASSWORD"; }

now_ms() { date +%s%3N; }

# wait_ready URL PID → milliseconds until URL answered 200 (fails after BENCH_READY_TIMEOUT_S or when the process died)
wait_ready() {
  local url="$1" pid="$2" start deadline
  start=$(now_ms); deadline=$((start + ${BENCH_READY_TIMEOUT_S:-600} * 1000))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { log "process $pid died"; return 1; }
    [ "$(now_ms)" -gt "$deadline" ] && { log "not ready: $url"; return 1; }
    sleep 0.1
  done
  echo $(($(now_ms) - start))
}

rss_mb() { awk -v key="$2" '$1 == key":" {printf "%d", $2 / 1024}' "/proc/$1/status"; }

# the peak VmRSS of PID while the scenario runs: rss_watch PID FILE & … kill
rss_watch() {
  local peak=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(rss_mb "$1" VmRSS || echo 0)
    [ "${now:-0}" -gt "$peak" ] && peak=$now && echo "$peak" >"$2"
    sleep 0.5
  done
}

with_rss() { # with_rss PID NAME command… → runs the command, records peak RSS in $OUT/NAME.rss
  local pid="$1" name="$2"; shift 2
  echo 0 >"$OUT/$name.rss"
  rss_watch "$pid" "$OUT/$name.rss" &
  local watcher=$!
  "$@"
  kill "$watcher" 2>/dev/null || true
  wait "$watcher" 2>/dev/null || true
}

kv() { # kv FILE KEY → the value of KEY=… on the RESULT line
  grep -ho "RESULT.*" "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}' | tail -1
}

JWT_SECRET_VALUE="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
NEO4J_PASSWORD_VALUE="bench-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"

app_env() { # the environment of an app instance against the machine's PostgreSQL
  echo POSTGRES_DB="$BENCH_DB" JWT_SECRET="$JWT_SECRET_VALUE" LOG_LEVEL=WARN \
       OPENAI_API_KEY=bench-fake-key OPENAI_BASE_URL="$(cat "$OUT/fake-llm.url")"
}

start_fake_llm() {
  rm -f "$OUT/fake-llm.url"
  java -Xmx128m -cp "$(classpath)" dev.devagent.bench.load.FakeLlmServer "$OUT/fake-llm.url" "$LLM_DELAY_MS" "$LLM_TOKEN_MS" \
    >"$OUT/fake-llm.log" 2>&1 &
  FAKE_LLM_PID=$!
  STARTED_PIDS+=($!)
  for _ in $(seq 100); do [ -s "$OUT/fake-llm.url" ] && return; sleep 0.1; done
  log "the fake LLM did not start"; return 1
}

start_neo4j() { # Neo4j in a process of its own (the topology's launcher), Bolt on APP_BOLT_PORT with a password
  rm -rf "$OUT/neo4j-data" && mkdir -p "$OUT/neo4j-data"
  NEO4J_PASSWORD="$NEO4J_PASSWORD_VALUE" java -Xmx512m -cp "$(cat target/bench-load.classpath)" \
    scripts/topology/Neo4jLauncher.java "$OUT/neo4j-data" "$APP_BOLT_PORT" >"$OUT/neo4j.log" 2>&1 &
  NEO4J_PID=$!
  STARTED_PIDS+=("$!")
  for _ in $(seq 1800); do grep -q "neo4j ready" "$OUT/neo4j.log" 2>/dev/null && return; sleep 0.1; done
  log "Neo4j did not start"; tail -n 20 "$OUT/neo4j.log" >&2; return 1
}

start_app() { # the instance the scenarios load: the shipped layout, the machine's PostgreSQL, Neo4j, the fake LLM
  fresh_db "$BENCH_DB"
  rm -rf "$OUT/data-main"
  log "starting the app as shipped (PostgreSQL $POSTGRES_HOST:$POSTGRES_PORT/$BENCH_DB, Neo4j bolt :$APP_BOLT_PORT, fake LLM)"
  # shellcheck disable=SC2046
  (cd "$OUT/prod/app" && exec env $(app_env) SPRING_PROFILES_ACTIVE=prod REGISTRATION_OPEN=true \
      PORT="$APP_PORT" WS_PORT="$APP_WS_PORT" NEO4J_URI="bolt://127.0.0.1:$APP_BOLT_PORT" NEO4J_USER=neo4j \
      NEO4J_PASSWORD="$NEO4J_PASSWORD_VALUE" DATA_DIR="$OUT/data-main" DJL_CACHE_DIR="$OUT/djl" \
      java $APP_JAVA_OPTS -XX:SharedArchiveFile=app.jsa -Xlog:cds=off -jar app.jar) >"$OUT/app.log" 2>&1 &
  APP_PID=$!
  STARTED_PIDS+=("$APP_PID")
  APP_READY_MS=$(wait_ready "http://127.0.0.1:$APP_PORT/readyz" "$APP_PID")
  log "app ready in ${APP_READY_MS} ms (pid $APP_PID, RSS $(rss_mb "$APP_PID" VmRSS) MB)"
}

# ---------------------------------------------------------------- read routes
run_wrk() { # run_wrk NAME URL PATH CONNECTIONS
  local name="$1" url="$2" path="$3" conns="$4"
  # a short warm-up so that the JIT and the pools are not what gets measured
  BENCH_PATH="$path" TOKEN="$TOKEN" USER_ID="$USER_ID" \
    wrk -t2 -c"$conns" -d5s -s bench/load/read.lua "$url" >/dev/null 2>&1 || true
  BENCH_PATH="$path" TOKEN="$TOKEN" USER_ID="$USER_ID" \
    wrk -t2 -c"$conns" -d"$READ_DURATION" --timeout 5s -s bench/load/read.lua "$url" >"$OUT/$name.out" 2>&1
  log "$name: $(grep RESULT "$OUT/$name.out")"
}

scenario_read() {
  java -cp "$(classpath)" dev.devagent.bench.load.ReadSeedClient "http://127.0.0.1:$APP_PORT" \
    "$(jdbc_url "$BENCH_DB")" "$OUT/read-seed.env" >"$OUT/read-seed.log" 2>&1
  # shellcheck disable=SC1090
  . "$OUT/read-seed.env"
  java -Xmx256m -XX:+UseG1GC -cp "$(classpath)" dev.devagent.bench.load.baseline.BaselineReadApp \
    --server.port="$BASELINE_PORT" --spring.datasource.url="$(jdbc_url "$BENCH_DB")" \
    --spring.datasource.hikari.maximum-pool-size="${POSTGRES_POOL_SIZE:-12}" >"$OUT/baseline-read.log" 2>&1 &
  local baseline=$!
  STARTED_PIDS+=("$baseline")
  wait_ready "http://127.0.0.1:$BASELINE_PORT/api/chat/conversations?bench-user=$USER_ID" "$baseline" >/dev/null
  for route in list messages; do
    local path="/api/chat/conversations"
    [ "$route" = messages ] && path="/api/chat/conversations/$CONVERSATION_ID/messages?limit=50"
    for c in $READ_CONNECTIONS; do
      with_rss "$APP_PID" "read-$route-$c-app" run_wrk "read-$route-$c-app" "http://127.0.0.1:$APP_PORT" "$path" "$c"
      with_rss "$baseline" "read-$route-$c-baseline" \
        run_wrk "read-$route-$c-baseline" "http://127.0.0.1:$BASELINE_PORT" "$path" "$c"
    done
  done
  kill "$baseline"; wait "$baseline" 2>/dev/null || true
}

# ---------------------------------------------------------------- CPU by process
cpu_s() { # cpu_s PID… → CPU seconds (user + system) the live processes have used so far
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat" 2>/dev/null) || t=0
    total=$((total + ${t:-0}))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}'
}

commits() { # transactions committed in the bench database so far (the statistics lag by up to a second)
  psql_admin -tAc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$BENCH_DB'"
}

cpu_reading() { # one line: app neo4j fake-llm postgres (every server process, backends included)
  echo "$(cpu_s "$APP_PID") $(cpu_s "$NEO4J_PID") $(cpu_s "$FAKE_LLM_PID") $(cpu_s $(pgrep -x postgres))"
}

# ---------------------------------------------------------------- chat intake
scenario_chat() {
  local before after started ended client watcher
  echo 0 >"$OUT/chat.rss"
  rss_watch "$APP_PID" "$OUT/chat.rss" &
  watcher=$!
  # a previous run's output must not be mistaken for this one's progress lines below
  rm -f "$OUT/chat.out"
  java -Xmx512m -cp "$(classpath)" dev.devagent.bench.load.ChatLoadClient "http://127.0.0.1:$APP_PORT" \
    "$APP_WS_PORT" "$CHAT_USERS" "$CHAT_DURATION_S" "$CHAT_THINK_MS" "$CHAT_WARMUP_S" >"$OUT/chat.out" 2>"$OUT/chat.err" &
  client=$!
  # CPU is counted over the measured load: from the end of the warm-up (after the sign-ins' password hashes)
  # to the last answer of the measured part (not the client's check of every question's status after it)
  until grep -q "^measuring" "$OUT/chat.out" 2>/dev/null || ! kill -0 "$client" 2>/dev/null; do sleep 0.1; done
  before=$(cpu_reading); started=$(now_ms); commits_before=$(commits)
  until grep -q "^measured" "$OUT/chat.out" 2>/dev/null || ! kill -0 "$client" 2>/dev/null; do sleep 0.1; done
  after=$(cpu_reading); ended=$(now_ms); commits_after=$(commits)
  wait "$client" || true
  kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true
  paste -d' ' <(echo "$before" | tr ' ' '\n') <(echo "$after" | tr ' ' '\n') \
    | awk -v client="$(kv "$OUT/chat.out" client_cpu_s)" -v wall="$(((ended - started) / 1000))" -v cpus="$(nproc)" \
      '{d[NR] = $2 - $1} END {printf "app %.1f, postgres %.1f, neo4j %.1f, fake LLM %.1f, load client %.1f (%d CPUs × %d s = %d available)\n", d[1], d[4], d[2], d[3], client, cpus, wall, cpus * wall}' \
    >"$OUT/chat.cpu"
  # transactions (each autocommitted statement is one) per question: the database round trips a question costs
  awk -v c="$((commits_after - commits_before))" -v wall="$(((ended - started) / 1000))" \
      -v qps="$(kv "$OUT/chat.out" throughput_qps)" 'BEGIN {printf "%.1f\n", c / wall / qps}' >"$OUT/chat.commits"
  log "chat: $(grep RESULT "$OUT/chat.out")"
  log "chat CPU seconds: $(cat "$OUT/chat.cpu"); PostgreSQL commits per question: $(cat "$OUT/chat.commits")"
}

# ---------------------------------------------------------------- push fan-out
scenario_fanout() {
  with_rss "$APP_PID" fanout-app java -Xmx512m -cp "$(classpath)" dev.devagent.bench.load.FanoutClient app \
    "http://127.0.0.1:$APP_PORT" "$APP_WS_PORT" "$FANOUT_SOCKETS" "$FANOUT_ROUNDS" "$OUT/fanout-frames.jsonl" \
    >"$OUT/fanout-app.out" 2>&1
  log "fan-out app: $(grep RESULT "$OUT/fanout-app.out")"
  java -Xmx256m -cp "$(classpath)" dev.devagent.bench.load.baseline.BaselinePushServer "$BASELINE_WS_PORT" \
    "$OUT/fanout-frames.jsonl" >"$OUT/baseline-push.log" 2>&1 &
  local baseline=$!
  STARTED_PIDS+=("$baseline")
  for _ in $(seq 600); do grep -q "baseline push server" "$OUT/baseline-push.log" && break; sleep 0.1; done
  grep -q "baseline push server" "$OUT/baseline-push.log" || { log "the baseline push server did not start"; return 1; }
  with_rss "$baseline" fanout-baseline java -Xmx512m -cp "$(classpath)" dev.devagent.bench.load.FanoutClient baseline \
    "http://127.0.0.1:$BASELINE_WS_PORT" "$BASELINE_WS_PORT" "$FANOUT_SOCKETS" "$FANOUT_ROUNDS" \
    "$OUT/fanout-frames.jsonl" >"$OUT/fanout-baseline.out" 2>&1
  log "fan-out baseline: $(grep RESULT "$OUT/fanout-baseline.out")"
  kill "$baseline"; wait "$baseline" 2>/dev/null || true
}

ran() { [[ " ${SCENARIOS[*]} " == *" $1 "* ]]; } # ran SCENARIO: was it asked for in this run

# ---------------------------------------------------------------- startup to ready
record_startup() { # record_startup NAME PORT PID: time to /readyz and RSS then, then stop the process
  local name="$1" port="$2" pid="$3" ms
  STARTED_PIDS+=("$pid")
  ms=$(wait_ready "http://127.0.0.1:$port/readyz" "$pid") || ms=failed
  echo "$ms $(rss_mb "$pid" VmRSS)" >"$OUT/$name.startup"
  log "$name: ready in $ms ms"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

# a server left on the port would answer /readyz at once and be measured instead
ensure_port_free() {
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/"; then
    log "port $1 is already in use: stop what listens there first"; exit 1
  fi
}

start_measured() { # start_measured NAME PORT [env options and assignments…]: time to /readyz, then stop
  local name="$1" port="$2"; shift 2
  ensure_port_free "$port"
  # shellcheck disable=SC2046
  env "$@" PORT="$port" WS_PORT=$((port + 1)) LOG_LEVEL=WARN JWT_SECRET="$JWT_SECRET_VALUE" DJL_CACHE_DIR="$OUT/djl" \
      java $APP_JAVA_OPTS --add-opens=java.base/java.nio=ALL-UNNAMED -jar target/developer-agent-*.jar \
      >"$OUT/$name.log" 2>&1 &
  record_startup "$name" "$port" $!
}

# the shipped layout (docker/api/Dockerfile): -Dproduction jar, extracted to app.jar + lib/, and the
# class-data-sharing archive of its training run
build_production_layout() {
  local dir="$OUT/prod"
  rm -rf "$dir" && mkdir -p "$dir/build"
  cp -R .mvn mvnw pom.xml src routes "$dir/build/"
  (cd "$dir/build" && ./mvnw -B -ntp -q -Dproduction -Dmaven.test.skip=true -Dskip.frontend -Dskip.deploycheck \
    -Dskip.topology package) >"$dir/build.log" 2>&1 || { tail -n 30 "$dir/build.log"; return 1; }
  java -Djarmode=tools -jar "$(ls "$dir"/build/target/developer-agent-*.jar | head -n 1)" extract \
    --destination "$dir/app" --application-filename app.jar >/dev/null
  sh docker/api/cds-train.sh "$dir/app" >"$dir/training.log" 2>&1
}

start_shipped() { # start_shipped NAME PORT [java options…]: the shipped layout, external databases
  local name="$1" port="$2"; shift 2
  ensure_port_free "$port"
  (cd "$OUT/prod/app" && exec env POSTGRES_DB="$BENCH_DB" NEO4J_URI="bolt://127.0.0.1:$APP_BOLT_PORT" \
      NEO4J_USER=neo4j NEO4J_PASSWORD="$NEO4J_PASSWORD_VALUE" \
      SPRING_PROFILES_ACTIVE=prod PORT="$port" WS_PORT=$((port + 1)) LOG_LEVEL=WARN JWT_SECRET="$JWT_SECRET_VALUE" \
      DATA_DIR="$OUT/data-external" DJL_CACHE_DIR="$OUT/djl" \
      java $APP_JAVA_OPTS "$@" -jar app.jar) >"$OUT/$name.log" 2>&1 &
  record_startup "$name" "$port" $!
}

scenario_startup() {
  rm -rf "$OUT/data-embedded"
  # embedded: nothing configured but ports and a data directory (first start initialises it, second reuses it)
  for run in first second; do
    start_measured "startup-embedded-$run" 3310 -u POSTGRES_HOST -u POSTGRES_PORT -u POSTGRES_USER -u POSTGRES_PASSWORD \
      -u NEO4J_URI DATA_DIR="$OUT/data-embedded" NEO4J_EMBEDDED_BOLT_PORT=7798
  done
  # external databases, as shipped: the machine's PostgreSQL (migrated database) and the Neo4j process; the
  # image's layout without and with its class-data-sharing archive
  start_shipped startup-shipped 3330
  start_shipped startup-shipped-cds 3340 -XX:SharedArchiveFile="$OUT/prod/app/app.jsa" -Xlog:cds=off
}

# ---------------------------------------------------------------- results
write_results() {
  local f="$RESULTS"
  {
    echo "# Benchmark results"
    echo
    echo "## Load (issue 8) — \`bench/load/run.sh\`"
    echo
    echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2/1024/1024}' /proc/meminfo) RAM," \
         "$(java -version 2>&1 | head -1), $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL" \
         "$(psql_admin -tAc 'SHOW server_version' | cut -d' ' -f1)"
    echo "- Load average before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) (the CPUs are shared with other builds)"
    echo "- Command: \`$RUN_COMMAND\`"
    echo "- App as shipped (docker/api/Dockerfile: production jar, extracted, class-data-sharing archive):" \
         "\`java $APP_JAVA_OPTS -XX:SharedArchiveFile=app.jsa -jar app.jar\`, PostgreSQL database \`$BENCH_DB\`" \
         "(fresh), Neo4j in its own process (scripts/topology/Neo4jLauncher.java), LLM fake at ${LLM_DELAY_MS} ms per call and ${LLM_TOKEN_MS} ms per streamed token; limits raised for the bench:" \
         "RATE_LIMIT_MAX_REQUESTS=$RATE_LIMIT_MAX_REQUESTS, AI_RATE_LIMIT_MAX_REQUESTS=$AI_RATE_LIMIT_MAX_REQUESTS;" \
         "AI_MAX_CONCURRENT=$AI_MAX_CONCURRENT, QUERY_WORKERS=$QUERY_WORKERS, AI_MAX_TOOL_ROUNDS=$AI_MAX_TOOL_ROUNDS, AI_SPECULATIVE_ANSWER=$AI_SPECULATIVE_ANSWER, AI_TOKEN_FLUSH_MS=$AI_TOKEN_FLUSH_MS, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
    echo "- Ready (main instance, to \`/readyz\` 200): ${APP_READY_MS:-?} ms; RSS at the end VmRSS" \
         "$(rss_mb "$APP_PID" VmRSS) MB, VmHWM $(rss_mb "$APP_PID" VmHWM) MB"
    echo
    # only the scenarios of this run: target/ may still hold the outputs of an earlier one
    if ran read && [ -f "$OUT/read-list-64-app.out" ]; then
      echo "### Read routes (wrk, ${READ_DURATION} per run after 5 s warm-up; goal p99 < 25 ms and ≥ 0.5× baseline)"
      echo
      echo "| route | conns | server | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MB | × baseline |"
      echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
      for route in list messages; do
        for c in $READ_CONNECTIONS; do
          local base_rps; base_rps=$(kv "$OUT/read-$route-$c-baseline.out" rps)
          for who in app baseline; do
            local o="$OUT/read-$route-$c-$who.out" rps ratio=""
            rps=$(kv "$o" rps)
            [ "$who" = app ] && ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "%.2f", a / b}')
            echo "| $route | $c | $who | $rps | $(kv "$o" p50_ms) | $(kv "$o" p95_ms) | $(kv "$o" p99_ms) |" \
                 "$(kv "$o" errors) | $(cat "$OUT/read-$route-$c-$who.rss") | $ratio |"
          done
        done
      done
      echo
    fi
    if ran chat && [ -f "$OUT/chat.out" ]; then
      local o="$OUT/chat.out"
      echo "### Chat intake ($CHAT_USERS users, ${CHAT_DURATION_S} s after ${CHAT_WARMUP_S} s of warm-up, think ${CHAT_THINK_MS} ms; goal intake p95 < 50 ms, first token p95 < 400 ms, 0 lost)"
      echo
      echo "| measure | count | p50 ms | p95 ms | p99 ms |"
      echo "| --- | --- | --- | --- | --- |"
      for m in intake first_token completed; do
        echo "| $m | $(kv "$o" ${m}_count) | $(kv "$o" ${m}_p50_ms) | $(kv "$o" ${m}_p95_ms) | $(kv "$o" ${m}_p99_ms) |"
      done
      echo
      echo "Accepted $(kv "$o" accepted), completed $(kv "$o" completed) ($(kv "$o" throughput_qps) queries/s)," \
           "rejected $(kv "$o" rejected), failed $(kv "$o" failed), **lost $(kv "$o" lost)**," \
           "no completion event within 120 s $(kv "$o" no_completion_event); app peak RSS $(cat "$OUT/chat.rss") MB."
      echo
      if [ -f "$OUT/chat.cpu" ]; then
        echo "CPU seconds spent over the measured load, by process (postgres: its server processes; backends that ended meanwhile are missed): $(cat "$OUT/chat.cpu"). PostgreSQL transactions committed per question: $(cat "$OUT/chat.commits" 2>/dev/null)."
        echo
      fi
    fi
    if ran fanout && [ -f "$OUT/fanout-app.out" ]; then
      echo "### Push fan-out ($FANOUT_SOCKETS sockets on one conversation, $FANOUT_ROUNDS answers; goal delivery p95 < 50 ms)"
      echo
      echo "| server | frames/answer | deliveries | missing | p50 ms | p95 ms | p99 ms | max ms | peak RSS MB |"
      echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
      for who in app baseline; do
        local o="$OUT/fanout-$who.out"
        [ -f "$o" ] || continue
        echo "| $who | $(kv "$o" frames_per_round) | $(kv "$o" deliveries) | $(kv "$o" missing) |" \
             "$(kv "$o" delivery_p50_ms) | $(kv "$o" delivery_p95_ms) | $(kv "$o" delivery_p99_ms) |" \
             "$(kv "$o" delivery_max_ms) | $(cat "$OUT/fanout-$who.rss") |"
      done
      echo
    fi
    if ran startup; then
      echo "### Startup to ready (process start → \`/readyz\` 200; goal < 20 s embedded, < 6 s external)"
      echo
      echo "embedded: the development jar with nothing configured (first start creates the data, second reuses it);"
      echo "shipped: the image's layout (production jar without the embedded engines, extracted) against the"
      echo "machine's PostgreSQL and the Neo4j process; shipped-cds: the same with the image's class-data-sharing archive."
      echo
      echo "| instance | ms | RSS at ready MB |"
      echo "| --- | --- | --- |"
      for s in embedded-first embedded-second shipped shipped-cds; do
        [ -f "$OUT/startup-$s.startup" ] || continue
        read -r ms rss <"$OUT/startup-$s.startup"
        echo "| $s | $ms | $rss |"
      done
      echo
    fi
  } >"$f.load"
  # keep whatever else RESULTS.md holds (other benchmarks write their own sections)
  if [ -f "$f" ] && grep -q '^## Load (issue 8)' "$f"; then
    awk 'FNR == NR {load = load $0 "\n"; next}
         /^## Load \(issue 8\)/ {skip = 1; printf "%s", substr(load, index(load, "## Load")); next}
         /^## / && skip {skip = 0}
         !skip' "$f.load" "$f" >"$f.new" && mv "$f.new" "$f"
  elif [ -f "$f" ]; then
    { cat "$f"; echo; sed -n '/^## Load/,$p' "$f.load"; } >"$f.new" && mv "$f.new" "$f"
  else
    mv "$f.load" "$f"
  fi
  rm -f "$f.load"
  log "wrote $f"
}

RUN_COMMAND="bench/load/run.sh ${SCENARIOS[*]}"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
ensure_wrk
build
start_fake_llm
start_neo4j
start_app
for s in "${SCENARIOS[@]}"; do
  log "scenario $s"
  "scenario_$s"
done
write_results
