-- The networks each admin has signed in from (docs/security.md, "Security alerts"): the security package's table.
-- Kept as SHA-256 of the account and the network (IPv4 /24, IPv6 /48), never as addresses; a network not seen before
-- for an admin who has signed in before raises an alert.
CREATE TABLE admin_networks (
    agent_id      CHAR(36)   NOT NULL,
    network_hash  CHAR(64)   NOT NULL,
    first_seen    TIMESTAMP  NOT NULL,
    CONSTRAINT admin_networks_pk PRIMARY KEY (agent_id, network_hash)
);
