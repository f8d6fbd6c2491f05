-- What the inbox shows about whose turn it is (docs/workspace.md): who wrote last, and since when the customer has
-- been waiting for an answer (their first message after the last agent reply; null when an agent answered last).
ALTER TABLE conversations ADD COLUMN last_author VARCHAR(8);
ALTER TABLE conversations ADD COLUMN customer_waiting_since TIMESTAMP;
