#!/usr/bin/env bash
# Proves that scripts/check-deploy.sh rejects broken files: each case copies the repository's deploy kit,
# breaks one thing, runs the one check that must catch it, and fails if that check passes.
# Uses the tools already installed by check-deploy.sh (DEPLOY_TOOLS_DIR, default .tools).
set -uo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
tools="${DEPLOY_TOOLS_DIR:-$repo/.tools}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

copy_repo() {
  local dest="$1"
  mkdir -p "$dest"
  (cd "$repo" && tar -cf - --exclude=./.tools --exclude=./target --exclude=./data --exclude=./.git \
      --exclude=./frontend/node_modules .) | tar -xf - -C "$dest"
}

failures=0
cases=0

# expect_rejected NAME CHECK FILE SED-EXPRESSION: the edited copy must fail CHECK.
expect_rejected() {
  local name="$1" check="$2" file="$3" edit="$4"
  local dest="$work/$name"
  cases=$((cases + 1))
  copy_repo "$dest"
  sed -i -e "$edit" "$dest/$file"
  if cmp -s "$repo/$file" "$dest/$file"; then
    echo "  ✗ $name: the edit changed nothing in $file"
    failures=$((failures + 1))
    return
  fi
  if DEPLOY_TOOLS_DIR="$tools" bash "$dest/scripts/check-deploy.sh" "$check" > "$dest.log" 2>&1; then
    echo "  ✗ $name: check '$check' passed a broken $file"
    failures=$((failures + 1))
  else
    echo "  ✓ $name: rejected by '$check': $(grep -m1 -E '✗|error|Error|FAILED:|emerg|differ|not pinned|out of date' "$dest.log" | sed -E 's/^[[:space:]]+//' | cut -c1-150)"
  fi
  rm -rf "$dest"
}

expect_rejected misspelt-k8s-field k8s k8s/base/api-deployment.yaml 's/imagePullPolicy: IfNotPresent/imagePullPolcy: IfNotPresent/'
expect_rejected root-filesystem-writable k8s k8s/base/frontend-deployment.yaml 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/'
expect_rejected unknown-metric metric-refs monitoring/grafana/dashboards/overview.json 's/websocket_connections_active{/websocket_connection_active{/'
expect_rejected unknown-label metric-refs monitoring/prometheus/rules/developer-agent.rules.yml '0,/route=~"\/api\/.\*"/s//path=~"\/api\/.*"/'
expect_rejected missing-runbook-section metric-refs docs/runbook.md 's/^## JvmHeapPressure$/## JvmHeap/'
expect_rejected alert-threshold-changed rules-tests monitoring/prometheus/rules/developer-agent.rules.yml 's/> 0.9$/> 0.99/'
expect_rejected unpinned-action workflows .github/workflows/ci.yml '0,/actions\/checkout@[0-9a-f]\{40\}/s//actions\/checkout@v4/'
expect_rejected bad-workflow-expression workflows .github/workflows/cd.yml 's/needs.plan.outputs.environment }}/needs.plan.outputs.enviroment }}/'
expect_rejected compose-unknown-key compose compose/compose.prod.yaml '0,/    restart: unless-stopped/s//    restart: unless-stopped\n    restarts: always/'
expect_rejected secret-in-env-template compose .env.production.template 's/^JWT_SECRET=.*/JWT_SECRET=abc123/'
expect_rejected dockerfile-bad-flag dockerfiles docker/api/Dockerfile 's/HEALTHCHECK --interval=30s/HEALTHCHECK --intervl=30s/'
expect_rejected nginx-bad-directive nginx docker/nginx/edge/templates/default.conf.template 's/ssl_session_tickets off;/ssl_session_tickets of;/'
expect_rejected routes-out-of-sync k8s routes/ops.camel.yaml '1s/^/# edited\n/'

echo "selftest: $cases broken variants, $((cases - failures)) rejected, $failures slipped through"
exit $((failures > 0))
