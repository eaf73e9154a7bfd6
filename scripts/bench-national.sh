#!/usr/bin/env bash
# The national benchmarks (not part of CI; figures go to docs/benchmarks.md):
#   1. `binhdang demo --scale national`: the data set (about ten million approved values);
#   2. bulk export and import of the same file on SQLite and PostgreSQL, beside each database's
#      own bulk loader on that file (the sqlite3 shell's .import, PostgreSQL's COPY), with the
#      import's peak memory;
#   3. the analytics engine against SQL GROUP BY on both databases (cargo bench --bench national)
#      and against DuckDB over Parquet (the Python package, in a virtual environment).
#
# Needs a PostgreSQL server: BD_TEST_POSTGRES_URL (a role that may create databases), as for the
# tests. BD_BENCH_DIR is the work folder (default: a new temporary folder; ~8 GB).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG=${BD_TEST_POSTGRES_URL:?set BD_TEST_POSTGRES_URL to a PostgreSQL server}
DIR=${BD_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$DIR"
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/binhdang
cargo build --release -p binhdang
export BINHDANG_LOG=warn
unset BINHDANG_DATABASE_URL

peak() { grep -E "Maximum resident" "$1" | awk '{printf "%.0f MiB", $6/1024}'; }
seconds() { grep -E "Elapsed \(wall" "$1" | awk '{print $8}'; }
note() { printf '\n== %s\n' "$*"; }

note "national data set"
rm -rf "$DIR/national"
/usr/bin/time -v "$BIN" demo --scale national --seed 1 --no-serve --data-dir "$DIR/national" 2>"$DIR/demo.time" | tail -n 4
echo "wall $(seconds "$DIR/demo.time"), peak $(peak "$DIR/demo.time")"

note "export values, SQLite"
rm -f "$DIR/national.csv"
BINHDANG_DATA_DIR="$DIR/national" /usr/bin/time -v "$BIN" export values --output "$DIR/national.csv" 2>"$DIR/export.time"
grep "Đã xuất" "$DIR/export.time"; echo "peak $(peak "$DIR/export.time")"
ROWS=$(($(wc -l <"$DIR/national.csv") - 1))
echo "$ROWS values, $(du -m "$DIR/national.csv" | cut -f1) MB"

note "import values, SQLite (a fresh database with the registry)"
rm -rf "$DIR/fresh"
BINHDANG_DATA_DIR="$DIR/fresh" "$BIN" import units >/dev/null
BINHDANG_DATA_DIR="$DIR/fresh" /usr/bin/time -v "$BIN" import values --input "$DIR/national.csv" 2>"$DIR/import.time" | tail -n 1
echo "peak $(peak "$DIR/import.time")"

note "sqlite3 .import of the same file (a staging table without keys)"
rm -f "$DIR/peer.db"
sqlite3 "$DIR/peer.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE staging (form TEXT, element TEXT, option_combo TEXT, period TEXT, unit_code TEXT, unit_name TEXT, province_code TEXT, level TEXT, value TEXT, status TEXT, source TEXT, last_updated TEXT, comment TEXT);" >/dev/null
start=$(date +%s.%N)
sqlite3 "$DIR/peer.db" ".import --csv --skip 1 $DIR/national.csv staging"
end=$(date +%s.%N)
echo "sqlite3 .import: $(echo "$end - $start" | bc) s, $(echo "$ROWS / ($end - $start)" | bc) values/s"

note "import and export values, PostgreSQL"
DB="bd_national_$$"
ADMIN_BASE=${PG%/*}
psql "$PG" -qc "CREATE DATABASE $DB" >/dev/null
PGDB="$ADMIN_BASE/$DB"
BINHDANG_DATABASE_URL="$PGDB" "$BIN" import units >/dev/null
BINHDANG_DATABASE_URL="$PGDB" "$BIN" import indicators >/dev/null
BINHDANG_DATABASE_URL="$PGDB" /usr/bin/time -v "$BIN" import values --input "$DIR/national.csv" 2>"$DIR/pgimport.time" | tail -n 1
echo "peak $(peak "$DIR/pgimport.time")"
rm -f "$DIR/pg.csv"
BINHDANG_DATABASE_URL="$PGDB" "$BIN" export values --output "$DIR/pg.csv" 2>&1 | grep "Đã xuất"
cmp <(cut -d, -f1-10 "$DIR/national.csv" | sort) <(cut -d, -f1-10 "$DIR/pg.csv" | sort) >/dev/null && echo "the PostgreSQL export holds the same values" || echo "EXPORTS DIFFER"

note "PostgreSQL COPY of the same file (a staging table without keys)"
psql "$PGDB" -qc "CREATE TABLE staging (form TEXT, element TEXT, option_combo TEXT, period TEXT, unit_code TEXT, unit_name TEXT, province_code TEXT, level TEXT, value TEXT, status TEXT, source TEXT, last_updated TEXT, comment TEXT)"
start=$(date +%s.%N)
psql "$PGDB" -qc "\\copy staging FROM '$DIR/national.csv' WITH (FORMAT csv, HEADER true)"
end=$(date +%s.%N)
echo "COPY: $(echo "$end - $start" | bc) s, $(echo "$ROWS / ($end - $start)" | bc) values/s"
psql "$PGDB" -qc "DROP TABLE staging"

note "PostgreSQL COPY of the stored values (one row per report) into a copy of their table, with its keys"
psql "$PGDB" -qc "\\copy report_data TO '$DIR/values.tsv'"
psql "$PGDB" -qc "CREATE TABLE peer_data (LIKE report_data INCLUDING ALL); \
    ALTER TABLE peer_data ADD FOREIGN KEY (report_id) REFERENCES reports (id)"
start=$(date +%s.%N)
psql "$PGDB" -qc "\\copy peer_data FROM '$DIR/values.tsv'"
end=$(date +%s.%N)
echo "COPY with the keys checked: $(echo "$end - $start" | bc) s, $(echo "$ROWS / ($end - $start)" | bc) values/s"
psql "$PGDB" -qc "DROP TABLE peer_data"
rm -f "$DIR/values.tsv"

note "SQLite's own ceiling into the value table (the bundled SQLite, no parsing, no checks)"
AMALGAMATION=$(cargo metadata --format-version 1 | python3 -c \
    'import json, sys, os; print(next(os.path.dirname(p["manifest_path"]) for p in json.load(sys.stdin)["packages"] if p["name"] == "libsqlite3-sys"))')/sqlite3
gcc -O2 -I"$AMALGAMATION" -o "$DIR/sqlite-ceiling" scripts/sqlite-ceiling.c "$AMALGAMATION/sqlite3.c" -lpthread -ldl -lm 2>/dev/null
for mode in 0 1; do rm -f "$DIR/ceiling.db"*; "$DIR/sqlite-ceiling" $mode "$ROWS" "$DIR/ceiling.db"; done
rm -f "$DIR/ceiling.db"*

note "analytics: engine and SQL GROUP BY, SQLite"
BD_BENCH_URL="sqlite://$DIR/national/binhdang.db" BD_BENCH_DUCKDB_DIR="$DIR/duck" cargo bench -q -p binhdang --bench national
note "analytics: engine and SQL GROUP BY, PostgreSQL"
BD_BENCH_URL="$PGDB" cargo bench -q -p binhdang --bench national

note "analytics: DuckDB over Parquet"
VENV=${BD_BENCH_VENV:-$DIR/venv}
[[ -x "$VENV/bin/python" ]] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q duckdb; }
"$VENV/bin/python" scripts/bench-duckdb.py "$DIR/duck"

note "HTTP: freshness across two servers on one PostgreSQL, /api/analytics, pages under wrk"
echo "bench-password" | BINHDANG_DATABASE_URL="$PGDB" "$BIN" user add --username bench --display-name "Đo hiệu năng" \
    --agency BNV --role admin --password-stdin >/dev/null
PORT_A=$((20000 + RANDOM % 10000)); PORT_B=$((PORT_A + 1))
BINHDANG_DATABASE_URL="$PGDB" "$BIN" serve --listen "127.0.0.1:$PORT_A" >"$DIR/a.log" 2>&1 & A=$!
BINHDANG_DATABASE_URL="$PGDB" "$BIN" serve --listen "127.0.0.1:$PORT_B" >"$DIR/b.log" 2>&1 & B=$!
trap 'kill $A $B 2>/dev/null || true' EXIT
for port in $PORT_A $PORT_B; do
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done
python3 scripts/bench-http.py freshness "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_A" bench bench-password
python3 scripts/bench-http.py freshness "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" bench bench-password
python3 scripts/bench-http.py analytics "http://127.0.0.1:$PORT_A" bench bench-password "$(cut -d' ' -f1 "$DIR/duck/expected.txt")"
COOKIE=$(python3 scripts/bench-http.py cookie "http://127.0.0.1:$PORT_A" bench bench-password)
curl -sf -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT_A/dashboard" >/dev/null
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
wrk -t2 -c256 -d20s --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT_A/dashboard" | grep -E "Requests/sec|99%|50%|Non-2xx|Socket"
wrk -t2 -c256 -d20s --latency "http://127.0.0.1:$PORT_A/public/indicators/MT1.CT1" | grep -E "Requests/sec|99%|50%|Non-2xx|Socket"
kill $A $B; wait $A $B 2>/dev/null || true
trap - EXIT

psql "$PG" -qc "DROP DATABASE $DB" >/dev/null
