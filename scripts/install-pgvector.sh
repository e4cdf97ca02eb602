#!/usr/bin/env bash
# Install the pgvector extension into a Debian bookworm PostgreSQL (15 by default).
#
# Bookworm ships no pgvector binary package, but Debian's source package (from
# trixie) builds cleanly against postgresql-server-dev-<major>. We fetch that
# source through a throw-away apt configuration (deb-src only, same mirror and
# keyring as the system's Debian source), so /etc/apt and the system package
# lists are never changed and no trixie binary package can ever be installed.
#
# Environment (all optional):
#   PG_CONFIG              pg_config of the target server
#                          (default /usr/lib/postgresql/$PG_MAJOR/bin/pg_config)
#   PG_MAJOR               default 15; only used to find pg_config
#   PGVECTOR_SRC_SUITE     Debian suite to take the source from (default trixie)
#   PGVECTOR_EXTRA_PREFIX  also copy vector.so, vector.control and vector--*.sql
#                          into <prefix>/lib and <prefix>/share/extension (or
#                          lib/postgresql and share/postgresql/extension if those
#                          exist), e.g. for an embedded PostgreSQL
#   PGHOST/PGPORT/PGUSER   server used for the final check
#                          (default 127.0.0.1 / 5432 / postgres)
#   PGVECTOR_SKIP_VERIFY=1 skip the final CREATE EXTENSION check
set -euo pipefail

log() { printf '[install-pgvector] %s\n' "$*"; }
die() { printf '[install-pgvector] ERROR: %s\n' "$*" >&2; exit 1; }

PG_MAJOR="${PG_MAJOR:-15}"
if [[ -z "${PG_CONFIG:-}" ]]; then
  # Prefer the versioned pg_config: /usr/bin/pg_config may belong to libpq-dev
  # and report another major version.
  if [[ -x "/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config" ]]; then
    PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
  else
    PG_CONFIG="$(command -v pg_config || true)"
  fi
fi
[[ -n "$PG_CONFIG" && -x "$PG_CONFIG" ]] || die "pg_config not found (set PG_CONFIG)"
export PG_CONFIG

SHAREDIR="$("$PG_CONFIG" --sharedir)"
PKGLIBDIR="$("$PG_CONFIG" --pkglibdir)"
# "PostgreSQL 15.20 (Debian ...)" -> 15
MAJOR="$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')"
CONTROL="$SHAREDIR/extension/vector.control"

# Optional copy into a second PostgreSQL tree (cheap, so done on every run).
copy_extra() {
  local prefix="${PGVECTOR_EXTRA_PREFIX:-}" libdir extdir
  [[ -n "$prefix" ]] || return 0
  libdir="$prefix/lib";             [[ -d "$prefix/lib/postgresql" ]] && libdir="$prefix/lib/postgresql"
  extdir="$prefix/share/extension"; [[ -d "$prefix/share/postgresql/extension" ]] && extdir="$prefix/share/postgresql/extension"
  mkdir -p "$libdir" "$extdir"
  cp -f "$PKGLIBDIR/vector.so" "$libdir/"
  cp -f "$SHAREDIR/extension/vector.control" "$SHAREDIR"/extension/vector--*.sql "$extdir/"
  log "copied pgvector into $libdir and $extdir"
}

# Fast path: already installed -> no apt, no network, no root needed.
if [[ -f "$CONTROL" ]]; then
  log "pgvector already installed for PostgreSQL $MAJOR ($CONTROL, $(grep -E '^default_version' "$CONTROL" | tr -d " '"))"
  copy_extra
  exit 0
fi

# apt and make install need root: re-run the whole script through sudo.
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null || die "must run as root (sudo not available)"
  log "not root, re-running with sudo"
  exec sudo --preserve-env=PG_CONFIG,PG_MAJOR,PGVECTOR_SRC_SUITE,PGVECTOR_EXTRA_PREFIX,PGHOST,PGPORT,PGUSER,PGVECTOR_SKIP_VERIFY \
    bash "$0" "$@"
fi

command -v apt-get >/dev/null || die "apt-get not found: this script targets Debian"
export DEBIAN_FRONTEND=noninteractive
SUITE="${PGVECTOR_SRC_SUITE:-trixie}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

# Remember when the running server started, to prove afterwards that the
# package installation did not restart it.
server_start() {
  psql -X -At -d postgres -c 'SELECT pg_postmaster_start_time()' 2>/dev/null || true
}
START_BEFORE="$(server_start)"

# --- 1. build dependencies: install ONLY what is missing ----------------------
# Naming an already-installed package would upgrade it, and an upgrade of the
# server packages can restart the running cluster.
is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" == ii* ]]
}
missing=()
for pkg in "postgresql-server-dev-$MAJOR" make gcc libc6-dev dpkg-dev; do
  is_installed "$pkg" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing missing build packages: ${missing[*]}"
  # Try with the current package lists first; refresh them only if that fails.
  if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  log "build packages already present"
fi

