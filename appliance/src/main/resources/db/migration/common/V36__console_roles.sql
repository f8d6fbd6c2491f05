-- Roles an admin defines (docs/security.md, "Roles and permissions"): a name, the permissions from the fixed list,
-- and the scope of customers the role reads. Lists are comma-separated: permissions are keys such as
-- conversations.read; team_ids are routing team ids (empty: every team); regions are region codes (empty: every
-- region). Kept by the security capability alone (RoleRecords).
CREATE TABLE console_roles (
    id           CHAR(36)      NOT NULL,
    name         VARCHAR(64)   NOT NULL,
    description  VARCHAR(500)  NOT NULL,
    permissions  VARCHAR(1000) NOT NULL,
    team_ids     VARCHAR(4000) NOT NULL,
    regions      VARCHAR(1000) NOT NULL,
    created_at   TIMESTAMP     NOT NULL,
    updated_at   TIMESTAMP     NOT NULL,
    CONSTRAINT console_roles_pk PRIMARY KEY (id),
    CONSTRAINT console_roles_name_unique UNIQUE (name)
);

-- An account with an admin-defined role: its access is that role's. Its role column stays 'AGENT' (the built-in role
-- such accounts rest on), so the CHECK on it and the count of admins are unchanged. No foreign key: a role still held
-- by an account is refused deletion by RoleCatalog, and an id that names no role grants nothing.
ALTER TABLE agents ADD COLUMN role_id CHAR(36);

CREATE INDEX agents_role_id ON agents (role_id);
