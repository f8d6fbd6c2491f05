-- The @mentions view of the inbox (docs/workspace.md): who was mentioned in which conversation's note, and when.
-- Routing's table, like the notes; agent_id is the mentioned account. Mentions made before this version are only in
-- the notes' text.
CREATE TABLE note_mentions (
    note_id          CHAR(36)     NOT NULL,
    agent_id         CHAR(36)     NOT NULL,
    conversation_id  CHAR(36)     NOT NULL,
    mentioned_at     TIMESTAMP    NOT NULL,
    CONSTRAINT note_mentions_pk PRIMARY KEY (note_id, agent_id),
    CONSTRAINT note_mentions_note_fk FOREIGN KEY (note_id) REFERENCES conversation_notes (id)
);

CREATE INDEX note_mentions_agent ON note_mentions (agent_id, mentioned_at);
