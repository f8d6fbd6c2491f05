-- Files agents add to a ticket itself (docs/tickets.md), beside the files of its conversations' messages: the ticket
-- capability's table. Name, media type and content sealed under the requester's data key like the ticket's subject,
-- so erasing the customer shreds them; only the size, who added it and when are plain.
CREATE TABLE ticket_attachments (
    id               CHAR(36)                    NOT NULL,
    ticket_id        CHAR(36)                    NOT NULL,
    name_sealed      BYTEA  NOT NULL,
    media_sealed     BYTEA   NOT NULL,
    content_sealed   BYTEA                   NOT NULL,
    size_bytes       BIGINT                      NOT NULL,
    added_by         VARCHAR(64)                 NOT NULL,
    added_by_name    VARCHAR(100)                NOT NULL,
    added_at         TIMESTAMP                   NOT NULL,
    CONSTRAINT ticket_attachments_pk PRIMARY KEY (id)
);

CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, added_at);
