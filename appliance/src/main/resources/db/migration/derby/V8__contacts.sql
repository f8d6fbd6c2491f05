-- One customer across channels (docs/contacts.md): merged contacts and the threading of e-mail.

-- A merged contact keeps its row and its own data key (its conversations, messages and translations stay sealed
-- under it, so no ciphertext is rewritten); merged_into names the surviving contact, which now holds its identities.
ALTER TABLE contacts ADD COLUMN merged_into CHAR(36);
CREATE INDEX contacts_merged_into ON contacts (merged_into);

-- Who merged which contact into which, and when. agent_username is staff data (not sealed).
CREATE TABLE contact_merges (
    id                    CHAR(36)      NOT NULL,
    merged_contact_id     CHAR(36)      NOT NULL,
    into_contact_id       CHAR(36)      NOT NULL,
    agent_id              VARCHAR(64)   NOT NULL,
    agent_username        VARCHAR(200)  NOT NULL,
    identities_moved      INT           NOT NULL,
    conversations_joined  INT           NOT NULL,
    merged_at             TIMESTAMP     NOT NULL,
    CONSTRAINT contact_merges_pk PRIMARY KEY (id),
    CONSTRAINT contact_merges_merged_fk FOREIGN KEY (merged_contact_id) REFERENCES contacts (id),
    CONSTRAINT contact_merges_into_fk FOREIGN KEY (into_contact_id) REFERENCES contacts (id),
    CONSTRAINT contact_merges_distinct CHECK (merged_contact_id <> into_contact_id)
);

CREATE INDEX contact_merges_into ON contact_merges (into_contact_id, merged_at);
CREATE INDEX contact_merges_merged ON contact_merges (merged_contact_id);

-- The Message-IDs of the mails sent and received in a conversation: fingerprint is their keyed fingerprint (blind
-- index, kind 'message-id'), which a reply's In-Reply-To / References are matched against without any id in clear;
-- message_id_sealed is the id itself sealed with the conversation's contact key, for the References of our replies.
-- position keeps the order of the thread.
CREATE TABLE message_fingerprints (
    fingerprint        VARCHAR(64)                  NOT NULL,
    conversation_id    CHAR(36)                     NOT NULL,
    message_id_sealed  VARCHAR(2048) FOR BIT DATA   NOT NULL,
    position           BIGINT GENERATED ALWAYS AS IDENTITY,
    created_at         TIMESTAMP                    NOT NULL,
    CONSTRAINT message_fingerprints_pk PRIMARY KEY (fingerprint),
    CONSTRAINT message_fingerprints_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id)
);

CREATE INDEX message_fingerprints_conversation ON message_fingerprints (conversation_id, position);

-- The sanitised HTML part of an inbound mail (the plain text is the message body), sealed like the body with the
-- conversation's contact key; automatic is 'auto-reply' or 'bounce' for mail a machine wrote, else NULL.
CREATE TABLE message_html (
    message_id       CHAR(36)    NOT NULL,
    conversation_id  CHAR(36)    NOT NULL,
    html_sealed      BLOB(4M),
    automatic        VARCHAR(16),
    CONSTRAINT message_html_pk PRIMARY KEY (message_id),
    CONSTRAINT message_html_message_fk FOREIGN KEY (message_id) REFERENCES messages (id),
    CONSTRAINT message_html_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id)
);

-- Attachments of inbound mail: name, media type and content sealed with the conversation's contact key.
-- size_bytes is the plain size (for the console's list); no plaintext name or content is stored.
CREATE TABLE message_attachments (
    id               CHAR(36)                    NOT NULL,
    message_id       CHAR(36)                    NOT NULL,
    conversation_id  CHAR(36)                    NOT NULL,
    position         INT                         NOT NULL,
    name_sealed      VARCHAR(1024) FOR BIT DATA  NOT NULL,
    media_sealed     VARCHAR(512) FOR BIT DATA   NOT NULL,
    content_sealed   BLOB(64M)                   NOT NULL,
    size_bytes       BIGINT                      NOT NULL,
    CONSTRAINT message_attachments_pk PRIMARY KEY (id),
    CONSTRAINT message_attachments_position UNIQUE (message_id, position),
    CONSTRAINT message_attachments_message_fk FOREIGN KEY (message_id) REFERENCES messages (id)
);

CREATE INDEX message_attachments_conversation ON message_attachments (conversation_id);
