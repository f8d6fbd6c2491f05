-- Values of the custom fields admins define for tickets (conf/ticket-fields.yaml; docs/tickets.md, "Custom fields"):
-- the ticket capability's table. A text field's value is sealed under the requester's key (AAD ticket_field_values /
-- ticket id + ":" + field key / value_sealed); the other types (number, drop-down, date, checkbox) are kept as plain
-- codes, so views can filter by them.
CREATE TABLE ticket_field_values (
    ticket_id     CHAR(36)      NOT NULL,
    field_key     VARCHAR(40)   NOT NULL,
    value_plain   VARCHAR(100),
    value_sealed  BYTEA,
    CONSTRAINT ticket_field_values_pk PRIMARY KEY (ticket_id, field_key)
);

CREATE INDEX ticket_field_values_value ON ticket_field_values (field_key, value_plain);
