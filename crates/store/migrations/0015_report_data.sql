-- A report's values in one row: every reader and writer of values works by report (the entry
-- grid, the exchanges, the bulk loads, the exports, the analytics engine), and a national data
-- set of ten million values is three hundred thousand reports. The text's format is described
-- in `store::packed`; the rows of `report_values` are moved here by the migration's code, and
-- that table is dropped. On SQLite the key is the table's row id.
CREATE TABLE report_data (
    report_id {id_key} REFERENCES reports (id),
    value_count BIGINT NOT NULL,
    body TEXT NOT NULL
);
-- The unique key (form, period, unit_id) serves every search by form and period, so this index
-- was only more to write with each report.
DROP INDEX reports_period;
