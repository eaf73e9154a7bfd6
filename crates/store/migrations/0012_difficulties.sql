-- Difficulties (vướng mắc, kiến nghị) raised on a letter to the body that issued it, the
-- answers, and the files attached. `letter_key` groups the copies of one letter in different
-- registers (issuer, code and year), so that the issuing body sees every province's questions on
-- its letter and a shared answer reaches every agency the letter was addressed to.
-- `addressed_to` is the issuing body as the letter names it; its successors answer.

CREATE TABLE difficulties (
    id {serial},
    document_id BIGINT NOT NULL REFERENCES documents (id),
    task_id BIGINT REFERENCES tasks (id),
    letter_key TEXT NOT NULL,
    raised_by BIGINT NOT NULL REFERENCES units (id),
    addressed_to BIGINT NOT NULL REFERENCES units (id),
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    raised_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX difficulties_letter ON difficulties (letter_key);
CREATE INDEX difficulties_addressed ON difficulties (addressed_to, status);
CREATE INDEX difficulties_raised_by ON difficulties (raised_by);

CREATE TABLE difficulty_answers (
    id {serial},
    difficulty_id BIGINT NOT NULL REFERENCES difficulties (id),
    text TEXT NOT NULL,
    shared BIGINT NOT NULL,
    answered_by BIGINT NOT NULL REFERENCES units (id),
    answered_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT
);
CREATE INDEX difficulty_answers_difficulty ON difficulty_answers (difficulty_id);

CREATE TABLE difficulty_files (
    id {serial},
    difficulty_id BIGINT NOT NULL REFERENCES difficulties (id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    bytes {blob} NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT
);
CREATE INDEX difficulty_files_difficulty ON difficulty_files (difficulty_id);
