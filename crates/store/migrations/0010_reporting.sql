-- Periodic reporting: who must report on which form (dated, so that completeness for a past
-- period is judged by the obligations of that period), the reports of each area per form and
-- period with their workflow, and their values (one row per element and option combination,
-- keeping who typed it, when, from where, and why an activity-derived value was overridden).

CREATE TABLE report_obligations (
    id {serial},
    form TEXT NOT NULL,
    unit_kind TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX report_obligations_form ON report_obligations (form);

-- Nghị định 09/2019/NĐ-CP: each level reports to the level above. Districts reported until the
-- two-level local government took over on 01/07/2025; communes report from then on.
INSERT INTO report_obligations (form, unit_kind, valid_from, valid_to, note, created_at) VALUES
    ('BDG_NAM', 'province', '2000-01-01', NULL, 'cấp tỉnh báo cáo Bộ', '2025-01-01T00:00:00Z'),
    ('BDG_NAM', 'district', '2000-01-01', '2025-06-30', 'cấp huyện báo cáo tỉnh', '2025-01-01T00:00:00Z'),
    ('BDG_NAM', 'commune', '2025-07-01', NULL, 'cấp xã báo cáo tỉnh (chính quyền địa phương hai cấp)', '2025-01-01T00:00:00Z'),
    ('THD_NAM', 'province', '2000-01-01', NULL, '', '2025-01-01T00:00:00Z'),
    ('THD_NAM', 'district', '2000-01-01', '2025-06-30', '', '2025-01-01T00:00:00Z'),
    ('THD_NAM', 'commune', '2025-07-01', NULL, '', '2025-01-01T00:00:00Z'),
    ('CLQG_NAM', 'province', '2000-01-01', NULL, 'tỉnh tổng hợp số liệu chỉ tiêu Chiến lược', '2025-01-01T00:00:00Z'),
    ('BAU_CU', 'province', '2000-01-01', NULL, '', '2025-01-01T00:00:00Z');

CREATE TABLE reports (
    id {serial},
    form TEXT NOT NULL,
    period TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    first_submitted_at TEXT,
    submitted_at TEXT,
    submitted_by BIGINT,
    decided_at TEXT,
    decided_by BIGINT,
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (form, period, unit_id)
);
CREATE INDEX reports_period ON reports (form, period);

CREATE TABLE report_values (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    element TEXT NOT NULL,
    option_combo TEXT NOT NULL,
    value TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    override_reason TEXT NOT NULL DEFAULT '',
    entered_by BIGINT,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (report_id, element, option_combo)
);
