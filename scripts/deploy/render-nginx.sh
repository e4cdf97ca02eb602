#!/usr/bin/env bash
# Renders the real nginx configs of docker/nginx into a self-contained prefix, for `nginx -t` and for
# running them outside containers (the one-machine production topology):
#
#   OUT/edge/nginx.conf   edge proxy: TLS, headers, limits, /api /ws / proxied  (nginx -p OUT/edge -c OUT/edge/nginx.conf)
#   OUT/spa/nginx.conf    static SPA server                                      (nginx -p OUT/spa  -c OUT/spa/nginx.conf)
#
# Only paths and ports are rewritten; every directive is the one the images use.
# Settings (environment): SERVER_NAME (localhost), API_HTTP_UPSTREAM (127.0.0.1:3000),
# API_WS_UPSTREAM (127.0.0.1:3001), SPA_UPSTREAM (127.0.0.1:$SPA_PORT), HTTP_PORT (80), HTTPS_PORT (443),
# SPA_PORT (8080), SPA_ROOT (frontend/dist), CERT_DIR (a self-signed pair is generated there if missing;
# default OUT/certs), MIME_TYPES (/etc/nginx/mime.types).
set -euo pipefail

out="${1:?usage: render-nginx.sh OUT_DIR}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
src="$repo/docker/nginx"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

export SERVER_NAME="${SERVER_NAME:-localhost}"
export SPA_PORT="${SPA_PORT:-8080}"
export API_HTTP_UPSTREAM="${API_HTTP_UPSTREAM:-127.0.0.1:3000}"
export API_WS_UPSTREAM="${API_WS_UPSTREAM:-127.0.0.1:3001}"
export SPA_UPSTREAM="${SPA_UPSTREAM:-127.0.0.1:$SPA_PORT}"
http_port="${HTTP_PORT:-80}"
https_port="${HTTPS_PORT:-443}"
spa_root="${SPA_ROOT:-$repo/frontend/dist}"
cert_dir="${CERT_DIR:-$out/certs}"
mime_types="${MIME_TYPES:-/etc/nginx/mime.types}"

[[ -r "$mime_types" ]] || { echo "render-nginx: $mime_types not found (install nginx or set MIME_TYPES)" >&2; exit 1; }
bash "$repo/scripts/deploy/self-signed-cert.sh" "$cert_dir" "$SERVER_NAME"

for side in edge spa; do
  rm -rf "${out:?}/$side"
  mkdir -p "$out/$side/conf.d" "$out/$side/snippets" "$out/$side/tmp"
  cp "$mime_types" "$out/$side/mime.types"
  cp "$src"/snippets/*.conf "$out/$side/snippets/"
done

# Absolute paths of the images → the prefix, through placeholders so that an OUT_DIR under /tmp is not
# rewritten twice.
relocate() {
  local side="$1"
  sed -e "s#/etc/nginx/certs/#@@CERT@@/#g" \
      -e "s#/etc/nginx/#@@SIDE@@/#g" \
      -e "s#/tmp/#@@TMP@@#g" \
      -e "s#/usr/share/nginx/html#@@SPA@@#g" \
      -e "s#@@CERT@@#$cert_dir#g; s#@@TMP@@#$out/$side/tmp/#g; s#@@SIDE@@#$out/$side#g; s#@@SPA@@#$spa_root#g"
}

relocate edge < "$src/edge/nginx.conf" > "$out/edge/nginx.conf"
# On another port than 443 the redirect to HTTPS has to name it.
redirect='s#^#&#'
if [[ "$https_port" != 443 ]]; then
  redirect="s#return 301 https://\$host\$request_uri;#return 301 https://\$host:$https_port\$request_uri;#"
fi
vars='${SERVER_NAME} ${API_HTTP_UPSTREAM} ${API_WS_UPSTREAM} ${SPA_UPSTREAM}'
envsubst "$vars" < "$src/edge/templates/default.conf.template" | relocate edge \
  | sed -e "s#listen 80;#listen $http_port;#; s#listen \[::\]:80;#listen [::]:$http_port;#" \
        -e "s#listen 443 ssl#listen $https_port ssl#; s#listen \[::\]:443 ssl#listen [::]:$https_port ssl#" \
        -e "$redirect" \
  > "$out/edge/conf.d/default.conf"

relocate spa < "$src/spa/nginx.conf" \
  | sed -e "s#listen 8080;#listen $SPA_PORT;#; s#listen \[::\]:8080;#listen [::]:$SPA_PORT;#" \
  > "$out/spa/nginx.conf"

echo "render-nginx: $out/edge/nginx.conf (https :$https_port, http :$http_port) and $out/spa/nginx.conf (:$SPA_PORT, root $spa_root)"
