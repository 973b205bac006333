#!/usr/bin/env bash
# `npm test`: the whole suite — typecheck, lint, unit, integration on embedded PGlite and on a
# real PostgreSQL server (started here in a temp directory), then e2e in Debian's Chromium.
# Ends with one line "Total: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ="${TZ:-UTC}" # the suite must not depend on the machine's zone; tests pin Asia/Ho_Chi_Minh where it matters
REPORTS=tests/.tmp/reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

step() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

# --- system parts -------------------------------------------------------------------------
need_apt=()
CHROMIUM="${CHROMIUM_PATH:-$(command -v chromium || true)}"
[ -n "$CHROMIUM" ] || need_apt+=(chromium)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils) # tests read our PDFs back
# The app strips judges' copies of evidence with these (app/server/judging/judge-copy.server.ts).
command -v exiftool >/dev/null || need_apt+=(libimage-exiftool-perl)
command -v qpdf >/dev/null || need_apt+=(qpdf)
command -v ffmpeg >/dev/null || need_apt+=(ffmpeg)
# S3 server (OpenStack Swift's s3api) for tests/integration/two-instances.test.ts.
/usr/bin/python3 -c "import swift.common.middleware.s3api" 2>/dev/null || need_apt+=(python3-swift)
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}"
if [ -z "${TEST_DATABASE_URL:-}" ] && [ ! -x "${PG_BIN:-/nonexistent}/initdb" ]; then need_apt+=(postgresql); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    step "Installing ${need_apt[*]} (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    CHROMIUM="${CHROMIUM_PATH:-$(command -v chromium)}"
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  else
    echo "Missing system packages: ${need_apt[*]}. Install them with:"
    echo "  sudo apt-get install -y ${need_apt[*]}"
    echo "(or set CHROMIUM_PATH / TEST_DATABASE_URL to ones you have)"
    exit 1
  fi
fi
export CHROMIUM_PATH="$CHROMIUM"

# --- a throwaway PostgreSQL server ----------------------------------------------------------
PG_DIR=""
cleanup() {
  if [ -n "$PG_DIR" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    else "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$PG_DIR"
  fi
}
trap cleanup EXIT
start_postgres() {
  PG_DIR="$(mktemp -d /tmp/gbc-pg.XXXXXX)"
  local port=$(( 20000 + RANDOM % 20000 ))
  local as=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; as=(runuser -u postgres --); fi
  "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

step "Typecheck";   npm run -s typecheck
step "Lint";        npm run -s lint
step "Unit tests";  npx vitest run --project unit --reporter=default --reporter=json --outputFile="$REPORTS/unit.json"
step "Build";       npm run -s build >/dev/null && echo "built"
step "Integration tests on PGlite"
TEST_DB=pglite npx vitest run --project integration --reporter=default --reporter=json --outputFile="$REPORTS/integration-pglite.json"
step "Integration tests on PostgreSQL"
[ -n "${TEST_DATABASE_URL:-}" ] || start_postgres
TEST_DB=postgres npx vitest run --project integration --reporter=default --reporter=json --outputFile="$REPORTS/integration-postgres.json"
step "End-to-end tests in Chromium"
PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json" npx playwright test --reporter=list,json
node scripts/test-summary.mjs "$REPORTS"
