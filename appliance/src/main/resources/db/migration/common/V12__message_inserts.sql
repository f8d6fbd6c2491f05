-- The chat path's inserts (issue 13, docs/benchmarks.md "Store path"): every message insert maintained six indexes
-- and looked up two parents. The two foreign keys go: a message is inserted only by the conversation capability, in
-- the transaction that reads and updates its conversation row (last_seq), whose contact_id it copies, so both parents
-- exist by construction; their backing indexes served no query (conversation_id and contact_id lookups use the
-- leading columns of messages_conversation_seq and messages_contact_client). What stays: the primary key (the other
-- tables' foreign keys and lookups by id), the conversation's order, and the two resend checks.
ALTER TABLE messages DROP CONSTRAINT messages_conversation_fk;
ALTER TABLE messages DROP CONSTRAINT messages_contact_fk;
