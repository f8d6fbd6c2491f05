package io.meridian.inbox;

import io.meridian.conversation.ConversationSummary;
import io.meridian.security.SignedInAgent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.ZoneId;
import java.util.List;

/**
 * The inbox's search form, answered by another capability (search): the conversations matching the form's
 * parameters, and the filters the form offers.
 */
public interface InboxSearch {

    /** The parameters of the search form besides {@code q}; a request with any of them set is a search. */
    List<String> FILTERS = List.of("status", "team", "channel", "language", "region", "agent", "tag", "from", "to");

    /**
     * Up to {@code limit} conversations matching the form's {@code params}, days read in {@code zone}; fails with an
     * IllegalArgumentException, whose message says what is wrong, for a bad parameter.
     */
    Future<Found> find(SignedInAgent agent, MultiMap params, ZoneId zone, int limit);

    /** The drop-down filters of the form, their options in {@code language} (the console's). */
    Future<List<Filter>> filters(String language);

    /** A page of results and how many match in all. */
    record Found(List<ConversationSummary> conversations, int total) {
    }

    /**
     * A drop-down of the form: {@code param} is its parameter, {@code label} a console message key; each option's
     * label is shown as it is when {@code literal}, else it is a console message key.
     */
    record Filter(String param, String label, List<Option> options) {
    }

    record Option(String value, String label, boolean literal) {
    }
}
