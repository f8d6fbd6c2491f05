-- bin/meridian store-copy (docs/cluster.md, "Moving a node off Derby"): each copy of a Derby node's records into this
-- database, so that an interrupted copy is recognised and started again from scratch, and a finished one is never
-- copied over. The store's own table; empty on a database no copy filled.
CREATE TABLE store_copies (
    id           CHAR(36)       NOT NULL,
    source       VARCHAR(1024)  NOT NULL,
    state        VARCHAR(16)    NOT NULL,
    started_at   TIMESTAMP      NOT NULL,
    finished_at  TIMESTAMP,
    CONSTRAINT store_copies_pk PRIMARY KEY (id),
    CONSTRAINT store_copies_state_known CHECK (state IN ('COPYING', 'DONE'))
);
