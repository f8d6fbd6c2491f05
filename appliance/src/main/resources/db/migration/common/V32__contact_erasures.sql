-- Erasure of customers at their request (docs/privacy.md). No personal data: ids, staff ids, times and counts.

-- One row per erased customer (the surviving contact of a merge): who erased them, when, and what was shredded.
CREATE TABLE contact_erasures (
    contact_id           CHAR(36)     NOT NULL,
    erased_by            VARCHAR(64)  NOT NULL,
    erased_at            TIMESTAMP    NOT NULL,
    contacts_shredded    INT          NOT NULL,
    conversations_kept   INT          NOT NULL,
    CONSTRAINT contact_erasures_pk PRIMARY KEY (contact_id)
);

-- A legal hold keeps a customer's data from erasure (a lawsuit, an investigation) until an admin lifts it.
-- reference is the case's reference as the company files it (staff data; the docs ask for no customer names).
CREATE TABLE legal_holds (
    contact_id  CHAR(36)      NOT NULL,
    reference   VARCHAR(200)  NOT NULL,
    placed_by   VARCHAR(64)   NOT NULL,
    placed_at   TIMESTAMP     NOT NULL,
    CONSTRAINT legal_holds_pk PRIMARY KEY (contact_id)
);
