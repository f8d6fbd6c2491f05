-- What each contact agreed to before chatting, where their home region requires it (docs/privacy.md, "Consent"): the
-- consent capability's table. The text itself is not kept here; its version, language and SHA-256 digest name it.
-- withdrawn_by is 'visitor' or the username of the agent who recorded the withdrawal (staff data).
CREATE TABLE consents (
    id             CHAR(36)      NOT NULL,
    contact_id     CHAR(36)      NOT NULL,
    version        VARCHAR(64)   NOT NULL,
    text_language  VARCHAR(35)   NOT NULL,
    text_digest    CHAR(64)      NOT NULL,
    channel        VARCHAR(64)   NOT NULL,
    agreed_at      TIMESTAMP     NOT NULL,
    withdrawn_at   TIMESTAMP,
    withdrawn_by   VARCHAR(200),
    CONSTRAINT consents_pk PRIMARY KEY (id)
);

CREATE INDEX consents_contact ON consents (contact_id, agreed_at);
