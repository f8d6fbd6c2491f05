package io.meridian.privacy;

import io.meridian.conversation.ContactRestrictions;
import io.meridian.conversation.ProcessingRestriction;
import io.meridian.conversation.ProcessingRestriction.Ground;
import io.vertx.core.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restriction of processing at the customer's request (GDPR article 18), by admins: placed with its ground, lifted,
 * each change in the audit trail. What a restriction does is the conversation capability's
 * ({@link ContactRestrictions}): the data stays, read-only, and is neither translated nor read by queue rules.
 */
public final class ProcessingRestrictions {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final ContactRestrictions restrictions;

    public ProcessingRestrictions(ContactRestrictions restrictions) {
        this.restrictions = restrictions;
    }

    /** Restricts the customer's processing; an existing restriction stays as it was placed. */
    public Future<ProcessingRestriction> restrict(String contactId, Ground ground, String staffId) {
        return restrictions.restriction(contactId).compose(existing -> existing.isPresent()
                ? Future.succeededFuture(existing.get())
                : restrictions.restrict(contactId, ground, staffId).onSuccess(r -> AUDIT.info(
                        "Processing of customer {} restricted by {} (ground: {})", r.contactId(), staffId,
                        ground.key())));
    }

    /** Lifts it: true if there was one. */
    public Future<Boolean> lift(String contactId, String staffId) {
        return restrictions.lift(contactId).onSuccess(lifted -> {
            if (lifted) {
                AUDIT.info("Restriction of processing lifted from customer {} by {}", contactId, staffId);
            }
        });
    }

    public Future<Optional<ProcessingRestriction>> restriction(String contactId) {
        return restrictions.restriction(contactId);
    }
}
