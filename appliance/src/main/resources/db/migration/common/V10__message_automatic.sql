-- E-mail (docs/channels.md): whether a machine wrote a customer's message (an auto-reply or a bounce), kept with the
-- message so that routing, however late it runs (after a restart, say), never answers it automatically.
ALTER TABLE messages ADD COLUMN automatic BOOLEAN DEFAULT FALSE NOT NULL;
