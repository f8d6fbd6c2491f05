-- Console accounts and sign-in lockout (docs/security.md).

-- Usernames are stored in lower case, so the unique constraint makes them case-insensitive.
-- password_hash is an Argon2id PHC string; the password itself is never stored.
CREATE TABLE agents (
    id                   CHAR(36)     NOT NULL,
    username             VARCHAR(64)  NOT NULL,
    display_name         VARCHAR(100) NOT NULL,
    role                 VARCHAR(16)  NOT NULL,
    password_hash        VARCHAR(512) NOT NULL,
    must_change_password BOOLEAN      NOT NULL,
    created_at           TIMESTAMP    NOT NULL,
    password_changed_at  TIMESTAMP    NOT NULL,
    CONSTRAINT agents_pk PRIMARY KEY (id),
    CONSTRAINT agents_username_unique UNIQUE (username),
    CONSTRAINT agents_role_known CHECK (role IN ('AGENT', 'ADMIN'))
);

-- Consecutive failed sign-ins per username. Kept by name, not by account, and also for names that have no
-- account: a lockout then looks the same for every name and does not reveal which usernames exist.
CREATE TABLE login_failures (
    username        VARCHAR(64) NOT NULL,
    failures        INT         NOT NULL,
    last_failure_at TIMESTAMP   NOT NULL,
    locked_until    TIMESTAMP,
    CONSTRAINT login_failures_pk PRIMARY KEY (username)
);
