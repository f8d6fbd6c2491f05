-- When a team's hours change, the running targets counted in its hours are counted again (docs/tickets.md): this
-- index finds them in pages without reading every ticket's targets.
CREATE INDEX ticket_sla_team ON ticket_sla (calendar_team, state, ticket_id, target);
