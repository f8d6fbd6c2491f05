-- The note an agent leaves for the team a ticket is handed to (docs/tickets.md, "Handover"): sealed under the
-- requester's key (AAD tickets / ticket id / handover_note_sealed), like the subject. The ticket capability's table.
ALTER TABLE tickets ADD COLUMN handover_note_sealed VARCHAR(8200) FOR BIT DATA;
