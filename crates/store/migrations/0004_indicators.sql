-- The indicator catalog. Each indicator is stored whole as JSON (its targets, formula and flags
-- change together and are always read together); every change keeps the previous version in
-- indicator_history.

CREATE TABLE indicators (
    code TEXT PRIMARY KEY,
    objective BIGINT NOT NULL,
    retired BIGINT NOT NULL,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE indicator_history (
    id {serial},
    code TEXT NOT NULL,
    version BIGINT NOT NULL,
    data TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by BIGINT
);
CREATE INDEX indicator_history_code ON indicator_history (code);
