-- Translation (docs/translation.md): glossary per language pair, translations of messages beside their originals,
-- a per-contact cache and translation memory. Every translated text is customer data and is sealed with the contact's
-- own data key (like messages.body_sealed), so erasing the contact shreds its translations, cache and memory too.

-- Glossary terms per language pair: staff-maintained configuration, not customer data, kept in the clear.
-- target_term is NULL for a do-not-translate term (brand names, SKUs).
CREATE TABLE translation_glossary (
    id                CHAR(36)      NOT NULL,
    source_lang       VARCHAR(35)   NOT NULL,
    target_lang       VARCHAR(35)   NOT NULL,
    source_term       VARCHAR(200)  NOT NULL,
    target_term       VARCHAR(200),
    do_not_translate  BOOLEAN       NOT NULL,
    updated_at        TIMESTAMP     NOT NULL,
    CONSTRAINT translation_glossary_pk PRIMARY KEY (id),
    CONSTRAINT translation_glossary_term UNIQUE (source_lang, target_lang, source_term),
    CONSTRAINT translation_glossary_target CHECK (do_not_translate OR target_term IS NOT NULL)
);

-- Bumped on every change to a pair's glossary; part of the cache key, so a changed glossary is never served stale.
CREATE TABLE translation_glossary_versions (
    source_lang  VARCHAR(35)  NOT NULL,
    target_lang  VARCHAR(35)  NOT NULL,
    version      BIGINT       NOT NULL,
    CONSTRAINT translation_glossary_versions_pk PRIMARY KEY (source_lang, target_lang)
);

-- The translation of one message (inbound: into the agent's language; outbound: the agent's reply into the
-- customer's). status is the outcome (TRANSLATED, EGRESS_REFUSED, NO_ENGINE, FAILED...); a FAILED one is retried
-- in the background until attempts run out. text_sealed is NULL unless TRANSLATED.
CREATE TABLE message_translations (
    message_id       CHAR(36)      NOT NULL,
    direction        VARCHAR(8)    NOT NULL,
    source_lang      VARCHAR(35),
    target_lang      VARCHAR(35)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    text_sealed      BLOB(1M),
    engine           VARCHAR(64),
    confidence       DOUBLE,
    via              VARCHAR(120),
    detail           VARCHAR(300),
    attempts         INT           NOT NULL,
    flagged_bad      BOOLEAN       NOT NULL DEFAULT FALSE,
    updated_at       TIMESTAMP     NOT NULL,
    CONSTRAINT message_translations_pk PRIMARY KEY (message_id),
    CONSTRAINT message_translations_message_fk FOREIGN KEY (message_id) REFERENCES messages (id),
    CONSTRAINT message_translations_direction CHECK (direction IN ('INBOUND', 'OUTBOUND'))
);
CREATE INDEX message_translations_status ON message_translations (status);

-- Cache and translation memory, per contact. lookup is a keyed fingerprint (blind index) of pair, glossary version and
-- source text, so the key reveals nothing; the translation itself is sealed with the contact's key. kind CACHE is an
-- engine's answer; kind MEMORY is an agent's correction, used before any engine for the same segment.
CREATE TABLE translation_segments (
    id            CHAR(36)      NOT NULL,
    contact_id    CHAR(36)      NOT NULL,
    kind          VARCHAR(8)    NOT NULL,
    lookup        VARCHAR(64)   NOT NULL,
    text_sealed   BLOB(1M)      NOT NULL,
    engine        VARCHAR(64),
    confidence    DOUBLE,
    via           VARCHAR(120),
    agent_id      VARCHAR(64),
    created_at    TIMESTAMP     NOT NULL,
    CONSTRAINT translation_segments_pk PRIMARY KEY (id),
    CONSTRAINT translation_segments_lookup UNIQUE (contact_id, kind, lookup),
    CONSTRAINT translation_segments_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
    CONSTRAINT translation_segments_kind CHECK (kind IN ('CACHE', 'MEMORY'))
);
