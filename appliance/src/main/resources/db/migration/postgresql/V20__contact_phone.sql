-- A contact's phone number as they gave it (the widget's pre-chat form), sealed with the contact's data key like the
-- name and e-mail address; its blind index is a 'phone' identity in contact_identities, so search finds it.
ALTER TABLE contacts ADD COLUMN phone_sealed BYTEA;
