-- Retention policies (docs/privacy.md#retention): what the daily retention job erased, and where it got to. No
-- personal data: ids, staff ids, times, regions and counts.

-- How far a conversation's transcript was erased: messages up to this seq have had their text, translations, mail
-- parts and files removed. A conversation reopened afterwards gets new messages above it, which a later run erases
-- when the conversation is closed and old again. The column stays on the conversation capability's table, which
-- alone writes it (ConversationRetention).
ALTER TABLE conversations ADD COLUMN transcript_erased_seq BIGINT DEFAULT 0 NOT NULL;

-- When a closed ticket's texts (subject, handover note, text fields, notes, files) were removed; number, status,
-- priority, team and times stay for reports. Written by the ticket capability alone (ClosedTicketRetention).
ALTER TABLE tickets ADD COLUMN anonymised_at TIMESTAMP;

-- One row per run of the retention job, scheduled or started by an admin, dry or not. started_by is an agent id, or
-- 'schedule'. outcome: RUNNING, DONE, FAILED (detail says why; what was erased before the failure stays erased).
CREATE TABLE retention_runs (
    id            CHAR(36)      NOT NULL,
    started_at    TIMESTAMP     NOT NULL,
    finished_at   TIMESTAMP,
    dry_run       BOOLEAN       NOT NULL,
    started_by    VARCHAR(64)   NOT NULL,
    outcome       VARCHAR(8)    NOT NULL,
    held_skipped  BIGINT        DEFAULT 0 NOT NULL,
    detail        VARCHAR(300),
    CONSTRAINT retention_runs_pk PRIMARY KEY (id),
    CONSTRAINT retention_runs_outcome CHECK (outcome IN ('RUNNING', 'DONE', 'FAILED'))
);

CREATE INDEX retention_runs_started ON retention_runs (started_at);

-- What one run erased (or, dry, would erase) per home region.
CREATE TABLE retention_run_counts (
    run_id         CHAR(36)     NOT NULL,
    region         VARCHAR(32)  NOT NULL,
    conversations  BIGINT       NOT NULL,
    messages       BIGINT       NOT NULL,
    attachments    BIGINT       NOT NULL,
    tickets        BIGINT       NOT NULL,
    CONSTRAINT retention_run_counts_pk PRIMARY KEY (run_id, region),
    CONSTRAINT retention_run_counts_run_fk FOREIGN KEY (run_id) REFERENCES retention_runs (id)
);
