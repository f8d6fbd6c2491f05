package io.meridian.ticket;

/**
 * What an agent changes on a ticket: a null field stays as it is; an empty {@code type}, {@code assigneeId} or
 * {@code teamId} clears it. {@code fields}: custom field values by key (an empty value clears one); null: none.
 */
public record TicketChange(String subject, String status, String priority, String type, String assigneeId,
        String teamId, java.util.Map<String, String> fields) {

    public TicketChange {
        fields = fields == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** A change of the standard fields only. */
    public TicketChange(String subject, String status, String priority, String type, String assigneeId,
            String teamId) {
        this(subject, status, priority, type, assigneeId, teamId, null);
    }

    /**
     * This change without the custom field values the ticket has already ({@code current}, as stored): sending a
     * form back unchanged changes nothing, even a value an admin has since removed from a drop-down's options.
     */
    TicketChange withoutFieldsAsTheyAre(java.util.Map<String, String> current) {
        if (fields == null) {
            return this;
        }
        java.util.Map<String, String> changed = new java.util.LinkedHashMap<>();
        fields.forEach((key, value) -> {
            String given = value == null ? "" : value.strip();
            if (!given.equals(current.getOrDefault(key, ""))) {
                changed.put(key, value);
            }
        });
        return new TicketChange(subject, status, priority, type, assigneeId, teamId, changed.isEmpty() ? null
                : changed);
    }

    public boolean isEmpty() {
        return subject == null && status == null && priority == null && type == null && assigneeId == null
                && teamId == null && (fields == null || fields.isEmpty());
    }
}
