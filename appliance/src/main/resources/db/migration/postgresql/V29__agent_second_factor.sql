-- Two-step sign-in (docs/security.md): the security package's tables. The authenticator secret of an account is
-- sealed with a key derived from the node's master key (AES-256-GCM, bound to the table, the account and the column);
-- last_step is the last time step a code was accepted for, so a code works once. Recovery codes are kept as
-- SHA-256 hashes (each is 50 random bits, too many to guess), each usable once.
CREATE TABLE agent_second_factor (
    agent_id       CHAR(36)                   NOT NULL,
    secret_sealed  BYTEA  NOT NULL,
    enrolled_at    TIMESTAMP                  NOT NULL,
    last_step      BIGINT                     NOT NULL,
    CONSTRAINT agent_second_factor_pk PRIMARY KEY (agent_id)
);

CREATE TABLE agent_recovery_codes (
    agent_id   CHAR(36)   NOT NULL,
    code_hash  CHAR(64)   NOT NULL,
    used_at    TIMESTAMP,
    CONSTRAINT agent_recovery_codes_pk PRIMARY KEY (agent_id, code_hash)
);
