-- The tamper-evident audit trail (docs/security.md, "Audit trail"): the audit package's table. Every line of the
-- audit log, in order; each entry's hash is SHA-256 over the previous entry's hash, its place, its time and its text,
-- so an entry changed, removed or put in another place breaks the chain from there on. No customer's personal data:
-- the audit log names accounts, ids and source addresses.
CREATE TABLE audit_trail (
    seq         BIGINT         NOT NULL,
    logged_at   TIMESTAMP      NOT NULL,
    message     VARCHAR(2000)  NOT NULL,
    prev_hash   CHAR(64)       NOT NULL,
    entry_hash  CHAR(64)       NOT NULL,
    CONSTRAINT audit_trail_pk PRIMARY KEY (seq)
);
