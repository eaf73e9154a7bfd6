-- Every committed change of a report (values saved, a workflow step) appends a row here in the
-- same transaction. Each server's analytics engine reads the rows after the last one it saw
-- before it answers, so an aggregate is never staler than the last commit, whichever server made
-- it, and a server that was down catches up from where it stopped.
CREATE TABLE report_changes (
    seq {serial},
    report_id BIGINT NOT NULL REFERENCES reports (id),
    at TEXT NOT NULL
);
