-- The plugin host (docs/architecture.md, "Plugins"): which plugins the admin turned off, the configured connector
-- instances with their values (secrets sealed), what a channel conversation needs to answer the customer, and the
-- transactional outbox of replies to send through a connector.

-- Channel identity kinds ("email", "telegram", "facebook-messenger"...) may be up to 32 characters, as the SPI allows.
ALTER TABLE contact_identities ALTER COLUMN kind SET DATA TYPE VARCHAR(32);

-- A plugin is enabled unless a row here says otherwise; plugins themselves live as zips in plugins.dir.
CREATE TABLE plugin_settings (
    plugin_id   VARCHAR(64)  NOT NULL,
    enabled     BOOLEAN      NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT plugin_settings_pk PRIMARY KEY (plugin_id)
);

-- One configured account of a connector: e.g. the support mailbox of the e-mail plugin. The id is what
-- conversations.channel holds for conversations that came in through it. data_key is the instance's own AES-256 key,
-- wrapped by the node's master key like a contact's; it seals the instance's secret values. source is NULL for an
-- instance made in the console, else the conf/connectors file that defines it (the console then shows it read-only).
CREATE TABLE connector_instances (
    id            VARCHAR(32)               NOT NULL,
    plugin_id     VARCHAR(64)               NOT NULL,
    factory_id    VARCHAR(40)               NOT NULL,
    display_name  VARCHAR(100)              NOT NULL,
    enabled       BOOLEAN                   NOT NULL,
    source        VARCHAR(512),
    data_key      VARCHAR(64) FOR BIT DATA  NOT NULL,
    created_at    TIMESTAMP                 NOT NULL,
    updated_at    TIMESTAMP                 NOT NULL,
    version       BIGINT       DEFAULT 0    NOT NULL,
    CONSTRAINT connector_instances_pk PRIMARY KEY (id),
    CONSTRAINT connector_instances_id_not_web CHECK (id <> 'web')
);

-- The instance's configuration values: a secret only sealed (AES-256-GCM under the instance key, AAD
-- connector_values / <instance id> / <property name>), any other value as text.
CREATE TABLE connector_values (
    instance_id   VARCHAR(32)                 NOT NULL,
    name          VARCHAR(64)                 NOT NULL,
    value_text    VARCHAR(4000),
    value_sealed  VARCHAR(8192) FOR BIT DATA,
    CONSTRAINT connector_values_pk PRIMARY KEY (instance_id, name),
    CONSTRAINT connector_values_instance_fk FOREIGN KEY (instance_id) REFERENCES connector_instances (id)
        ON DELETE CASCADE,
    CONSTRAINT connector_values_one_form CHECK (value_text IS NULL OR value_sealed IS NULL)
);

-- How to answer a conversation that came in through a channel connector: the customer's address on that channel
-- and the thread it belongs to. Personal, so sealed with the contact's data key (AAD channel_conversations /
-- <conversation id> / <column>), and shredded with the contact.
CREATE TABLE channel_conversations (
    conversation_id          CHAR(36)                    NOT NULL,
    identity_kind            VARCHAR(32)                 NOT NULL,
    address_sealed           VARCHAR(2048) FOR BIT DATA  NOT NULL,
    display_name_sealed      VARCHAR(2048) FOR BIT DATA,
    subject_sealed           VARCHAR(4096) FOR BIT DATA,
    last_external_id_sealed  VARCHAR(2048) FOR BIT DATA,
    CONSTRAINT channel_conversations_pk PRIMARY KEY (conversation_id),
    CONSTRAINT channel_conversations_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id)
);

-- Replies waiting to go out through a connector, written in the same transaction as the message itself. The row
-- holds no personal data: the text and address are read (and opened) from the message and the channel conversation
-- when it is sent. The id is the idempotency key handed to the connector on every attempt (at-least-once).
-- external_id_index is the blind index of the connector's id for the sent message, to match delivery receipts.
CREATE TABLE channel_outbox (
    id                 CHAR(36)      NOT NULL,
    instance_id        VARCHAR(32)   NOT NULL,
    conversation_id    CHAR(36)      NOT NULL,
    message_id         CHAR(36)      NOT NULL,
    status             VARCHAR(8)    NOT NULL,
    attempts           INT           DEFAULT 0 NOT NULL,
    next_attempt_at    TIMESTAMP     NOT NULL,
    created_at         TIMESTAMP     NOT NULL,
    sent_at            TIMESTAMP,
    external_id_index  VARCHAR(64),
    delivery           VARCHAR(10),
    delivery_at        TIMESTAMP,
    CONSTRAINT channel_outbox_pk PRIMARY KEY (id),
    CONSTRAINT channel_outbox_message_unique UNIQUE (message_id),
    CONSTRAINT channel_outbox_message_fk FOREIGN KEY (message_id) REFERENCES messages (id),
    CONSTRAINT channel_outbox_status_known CHECK (status IN ('PENDING', 'SENT', 'FAILED'))
);

CREATE INDEX channel_outbox_status_instance ON channel_outbox (status, instance_id, created_at);
CREATE INDEX channel_outbox_external ON channel_outbox (instance_id, external_id_index);
