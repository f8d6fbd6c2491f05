package io.meridian.compliance;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A data-subject request: what the customer asked ({@link Kind}) under which law, how their identity was checked,
 * when it came and by when it must be answered, and how it ended. No personal data: the contact is named by id.
 */
public record SubjectRequest(String id, String contactId, Kind kind, Law law, Verification verifiedBy,
        Instant receivedAt, Instant dueAt, String openedBy, Status status, Instant closedAt, String closedBy,
        String outcome, String exportId, Confirmation confirmation) {

    /** What the customer asked for. */
    public enum Kind {
        /** A copy of their data (GDPR articles 15 and 20, CCPA right to know). */
        ACCESS,
        /** Erasure (GDPR article 17, CCPA deletion). */
        ERASURE,
        /** Correction of their name, e-mail or phone (GDPR article 16, CCPA correction). */
        RECTIFICATION,
        /** Restriction of processing (GDPR article 18): the data kept, read-only, not processed. */
        RESTRICTION,
        /** CCPA opt-out of sale or sharing, recorded (Meridian itself neither sells nor shares). */
        OPT_OUT
    }

    /** The law the request is answered under, which sets its deadline. */
    public enum Law {
        GDPR, CCPA
    }

    /** How the requester was shown to be the customer. */
    public enum Verification {
        EMAIL_REPLY, SIGNED_IN, ID_DOCUMENT, CALL_BACK, OTHER
    }

    public enum Status {
        OPEN, DONE, REFUSED
    }

    /** Whether the customer was told by mail that the request arrived (or, once done, that it is done). */
    public enum Confirmation {
        SENT, FAILED, NONE
    }

    /** Whole days left until the deadline (negative when overdue), counted down from {@code now}. */
    public long daysLeft(Instant now) {
        long hours = Duration.between(now, dueAt).toHours();
        return hours >= 0 ? hours / 24 : -((-hours + 23) / 24);
    }

    public boolean open() {
        return status == Status.OPEN;
    }

    public JsonObject toJson(Instant now) {
        return new JsonObject().put("id", id).put("contactId", contactId).put("kind", name(kind))
                .put("law", name(law)).put("verifiedBy", name(verifiedBy)).put("receivedAt", receivedAt.toString())
                .put("dueAt", dueAt.toString()).put("daysLeft", status == Status.OPEN ? daysLeft(now) : null)
                .put("openedBy", openedBy).put("status", name(status))
                .put("closedAt", closedAt == null ? null : closedAt.toString()).put("closedBy", closedBy)
                .put("outcome", outcome).put("exportId", exportId).put("confirmation", name(confirmation));
    }

    /** The lower-case name of a value, as the API and the console's keys spell it ({@code opt_out}). */
    public static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
