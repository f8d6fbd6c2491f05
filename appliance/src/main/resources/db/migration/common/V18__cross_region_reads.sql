-- The home region's access records of reads from other regions (docs/cluster.md, "Reading across regions"): the
-- residency capability's table. Agents' ids and display names are staff data; no customer text is kept here.
CREATE TABLE cross_region_reads (
    id               CHAR(36)      NOT NULL,
    conversation_id  CHAR(36)      NOT NULL,
    reader_id        VARCHAR(64)   NOT NULL,
    reader_name      VARCHAR(200)  NOT NULL,
    reader_region    VARCHAR(32)   NOT NULL,
    access           VARCHAR(8)    NOT NULL,
    what             VARCHAR(16)   NOT NULL,
    read_at          TIMESTAMP     NOT NULL,
    CONSTRAINT cross_region_reads_pk PRIMARY KEY (id),
    CONSTRAINT cross_region_reads_access CHECK (access IN ('allow', 'masked', 'deny'))
);

CREATE INDEX cross_region_reads_conversation ON cross_region_reads (conversation_id, read_at);
