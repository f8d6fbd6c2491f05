package io.meridian.spi.crm;

import java.util.Objects;
import java.time.Instant;

/**
 * A conversation to record in the CRM. Immutable.
 *
 * @param crmContactId the {@link CrmContact#crmId()} it concerns, not blank
 * @param conversationId the appliance's conversation id, stable: usable as the CRM's external key
 * @param channel the channel it took place on, e.g. {@code email}, {@code chat}, {@code channel-telegram}
 * @param summary a short summary for the CRM (may contain personal data: the CRM is declared egress)
 * @param at when the conversation ended
 */
public record CrmActivity(String crmContactId, String conversationId, String channel, String summary, Instant at) {

    /** Validates. */
    public CrmActivity {
        if (crmContactId == null || crmContactId.isBlank()) {
            throw new IllegalArgumentException("CrmActivity crmContactId must not be blank");
        }
        if (conversationId == null || conversationId.isBlank()) {
            throw new IllegalArgumentException("CrmActivity conversationId must not be blank");
        }
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("CrmActivity channel must not be blank");
        }
        Objects.requireNonNull(summary, "CrmActivity summary");
        Objects.requireNonNull(at, "CrmActivity at");
    }

    /** Shows ids, not the summary. */
    @Override
    public String toString() {
        return "CrmActivity[" + crmContactId + ", " + conversationId + ", " + channel + ", " + at + "]";
    }
}
