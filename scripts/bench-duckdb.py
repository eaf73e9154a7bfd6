"""The national query in DuckDB over Parquet: the peer of the analytics engine in
scripts/bench-national.sh. Reads the values and the area map that `cargo bench --bench national`
wrote (CSV), stores them as Parquet with typed columns, then times the same aggregation warm and
checks its total against the engine's."""

import statistics
import sys
import time

import duckdb

folder = sys.argv[1]
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute(
    f"""COPY (SELECT unit_id::BIGINT AS unit_id, period::VARCHAR AS period, status, element,
                     option_combo, value::DOUBLE AS value
              FROM read_csv('{folder}/values.csv', header = true, all_varchar = true))
        TO '{folder}/values.parquet' (FORMAT parquet)"""
)
con.execute(
    f"""COPY (SELECT unit_id::BIGINT AS unit_id, province_id::BIGINT AS province_id, weight::DOUBLE AS weight
              FROM read_csv('{folder}/area_map.csv', header = true))
        TO '{folder}/area_map.parquet' (FORMAT parquet)"""
)
elements, expected = open(f"{folder}/expected.txt").read().split()
in_elements = ", ".join(f"'{e}'" for e in elements.split(","))
query = f"""
SELECT v.element, m.province_id, v.period, SUM(v.value * m.weight) AS total
FROM '{folder}/values.parquet' v JOIN '{folder}/area_map.parquet' m ON m.unit_id = v.unit_id
WHERE v.status = 'da_duyet' AND v.period IN ('2021', '2022', '2023', '2024', '2025')
  AND v.element IN ({in_elements})
GROUP BY ALL
"""
rows = con.execute(query).fetchall()
runs = []
for _ in range(20):
    start = time.perf_counter()
    con.execute(query).fetchall()
    runs.append((time.perf_counter() - start) * 1000)
runs.sort()
total = sum(r[3] for r in rows)
print(
    f"DuckDB {duckdb.__version__} over Parquet: {len(rows)} rows, p50 {statistics.median(runs):.1f} ms, "
    f"p95 {runs[int(round(0.95 * (len(runs) - 1)))]:.1f} ms; total {total:.1f} (engine {float(expected):.1f})"
)
if abs(total - float(expected)) > 1e-6 * max(1.0, abs(total)):
    sys.exit("DuckDB and the engine disagree")