# --- 2. fetch the Debian source package through a private apt config ---------
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# apt downloads as the unprivileged _apt user: let it into the work dir.
chmod 0755 "$WORK"
mkdir -p "$WORK/lists/partial" "$WORK/parts" "$WORK/src"
if id _apt >/dev/null 2>&1; then chown -R _apt:root "$WORK/lists" "$WORK/src"; fi

# Reuse the URI and keyring of the system's main Debian source (deb822 or
# one-line format); fall back to the official defaults.
URI="" KEYRING=""
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] || continue
  read -r URI KEYRING < <(awk '
    function flush() { if (uri ~ /\/debian\/?$/ && !done) { print uri, sig; done = 1 } uri = sig = "" }
    /^[[:space:]]*$/        { flush(); next }
    /^URIs:/                { uri = $2 }
    /^Signed-By:[[:space:]]*\// { sig = $2 }
    END                     { flush() }' "$f") || true
  [[ -n "$URI" ]] && break
done
if [[ -z "$URI" ]]; then
  line="$(grep -hE '^[[:space:]]*deb[[:space:]].*/debian/?[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1 || true)"
  URI="$(grep -oE '(https?|file)://[^ ]*/debian/?' <<<"$line" | head -n1 || true)"
  KEYRING="$(grep -oE 'signed-by=[^] ]*' <<<"$line" | cut -d= -f2 || true)"
fi
URI="${URI:-http://deb.debian.org/debian}"
if [[ -z "$KEYRING" && -f /usr/share/keyrings/debian-archive-keyring.gpg ]]; then
  KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
fi
log "fetching pgvector source from $URI $SUITE (deb-src only, keyring ${KEYRING:-apt default})"

cat >"$WORK/src.sources" <<EOF
Types: deb-src
URIs: $URI
Suites: $SUITE
Components: main
${KEYRING:+Signed-By: $KEYRING}
EOF
# Private sources, lists and no package caches: nothing outside $WORK changes.
APT_OPTS=(
  -o "Dir::Etc::sourcelist=$WORK/src.sources"
  -o "Dir::Etc::sourceparts=$WORK/parts"
  -o "Dir::State::Lists=$WORK/lists"
  -o "Dir::Cache::pkgcache="
  -o "Dir::Cache::srcpkgcache="
)
apt-get "${APT_OPTS[@]}" update
(cd "$WORK/src" && apt-get "${APT_OPTS[@]}" source pgvector)

# apt-get source normally unpacks already; unpack by hand if it did not.
SRCDIR="$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
if [[ -z "$SRCDIR" ]]; then
  dsc="$(find "$WORK/src" -maxdepth 1 -name 'pgvector_*.dsc' | head -n1)"
  [[ -n "$dsc" ]] || die "pgvector source package not downloaded"
  (cd "$WORK/src" && dpkg-source -x "$(basename "$dsc")")
  SRCDIR="$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
fi
[[ -n "$SRCDIR" ]] || die "could not unpack pgvector source"
log "building $(basename "$SRCDIR") against $("$PG_CONFIG" --version)"

# --- 3. build and install -----------------------------------------------------
# OPTFLAGS="" drops -march=native so the library runs on any x86-64 CPU.
make -C "$SRCDIR" USE_PGXS=1 OPTFLAGS="" PG_CONFIG="$PG_CONFIG" -j"$(nproc)"
make -C "$SRCDIR" USE_PGXS=1 OPTFLAGS="" PG_CONFIG="$PG_CONFIG" install
[[ -f "$CONTROL" ]] || die "make install did not produce $CONTROL"
log "installed $(grep -E '^default_version' "$CONTROL" | tr -d " '") into $PKGLIBDIR and $SHAREDIR/extension"
copy_extra

# --- 4. verify in a throw-away database ---------------------------------------
if [[ "${PGVECTOR_SKIP_VERIFY:-0}" == 1 ]]; then
  log "verification skipped (PGVECTOR_SKIP_VERIFY=1)"
  exit 0
fi
if [[ -z "$(server_start)" ]]; then
  log "WARNING: no PostgreSQL reachable at $PGHOST:$PGPORT as $PGUSER; skipping verification"
  exit 0
fi
PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'DROP DATABASE IF EXISTS pgvector_check' -c 'CREATE DATABASE pgvector_check'
verify_rc=0
psql -X -v ON_ERROR_STOP=1 -d pgvector_check \
  -c 'CREATE EXTENSION IF NOT EXISTS vector' \
  -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" \
  -c "SELECT '[1,2,3]'::vector <-> '[4,5,6]'::vector AS l2_distance" || verify_rc=$?
PGOPTIONS='-c client_min_messages=warning' psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS pgvector_check'
((verify_rc == 0)) || die "CREATE EXTENSION vector failed"

START_AFTER="$(server_start)"
if [[ -n "$START_BEFORE" && "$START_BEFORE" != "$START_AFTER" ]]; then
  log "WARNING: PostgreSQL was restarted during the installation (started $START_BEFORE, now $START_AFTER)"
else
  log "PostgreSQL still up, not restarted (running since $START_AFTER)"
fi
log "done"
