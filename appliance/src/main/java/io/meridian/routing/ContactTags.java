package io.meridian.routing;

import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Tags staff put on contacts (e.g. {@code vip}). The queue rules read them: when a contact's tags change, its waiting
 * conversations are ranked again in their queues.
 */
final class ContactTags {

    /** The tag the conversation page's VIP button sets. */
    static final String VIP = "vip";
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private final RoutingBasics basics;
    private final BiFunction<String, Object, Future<Integer>> rerank;
    private final ContactTagRecords records = new ContactTagRecords();

    /** {@code rerank} applies the queue rules again to a contact's waiting conversations (contact id, why). */
    ContactTags(RoutingBasics basics, BiFunction<String, Object, Future<Integer>> rerank) {
        this.basics = basics;
        this.rerank = rerank;
    }

    /** Adds or removes a tag on a contact; completes with whether anything changed. */
    Future<Boolean> tag(String contactId, String tag, boolean add, SignedInAgent by) {
        String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        if (!TAG.matcher(t).matches()) {
            return Future.failedFuture(new IllegalArgumentException("a tag is 1-40 lower-case letters, digits, - or _"));
        }
        return basics.store().write(c -> add ? records.add(c, contactId, t, basics.now()) : records.remove(c, contactId, t))
                .compose(changed -> {
                    if (!changed) {
                        return Future.succeededFuture(false);
                    }
                    Object why = by == null ? Reason.phrase(add ? "tagged" : "untagged", t)
                            : Reason.phrase(add ? "tagged-by" : "untagged-by", t, by.displayName());
                    return rerank.apply(contactId, why).map(true);
                });
    }

    /** Tags the contact of a conversation; fails with NoSuchElementException for an unknown conversation. */
    Future<Boolean> tagContactOf(String conversationId, String tag, boolean add, SignedInAgent by) {
        return contactOf(conversationId).compose(contactId -> tag(contactId, tag, add, by));
    }

    Future<List<String>> tags(String contactId) {
        return basics.store().read(c -> records.tags(c, contactId));
    }

    /** The tags of a conversation's contact. */
    Future<List<String>> tagsOfContactOf(String conversationId) {
        return contactOf(conversationId).compose(this::tags);
    }

    private Future<String> contactOf(String conversationId) {
        return basics.hub().conversations().facts(conversationId).compose(found -> found.isPresent()
                ? Future.succeededFuture(found.get().contactId())
                : Future.failedFuture(new NoSuchElementException("No conversation " + conversationId)));
    }
}
