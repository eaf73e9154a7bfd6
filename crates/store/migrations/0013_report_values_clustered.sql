-- A report's values are read and written together: by the entry grid, the exports and the
-- analytics engine's load, always by report. On SQLite the table becomes clustered on its key
-- (WITHOUT ROWID): one B-tree holds the rows in key order instead of a table plus an index of
-- the same key, which halves the work of writing a value and keeps a report's values on
-- neighbouring pages. PostgreSQL has no such layout; there the table is rebuilt as it was.
CREATE TABLE report_values_by_report (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    element TEXT NOT NULL,
    option_combo TEXT NOT NULL,
    value TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    override_reason TEXT NOT NULL DEFAULT '',
    entered_by BIGINT,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (report_id, element, option_combo)
) {without_rowid};
INSERT INTO report_values_by_report
    (report_id, element, option_combo, value, comment, source, override_reason, entered_by, entered_at)
    SELECT report_id, element, option_combo, value, comment, source, override_reason, entered_by, entered_at
    FROM report_values;
DROP TABLE report_values;
ALTER TABLE report_values_by_report RENAME TO report_values;
