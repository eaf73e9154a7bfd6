#!/usr/bin/env bash
# The pages under load on an existing national data set (not part of CI; figures go to
# docs/benchmarks.md): the overview `/dashboard`, logged in, and a public indicator page, each
# under `wrk -t2 -c256 -d20s` on loopback against a release build.
#
#   scripts/bench-pages.sh DATA_DIR        a SQLite data folder made by
#                                          `binhdang demo --scale national --no-serve --data-dir DATA_DIR`
#   BINHDANG_DATABASE_URL=postgres://… scripts/bench-pages.sh
#                                          a PostgreSQL database holding it
# (scripts/bench-national.sh builds the data set and runs this part too.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/binhdang
[[ -x "$BIN" ]] || cargo build --release -p binhdang
export BINHDANG_LOG=warn
if [[ -z "${BINHDANG_DATABASE_URL:-}" ]]; then
    export BINHDANG_DATA_DIR=${1:?give the data folder of the national data set, or set BINHDANG_DATABASE_URL}
fi
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null

echo "bench-password" | "$BIN" user add --username bench --display-name "Đo hiệu năng" \
    --agency BNV --role admin --password-stdin >/dev/null 2>&1 || true
PORT=$((20000 + RANDOM % 10000))
"$BIN" serve --listen "127.0.0.1:$PORT" >/dev/null 2>&1 & SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
COOKIE=$(python3 scripts/bench-http.py cookie "$BASE" bench bench-password)
# The first visits load the engine and compute the answers; the runs measure the pages after.
curl -sf -H "Cookie: $COOKIE" "$BASE/dashboard" >/dev/null
curl -sf "$BASE/public/indicators/MT1.CT1" >/dev/null
for page in /dashboard /public/indicators/MT1.CT1; do
    echo "== $page"
    if [[ $page == /dashboard ]]; then
        wrk -t2 -c256 -d20s --latency -H "Cookie: $COOKIE" "$BASE$page"
    else
        wrk -t2 -c256 -d20s --latency "$BASE$page"
    fi | grep -E "Requests/sec|99%|50%|Non-2xx|Socket"
done
echo "server RSS: $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' /proc/$SERVER/status)"
