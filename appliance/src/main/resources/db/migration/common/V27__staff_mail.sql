-- Mail from Meridian to its own people (docs/staff-mail.md): the staffmail package's table. One row per mail and
-- recipient, queued in the write that caused it, sent and retried from here. No customer's personal data: what a
-- mail says is a ticket number, a target, a team and a link. next_attempt_at is null once sent or given up.
CREATE TABLE staff_mail (
    id               CHAR(36)      NOT NULL,
    kind             VARCHAR(32)   NOT NULL,
    recipient        VARCHAR(254)  NOT NULL,
    subject          VARCHAR(300)  NOT NULL,
    body             VARCHAR(4000) NOT NULL,
    created_at       TIMESTAMP     NOT NULL,
    attempts         INT           NOT NULL,
    next_attempt_at  TIMESTAMP,
    sent_at          TIMESTAMP,
    last_error       VARCHAR(300),
    CONSTRAINT staff_mail_pk PRIMARY KEY (id)
);

CREATE INDEX staff_mail_due ON staff_mail (next_attempt_at);
