-- The plugin host (docs/storage.md, "channel_outbox"): why the last attempt to send each outbox entry failed, so the
-- admin sees it on the instance's page and in the API. No personal data: the class name of what the send threw and
-- a reason the node chose from a fixed list, never the exception's message (which may quote the customer's address
-- or the reply). last_error_class is NULL when the node gave up on its own (unaddressable, instance-deleted).
ALTER TABLE channel_outbox ADD COLUMN last_error_class VARCHAR(128);
ALTER TABLE channel_outbox ADD COLUMN last_error_reason VARCHAR(24);
ALTER TABLE channel_outbox ADD COLUMN last_error_at TIMESTAMP;
ALTER TABLE channel_outbox ADD CONSTRAINT channel_outbox_error_reason_known CHECK (last_error_reason IS NULL
    OR last_error_reason IN ('timeout', 'busy', 'unavailable', 'temporary', 'refused', 'unexpected', 'unaddressable',
        'instance-deleted'));
