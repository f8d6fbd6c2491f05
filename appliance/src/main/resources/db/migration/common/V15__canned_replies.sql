-- Canned replies (docs/workspace.md, "Canned replies"): ready answers agents insert while replying, one text per
-- language. Shared (owner_id and team_id null), for one team (team_id), or personal (owner_id). Templates written by
-- staff, not customer data: stored readable.
CREATE TABLE canned_replies (
    id          VARCHAR(64)   NOT NULL,
    shortcut    VARCHAR(40)   NOT NULL,
    title       VARCHAR(100)  NOT NULL,
    team_id     VARCHAR(64),
    owner_id    CHAR(36),
    updated_by  CHAR(36)      NOT NULL,
    updated_at  TIMESTAMP     NOT NULL,
    CONSTRAINT canned_replies_pk PRIMARY KEY (id)
);

CREATE TABLE canned_reply_texts (
    reply_id    VARCHAR(64)   NOT NULL,
    language    VARCHAR(35)   NOT NULL,
    body        VARCHAR(8000) NOT NULL,
    CONSTRAINT canned_reply_texts_pk PRIMARY KEY (reply_id, language),
    CONSTRAINT canned_reply_texts_reply_fk FOREIGN KEY (reply_id) REFERENCES canned_replies (id) ON DELETE CASCADE
);
