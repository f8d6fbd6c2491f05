-- Language (docs/language.md): the language detected on each inbound customer message, and the console language and
-- time zone each agent chose. contacts.locale stays what the contact's own device or profile says.

-- Set once detection has run (moments after the message is stored); NULL on agent and system messages and on
-- messages stored before this migration. language is an ISO 639-1 code, or zh-CN / zh-TW for Chinese.
-- language_confidence is 0..1; language_source says what the answer rests on: the text itself, or, for short or
-- mixed messages, the contact's known language or the browser's.
ALTER TABLE messages ADD COLUMN language VARCHAR(35);
ALTER TABLE messages ADD COLUMN language_confidence DOUBLE;
ALTER TABLE messages ADD COLUMN language_source VARCHAR(8);
ALTER TABLE messages ADD CONSTRAINT messages_language_source_known
    CHECK (language_source IS NULL OR language_source IN ('TEXT', 'CONTACT', 'BROWSER', 'NONE'));

-- The agent's console language (one of the console's languages, e.g. de, zh-TW) and IANA time zone
-- (e.g. Europe/Berlin). NULL: the browser's Accept-Language, and the node's time zone.
ALTER TABLE agents ADD COLUMN console_language VARCHAR(16);
ALTER TABLE agents ADD COLUMN time_zone VARCHAR(64);
