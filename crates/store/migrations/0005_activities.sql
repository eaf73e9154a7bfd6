-- Activities of every type: the shared frame in columns, the type's own fields as JSON (checked
-- by the domain before they are written). `scope_path` lists, as ",id,id,", the areas the place
-- belongs to then and now (its ancestors, and what it became), for reading scopes and for
-- figures "of an area and everything under it" across the 2025 reform.

CREATE TABLE activities (
    id {serial},
    kind TEXT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES units (id),
    area_id BIGINT NOT NULL REFERENCES units (id),
    date_from TEXT NOT NULL,
    date_to TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    plan_item_id BIGINT,
    task_id BIGINT REFERENCES tasks (id),
    data TEXT NOT NULL,
    scope_path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL
);
CREATE INDEX activities_kind_date ON activities (kind, date_from);
CREATE INDEX activities_date ON activities (date_from);
