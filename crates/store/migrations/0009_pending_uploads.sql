-- Uploads waiting to be registered: a letter's original file stays on the server between the
-- parse step and the registration (the form carries only a token), so that the register keeps
-- exactly the bytes that arrived and any server behind a load balancer can finish the work.
-- Only the token's SHA-256 is stored; an upload belongs to the user who sent it and expires.
CREATE TABLE pending_uploads (
    id {serial},
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes {blob} NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX pending_uploads_expiry ON pending_uploads (expires_at);
