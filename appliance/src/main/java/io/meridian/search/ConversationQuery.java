package io.meridian.search;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent searches for: words (each must occur in the conversation's messages or the contact's name; a quoted
 * group must occur as a phrase) and filters, each null when not set. {@code from} and {@code to} bound when the
 * conversation started ({@code to} exclusive).
 */
record ConversationQuery(String text, String status, String team, String channel, String language, String region,
        String agent, String tag, Instant from, Instant to) {

    private static final Pattern CLAUSE = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    ConversationQuery {
        text = text == null ? "" : text.strip();
    }

    /**
     * The words and quoted phrases of the text, in order, each once; quotes left open count as ending the text.
     */
    List<String> clauses() {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = CLAUSE.matcher(text.replaceAll("\"([^\"]*)$", "\"$1\""));
        while (m.find()) {
            String clause = m.group(1) != null ? m.group(1) : m.group(2);
            if (!clause.isBlank()) {
                out.add(clause);
            }
        }
        return List.copyOf(out);
    }

    /** This query with other words. */
    ConversationQuery withText(String other) {
        return new ConversationQuery(other, status, team, channel, language, region, agent, tag, from, to);
    }

    boolean filtered() {
        return status != null || team != null || channel != null || language != null || region != null
                || agent != null || tag != null || from != null || to != null;
    }
}
