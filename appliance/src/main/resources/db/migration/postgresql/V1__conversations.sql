-- Contacts, their identities, conversations and messages (docs/storage.md).
--
-- Personal data is never stored in plaintext: columns named *_sealed hold AES-256-GCM ciphertext made with the
-- contact's own data key (format byte, nonce, ciphertext, tag), bound to table, row id and column. The data key is
-- stored only wrapped by the node's master key (data_key); erasing a contact destroys it (crypto-shredding).
-- Identifiers that must be found (e-mail, visitor token) are stored as HMAC blind indexes, never as text.

CREATE TABLE contacts (
    id            CHAR(36)                   NOT NULL,
    region        VARCHAR(32)                NOT NULL,
    data_key      BYTEA,
    name_sealed   BYTEA,
    email_sealed  BYTEA,
    email_index   VARCHAR(64),
    locale        VARCHAR(35),
    time_zone     VARCHAR(64),
    country       VARCHAR(2),
    created_at    TIMESTAMP                  NOT NULL,
    updated_at    TIMESTAMP                  NOT NULL,
    CONSTRAINT contacts_pk PRIMARY KEY (id)
);

CREATE INDEX contacts_email_index ON contacts (email_index);

-- How a contact is recognised again: kind 'visitor' (the widget's token), later 'email', 'phone', channel ids.
CREATE TABLE contact_identities (
    kind          VARCHAR(16)  NOT NULL,
    blind_index   VARCHAR(64)  NOT NULL,
    contact_id    CHAR(36)     NOT NULL,
    created_at    TIMESTAMP    NOT NULL,
    CONSTRAINT contact_identities_pk PRIMARY KEY (kind, blind_index),
    CONSTRAINT contact_identities_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id)
);

-- last_seq is the seq of the newest message: messages are numbered 1, 2, 3... per conversation without gaps.
-- last_activity_at orders the inbox; version grows with every change (for conditional updates across nodes).
CREATE TABLE conversations (
    id                   CHAR(36)                    NOT NULL,
    contact_id           CHAR(36)                    NOT NULL,
    channel              VARCHAR(32)                 NOT NULL,
    status               VARCHAR(8)                  NOT NULL,
    created_at           TIMESTAMP                   NOT NULL,
    last_message_at      TIMESTAMP,
    last_activity_at     TIMESTAMP                   NOT NULL,
    last_seq             BIGINT        DEFAULT 0     NOT NULL,
    message_count        BIGINT        DEFAULT 0     NOT NULL,
    last_preview_sealed  BYTEA,
    closed_at            TIMESTAMP,
    version              BIGINT        DEFAULT 0     NOT NULL,
    CONSTRAINT conversations_pk PRIMARY KEY (id),
    CONSTRAINT conversations_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
    CONSTRAINT conversations_status_known CHECK (status IN ('OPEN', 'CLOSED'))
);

CREATE INDEX conversations_contact_status ON conversations (contact_id, status);
CREATE INDEX conversations_status_activity ON conversations (status, last_activity_at);

-- author_name is an agent's display name (staff, not customer data); a visitor's name lives sealed in contacts.
-- client_msg_id is the sender's random id for the message, which makes a resend idempotent.
CREATE TABLE messages (
    id               CHAR(36)      NOT NULL,
    conversation_id  CHAR(36)      NOT NULL,
    contact_id       CHAR(36)      NOT NULL,
    seq              BIGINT        NOT NULL,
    author           VARCHAR(8)    NOT NULL,
    author_id        VARCHAR(64),
    author_name      VARCHAR(200),
    client_msg_id    VARCHAR(64),
    body_sealed      BYTEA      NOT NULL,
    created_at       TIMESTAMP     NOT NULL,
    CONSTRAINT messages_pk PRIMARY KEY (id),
    CONSTRAINT messages_conversation_seq UNIQUE (conversation_id, seq),
    CONSTRAINT messages_conversation_client UNIQUE (conversation_id, author, client_msg_id),
    CONSTRAINT messages_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id),
    CONSTRAINT messages_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
    CONSTRAINT messages_author_known CHECK (author IN ('VISITOR', 'AGENT', 'SYSTEM'))
);

-- A visitor's resend is recognised across the contact's conversations; an agent's within the conversation
-- (served by the unique constraint's index above).
CREATE INDEX messages_contact_client ON messages (contact_id, author, client_msg_id);
