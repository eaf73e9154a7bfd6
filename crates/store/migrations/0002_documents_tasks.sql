-- Document registers (incoming and outgoing), leaders' directions, and tasks with progress.
-- `scope_path` lists, as ",id,id,", the areas whose users may read a document: the register
-- agency's reach when it was registered (its area, the ancestors, and what they became).

CREATE TABLE documents (
    id {serial},
    direction TEXT NOT NULL,
    register_agency_id BIGINT NOT NULL REFERENCES units (id),
    register_year BIGINT NOT NULL,
    register_number BIGINT NOT NULL,
    arrival_date TEXT,
    issuer_name TEXT NOT NULL,
    issuer_folded TEXT NOT NULL,
    issuer_id BIGINT REFERENCES units (id),
    parent_issuer TEXT,
    number TEXT,
    symbol TEXT,
    code_key TEXT,
    doc_type TEXT NOT NULL,
    place TEXT,
    doc_date TEXT,
    subject TEXT NOT NULL,
    signer_name TEXT,
    signer_title TEXT,
    signing_authority_prefix TEXT,
    urgency TEXT NOT NULL,
    receiving_unit TEXT,
    body TEXT NOT NULL,
    cc TEXT NOT NULL,
    assignments TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_path TEXT NOT NULL,
    forwards_id BIGINT REFERENCES documents (id),
    file_name TEXT,
    file_mime TEXT,
    file_bytes {blob},
    created_at TEXT NOT NULL,
    created_by BIGINT,
    UNIQUE (direction, register_agency_id, register_year, register_number)
);
CREATE INDEX documents_code_key ON documents (code_key);
CREATE INDEX documents_year ON documents (register_year);

CREATE TABLE document_recipients (
    document_id BIGINT NOT NULL REFERENCES documents (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    unit_id BIGINT REFERENCES units (id),
    PRIMARY KEY (document_id, position)
);
CREATE INDEX document_recipients_unit ON document_recipients (unit_id);

CREATE TABLE document_citations (
    document_id BIGINT NOT NULL REFERENCES documents (id),
    position BIGINT NOT NULL,
    doc_type TEXT NOT NULL,
    full_code TEXT NOT NULL,
    code_key TEXT,
    cited_date TEXT,
    PRIMARY KEY (document_id, position)
);
CREATE INDEX document_citations_key ON document_citations (code_key);

CREATE TABLE directions (
    id {serial},
    document_id BIGINT NOT NULL REFERENCES documents (id),
    leader TEXT NOT NULL,
    direction_date TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT
);
CREATE INDEX directions_document ON directions (document_id);

CREATE TABLE tasks (
    id {serial},
    document_id BIGINT REFERENCES documents (id),
    parent_id BIGINT REFERENCES tasks (id),
    assigner_id BIGINT NOT NULL REFERENCES units (id),
    lead_id BIGINT NOT NULL REFERENCES units (id),
    description TEXT NOT NULL,
    start_date TEXT NOT NULL,
    deadline_rule TEXT NOT NULL,
    deadline TEXT,
    status TEXT NOT NULL,
    percent BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL
);
CREATE INDEX tasks_lead ON tasks (lead_id);
CREATE INDEX tasks_document ON tasks (document_id);
CREATE INDEX tasks_parent ON tasks (parent_id);

CREATE TABLE task_coordinators (
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_coordinators_unit ON task_coordinators (unit_id);

CREATE TABLE task_progress (
    id {serial},
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    kind TEXT NOT NULL,
    progress_date TEXT NOT NULL,
    text TEXT NOT NULL,
    percent BIGINT,
    unit_id BIGINT REFERENCES units (id),
    created_at TEXT NOT NULL,
    created_by BIGINT
);
CREATE INDEX task_progress_task ON task_progress (task_id);
