#!/usr/bin/env bash
# Writes DIR/tls.crt and DIR/tls.key: a self-signed certificate for local TLS (nginx -t, the one-machine
# production topology). Names: localhost, 127.0.0.1, ::1 and any extra DNS names given after DIR.
# Kept when both files exist already.
set -euo pipefail

dir="${1:?usage: self-signed-cert.sh DIR [DNS-NAME...]}"
shift
mkdir -p "$dir"
if [[ -s "$dir/tls.crt" && -s "$dir/tls.key" ]]; then
  exit 0
fi

san="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do
  san="$san,DNS:$name"
done

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
  -subj "/CN=${1:-localhost}" -addext "subjectAltName=$san" \
  -addext "keyUsage=digitalSignature" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
chmod 600 "$dir/tls.key"
