-- Internal notes on tickets, and links between related tickets (docs/tickets.md): the ticket capability's tables. A
-- note is staff writing about the customer: sealed under the requester's key (AAD ticket_notes / note id /
-- body_sealed), never shown to the customer. A link is kept once per pair, the smaller ticket id first.
CREATE TABLE ticket_notes (
    id           CHAR(36)      NOT NULL,
    ticket_id    CHAR(36)      NOT NULL,
    author_id    VARCHAR(64)   NOT NULL,
    author_name  VARCHAR(200)  NOT NULL,
    body_sealed  BLOB          NOT NULL,
    created_at   TIMESTAMP     NOT NULL,
    CONSTRAINT ticket_notes_pk PRIMARY KEY (id)
);

CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_id, created_at);

CREATE TABLE ticket_links (
    first_id   CHAR(36)   NOT NULL,
    second_id  CHAR(36)   NOT NULL,
    linked_at  TIMESTAMP  NOT NULL,
    CONSTRAINT ticket_links_pk PRIMARY KEY (first_id, second_id)
);

CREATE INDEX ticket_links_second ON ticket_links (second_id);
