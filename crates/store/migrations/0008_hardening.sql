-- Hardening after the security review.
--
-- Login throttling counts attempts atomically per key ("user name@address", "address"): an
-- attempt claims a slot with one conditional UPDATE before the password is checked, so parallel
-- attempts cannot all slip under the limit. `window_end` is when the slots free up again;
-- `strikes` counts the times the limit was reached in a row, and each strike doubles the wait.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_end TEXT NOT NULL,
    strikes BIGINT NOT NULL
);
DROP TABLE login_failures;

-- API tokens expire. Tokens made before expiry existed have none and no longer open anything.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

-- Deleted activities are kept (with their files) for an administrator to restore, then purged.
ALTER TABLE activities ADD COLUMN deleted_at TEXT;
ALTER TABLE activities ADD COLUMN deleted_by BIGINT;
