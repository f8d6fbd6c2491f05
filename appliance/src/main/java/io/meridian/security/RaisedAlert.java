package io.meridian.security;

import java.time.Instant;

/**
 * One security alert as the console lists it: its kind ({@code security-lockout}, {@code security-new-network},
 * {@code security-read-volume}, {@code security-export-volume}), the account it is about, its figure (the time a name
 * is locked until, the network, the limit passed) and who acknowledged it when (null while nobody has).
 */
public record RaisedAlert(String id, Instant raisedAt, String kind, String username, String detail,
        Instant acknowledgedAt, String acknowledgedBy) {

    /** The console's text keys of this kind: {@code alert.<key>.subject} and {@code .body}. */
    public String textKey() {
        return switch (kind) {
            case "security-lockout" -> "locked";
            case "security-new-network" -> "network";
            case "security-read-volume" -> "reads";
            default -> "exports";
        };
    }

    /** For a lockout, the time the name is locked until (its detail); null for the other kinds. */
    public Instant lockedUntil() {
        if (!"security-lockout".equals(kind) || detail == null) {
            return null;
        }
        try {
            return Instant.parse(detail);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }
}
