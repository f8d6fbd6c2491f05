-- Account administration (docs/security.md, "Account administration"): a deactivated account cannot sign in and
-- keeps its history; a password an admin reset is a one-time password that expires.
ALTER TABLE agents ADD COLUMN active BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE agents ADD COLUMN password_expires_at TIMESTAMP;
