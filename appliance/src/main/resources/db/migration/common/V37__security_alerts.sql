-- The security alerts raised (docs/security.md, "Security alerts"): the security package's table, shown in the
-- console until someone acknowledges them. Staff usernames, the kind and its figure (a limit, a time, a network)
-- only: nothing about customers.
CREATE TABLE security_alerts (
    id               CHAR(36)      NOT NULL,
    raised_at        TIMESTAMP     NOT NULL,
    kind             VARCHAR(32)   NOT NULL,
    username         VARCHAR(64)   NOT NULL,
    detail           VARCHAR(200),
    acknowledged_at  TIMESTAMP,
    acknowledged_by  VARCHAR(64),
    CONSTRAINT security_alerts_pk PRIMARY KEY (id)
);

CREATE INDEX security_alerts_raised ON security_alerts (raised_at);
