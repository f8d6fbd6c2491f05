-- Service levels of tickets (docs/tickets.md, "Service levels"): the ticket capability's table. One row per ticket
-- and target (first-reply, next-reply, resolution) of the policy chosen for it; no personal data. A target runs in
-- runs: each run starts at run_started_at with remaining_millis of the target's time left, counted in the open hours
-- of calendar_team's calendar (null: calendar hours); due_at and warn_at follow from them. Pausing or meeting a
-- target ends its run and keeps what was left; the next run (resuming, a reopened ticket, a new team) starts from it.
CREATE TABLE ticket_sla (
    ticket_id         CHAR(36)      NOT NULL,
    target            VARCHAR(16)   NOT NULL,
    policy            VARCHAR(100)  NOT NULL,
    target_millis     BIGINT        NOT NULL,
    state             VARCHAR(16)   NOT NULL,
    calendar_team     VARCHAR(64),
    run_started_at    TIMESTAMP     NOT NULL,
    remaining_millis  BIGINT        NOT NULL,
    due_at            TIMESTAMP,
    warn_at           TIMESTAMP,
    warned_at         TIMESTAMP,
    breached_at       TIMESTAMP,
    met_at            TIMESTAMP,
    CONSTRAINT ticket_sla_pk PRIMARY KEY (ticket_id, target),
    CONSTRAINT ticket_sla_target CHECK (target IN ('first-reply', 'next-reply', 'resolution')),
    CONSTRAINT ticket_sla_state CHECK (state IN ('running', 'paused', 'met', 'stopped'))
);

CREATE INDEX ticket_sla_due ON ticket_sla (state, due_at);
CREATE INDEX ticket_sla_warn ON ticket_sla (state, warn_at);
