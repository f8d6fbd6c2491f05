-- Tickets (docs/tickets.md): the ticket capability's tables. The subject is sealed under the requester's (the
-- contact's) key, AAD tickets / ticket id / subject_sealed; everything else is ids, states and times. ticket_events is
-- each ticket's audit trail: every field change with the old and the new value, except the subject, whose change is
-- recorded without either (it is personal). Numbers come from ticket_counters, one row per prefix, advanced in the
-- ticket's own transaction.
CREATE TABLE ticket_counters (
    prefix       VARCHAR(16)  NOT NULL,
    next_number  BIGINT       NOT NULL,
    CONSTRAINT ticket_counters_pk PRIMARY KEY (prefix)
);

CREATE TABLE tickets (
    id              CHAR(36)      NOT NULL,
    ticket_number   VARCHAR(40)   NOT NULL,
    contact_id      CHAR(36)      NOT NULL,
    subject_sealed  BYTEA NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    priority        VARCHAR(16)   NOT NULL,
    ticket_type     VARCHAR(16),
    assignee_id     VARCHAR(64),
    team_id         VARCHAR(64),
    created_by      VARCHAR(64)   NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL,
    solved_at       TIMESTAMP,
    CONSTRAINT tickets_pk PRIMARY KEY (id),
    CONSTRAINT tickets_number UNIQUE (ticket_number),
    CONSTRAINT tickets_status CHECK (status IN ('new', 'open', 'pending', 'on-hold', 'solved', 'closed')),
    CONSTRAINT tickets_priority CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    CONSTRAINT tickets_type CHECK (ticket_type IS NULL OR ticket_type IN ('question', 'incident', 'problem', 'task'))
);

CREATE INDEX tickets_status_updated ON tickets (status, updated_at);
CREATE INDEX tickets_status_solved ON tickets (status, solved_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
CREATE INDEX tickets_team ON tickets (team_id, status);
CREATE INDEX tickets_contact ON tickets (contact_id);

CREATE TABLE ticket_conversations (
    conversation_id  CHAR(36)   NOT NULL,
    ticket_id        CHAR(36)   NOT NULL,
    linked_at        TIMESTAMP  NOT NULL,
    CONSTRAINT ticket_conversations_pk PRIMARY KEY (conversation_id)
);

CREATE INDEX ticket_conversations_ticket ON ticket_conversations (ticket_id, linked_at);

CREATE TABLE ticket_events (
    id           CHAR(36)      NOT NULL,
    ticket_id    CHAR(36)      NOT NULL,
    seq          INT           NOT NULL,
    happened_at  TIMESTAMP     NOT NULL,
    actor_id     VARCHAR(64)   NOT NULL,
    actor_name   VARCHAR(200)  NOT NULL,
    field_name   VARCHAR(64)   NOT NULL,
    old_value    VARCHAR(64),
    new_value    VARCHAR(64),
    CONSTRAINT ticket_events_pk PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ticket_events_ticket ON ticket_events (ticket_id, seq);
