-- Restriction of processing (GDPR article 18, docs/privacy.md): while set, the customer's data is kept but read-only
-- and no machine translation or queue rule reads it. Set on every contact of the customer (the surviving one and
-- those merged into it). The ground is one of the article's four; restricted_by is a staff id.
ALTER TABLE contacts ADD COLUMN restricted_at TIMESTAMP;
ALTER TABLE contacts ADD COLUMN restricted_by VARCHAR(64);
ALTER TABLE contacts ADD COLUMN restricted_ground VARCHAR(20);

-- A data-subject request may ask for it.
ALTER TABLE subject_requests DROP CONSTRAINT subject_requests_kind;
ALTER TABLE subject_requests ADD CONSTRAINT subject_requests_kind
    CHECK (kind IN ('ACCESS', 'ERASURE', 'RECTIFICATION', 'RESTRICTION', 'OPT_OUT'));
