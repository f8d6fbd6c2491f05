-- Data-subject requests (docs/privacy.md#data-subject-requests): what a customer asked under which law, by when it is
-- due, how their identity was checked, and how it ended. No personal data: ids, staff ids, codes, times; outcome is
-- the staff's short note (the docs ask for no customer details in it).
CREATE TABLE subject_requests (
    id               CHAR(36)      NOT NULL,
    contact_id       CHAR(36)      NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    law              VARCHAR(8)    NOT NULL,
    verified_by      VARCHAR(16)   NOT NULL,
    received_at      TIMESTAMP     NOT NULL,
    due_at           TIMESTAMP     NOT NULL,
    opened_by        VARCHAR(64)   NOT NULL,
    status           VARCHAR(8)    NOT NULL,
    closed_at        TIMESTAMP,
    closed_by        VARCHAR(64),
    outcome          VARCHAR(500),
    export_id        CHAR(36),
    confirmation     VARCHAR(8)    NOT NULL,
    CONSTRAINT subject_requests_pk PRIMARY KEY (id),
    CONSTRAINT subject_requests_kind CHECK (kind IN ('ACCESS', 'ERASURE', 'RECTIFICATION', 'OPT_OUT')),
    CONSTRAINT subject_requests_law CHECK (law IN ('GDPR', 'CCPA')),
    CONSTRAINT subject_requests_status CHECK (status IN ('OPEN', 'DONE', 'REFUSED'))
);

CREATE INDEX subject_requests_status_due ON subject_requests (status, due_at);
CREATE INDEX subject_requests_contact ON subject_requests (contact_id);
