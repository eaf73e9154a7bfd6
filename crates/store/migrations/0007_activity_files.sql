-- Files attached to activities (photos of an event, a course's attendance list, a report).

CREATE TABLE activity_files (
    id {serial},
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    bytes {blob} NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT
);
CREATE INDEX activity_files_activity ON activity_files (activity_id);
