-- E-mail (docs/channels.md, docs/api.md): the subject and sender address of each inbound mail, kept with its mail
-- parts so the REST API can give them per message (the conversation keeps only its latest subject, for the reply).
-- Both are personal data: sealed with the conversation's contact key like the HTML. NULL for mail stored before.
ALTER TABLE message_html ADD COLUMN subject_sealed BYTEA;
ALTER TABLE message_html ADD COLUMN sender_sealed BYTEA;
