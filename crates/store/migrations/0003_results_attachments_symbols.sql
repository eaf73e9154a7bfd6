-- Tasks' result documents, attachments of progress reports, and each agency's outgoing-symbol
-- templates.

ALTER TABLE task_progress ADD COLUMN attachment_name TEXT;
ALTER TABLE task_progress ADD COLUMN attachment_mime TEXT;
ALTER TABLE task_progress ADD COLUMN attachment_bytes {blob};

CREATE TABLE task_results (
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    document_id BIGINT NOT NULL REFERENCES documents (id),
    created_at TEXT NOT NULL,
    created_by BIGINT,
    PRIMARY KEY (task_id, document_id)
);

CREATE TABLE register_settings (
    agency_id BIGINT PRIMARY KEY REFERENCES units (id),
    symbol_template TEXT NOT NULL,
    letter_symbol TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BIGINT
);
