-- The org registry, accounts, sessions, API tokens, login throttling and the audit log.
-- Dates are ISO text (YYYY-MM-DD) and instants RFC 3339 UTC text, so both engines compare them
-- the same way; {serial} and {real} are rendered per engine by migrate.rs.

CREATE TABLE units (
    id BIGINT PRIMARY KEY,
    source_key TEXT UNIQUE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES units (id),
    area_id BIGINT REFERENCES units (id),
    valid_from TEXT,
    valid_to TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX units_code ON units (code);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_area ON units (area_id);
CREATE INDEX units_kind ON units (kind);

CREATE TABLE unit_lineage (
    predecessor_id BIGINT NOT NULL REFERENCES units (id),
    successor_id BIGINT NOT NULL REFERENCES units (id),
    kind TEXT NOT NULL,
    weight {real} NOT NULL,
    is_main BIGINT NOT NULL,
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_lineage_successor ON unit_lineage (successor_id);

CREATE TABLE unit_contacts (
    unit_id BIGINT PRIMARY KEY REFERENCES units (id),
    focal_person TEXT NOT NULL,
    position TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BIGINT,
    version BIGINT NOT NULL
);

CREATE TABLE users (
    id {serial},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES units (id),
    role TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id {serial},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    id {serial},
    throttle_key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at);

CREATE TABLE audit_log (
    id {serial},
    at TEXT NOT NULL,
    user_id BIGINT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
