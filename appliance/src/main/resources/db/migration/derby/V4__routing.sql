-- Routing: the team/agent setup, assignments, queues, the routing timeline, tags and internal notes (docs/routing.md).

-- What routing learns about a contact: the detected language and the browser's languages (most preferred first,
-- comma-separated). Neither is personal content; country and time zone already live on the contact.
ALTER TABLE contacts ADD COLUMN language VARCHAR(35);
ALTER TABLE contacts ADD COLUMN browser_languages VARCHAR(200);

-- The routing setup in force: one JSON document (teams, agent profiles, queue rules), the same tree as
-- conf/routing.yaml. version grows with every accepted change, so two admins cannot overwrite each other blindly.
CREATE TABLE routing_setup (
    id          INT          NOT NULL,
    document    CLOB(4M)     NOT NULL,
    version     BIGINT       NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    updated_by  VARCHAR(64)  NOT NULL,
    CONSTRAINT routing_setup_pk PRIMARY KEY (id),
    CONSTRAINT routing_setup_single CHECK (id = 1)
);

-- Holiday calendars (iCalendar text), by the name teams refer to them with (e.g. us-holidays.ics).
CREATE TABLE routing_calendars (
    name        VARCHAR(100) NOT NULL,
    ics         CLOB(4M)     NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT routing_calendars_pk PRIMARY KEY (name)
);

-- Where each routed conversation stands. One row per conversation (the primary key): a conversation is routed once
-- and assigned to at most one agent. Assignment is a conditional update on state and version, so two nodes or two
-- agents racing for the same conversation cannot both win.
CREATE TABLE conversation_routing (
    conversation_id  CHAR(36)     NOT NULL,
    team_id          VARCHAR(64),
    agent_id         CHAR(36),
    state            VARCHAR(10)  NOT NULL,
    priority         INT          DEFAULT 0 NOT NULL,
    language         VARCHAR(35),
    skill            VARCHAR(64),
    strict_language  BOOLEAN      DEFAULT FALSE NOT NULL,
    queued_at        TIMESTAMP    NOT NULL,
    assigned_at      TIMESTAMP,
    version          BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT conversation_routing_pk PRIMARY KEY (conversation_id),
    CONSTRAINT conversation_routing_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id),
    CONSTRAINT conversation_routing_state_known CHECK (state IN ('QUEUED', 'ASSIGNED', 'CLOSED')),
    CONSTRAINT conversation_routing_assigned_has_agent CHECK (state <> 'ASSIGNED' OR agent_id IS NOT NULL)
);

CREATE INDEX conversation_routing_agent_state ON conversation_routing (agent_id, state);
CREATE INDEX conversation_routing_state_team ON conversation_routing (state, team_id);

-- Conversations each agent holds now. Taking one is "UPDATE ... SET active = active + 1 WHERE active < max", so an
-- agent never goes over capacity, whichever node or thread assigns.
CREATE TABLE agent_load (
    agent_id    CHAR(36)   NOT NULL,
    active      INT        NOT NULL,
    updated_at  TIMESTAMP  NOT NULL,
    CONSTRAINT agent_load_pk PRIMARY KEY (agent_id),
    CONSTRAINT agent_load_not_negative CHECK (active >= 0)
);

-- The routing timeline of a conversation: every decision with its reason, transfers and releases.
CREATE TABLE routing_events (
    id               CHAR(36)      NOT NULL,
    conversation_id  CHAR(36)      NOT NULL,
    happened_at      TIMESTAMP     NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    team_id          VARCHAR(64),
    agent_id         CHAR(36),
    actor_id         CHAR(36),
    reason           VARCHAR(2000) NOT NULL,
    CONSTRAINT routing_events_pk PRIMARY KEY (id),
    CONSTRAINT routing_events_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id)
);

CREATE INDEX routing_events_conversation ON routing_events (conversation_id, happened_at);

-- Tags on a contact set by staff (e.g. vip); queue rules read them.
CREATE TABLE contact_tags (
    contact_id  CHAR(36)     NOT NULL,
    tag         VARCHAR(40)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    CONSTRAINT contact_tags_pk PRIMARY KEY (contact_id, tag),
    CONSTRAINT contact_tags_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id)
);

-- Private notes between colleagues (internal notes and transfer notes), never sent to the customer. The text is
-- sealed with the contact's key like a message, since staff write about the customer.
CREATE TABLE conversation_notes (
    id               CHAR(36)      NOT NULL,
    conversation_id  CHAR(36)      NOT NULL,
    kind             VARCHAR(10)   NOT NULL,
    author_id        CHAR(36)      NOT NULL,
    author_name      VARCHAR(200)  NOT NULL,
    body_sealed      BLOB(1M)      NOT NULL,
    mentions         VARCHAR(2000),
    created_at       TIMESTAMP     NOT NULL,
    CONSTRAINT conversation_notes_pk PRIMARY KEY (id),
    CONSTRAINT conversation_notes_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id),
    CONSTRAINT conversation_notes_kind_known CHECK (kind IN ('NOTE', 'TRANSFER'))
);

CREATE INDEX conversation_notes_conversation ON conversation_notes (conversation_id, created_at);
