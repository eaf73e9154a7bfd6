-- Plans with their items, local targets and budget lines. `scope_path` is the agency's reach,
-- as for documents.

CREATE TABLE plans (
    id {serial},
    agency_id BIGINT NOT NULL REFERENCES units (id),
    title TEXT NOT NULL,
    year_from BIGINT NOT NULL,
    year_to BIGINT NOT NULL,
    document_id BIGINT REFERENCES documents (id),
    status TEXT NOT NULL,
    scope_path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL
);

CREATE TABLE plan_items (
    id {serial},
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    parent_id BIGINT REFERENCES plan_items (id),
    grp BIGINT NOT NULL,
    title TEXT NOT NULL,
    lead_id BIGINT REFERENCES units (id),
    coordinators TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    outputs TEXT NOT NULL,
    task_id BIGINT REFERENCES tasks (id)
);
CREATE INDEX plan_items_plan ON plan_items (plan_id);

CREATE TABLE plan_targets (
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    year BIGINT NOT NULL,
    value {real} NOT NULL,
    PRIMARY KEY (plan_id, indicator_code, year)
);

CREATE TABLE plan_budget (
    id {serial},
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    item_id BIGINT REFERENCES plan_items (id),
    source TEXT NOT NULL,
    year BIGINT NOT NULL,
    amount BIGINT NOT NULL
);
CREATE INDEX plan_budget_plan ON plan_budget (plan_id);
