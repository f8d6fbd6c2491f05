package io.meridian.email;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message-IDs as they appear in {@code Message-ID}, {@code In-Reply-To} and {@code References} headers
 * (RFC 5322 section 3.6.4): {@code <left@right>} tokens separated by white space or comments. Ids are compared
 * without their angle brackets and surrounding white space; their case is kept, as the RFC makes it significant.
 */
public final class MessageIds {

    /** How many ids an outgoing References header carries at most: the first (thread root) and the newest. */
    public static final int MAX_REFERENCES = 20;

    private static final Pattern BRACKETED = Pattern.compile("<([^<>\\s]{1,995})>");

    private MessageIds() {
    }

    /** The bare id ({@code left@right}), or null when {@code raw} holds none. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        List<String> ids = parse(raw);
        if (!ids.isEmpty()) {
            return ids.get(0);
        }
        String bare = raw.strip();
        return bare.isEmpty() || bare.length() > 995 || bare.chars().anyMatch(Character::isWhitespace) ? null : bare;
    }

    /** Every id in a header value, in order, without duplicates; an empty list for null. */
    public static List<String> parse(String header) {
        if (header == null) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = BRACKETED.matcher(header);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return List.copyOf(ids);
    }

    /** The ids a mail points back to: its In-Reply-To first, then its References from newest to oldest. */
    public static List<String> ancestors(String inReplyTo, List<String> references) {
        Set<String> out = new LinkedHashSet<>();
        String parent = normalise(inReplyTo);
        if (parent != null) {
            out.add(parent);
        }
        if (references != null) {
            List<String> refs = new ArrayList<>();
            for (String r : references) {
                String id = normalise(r);
                if (id != null) {
                    refs.add(id);
                }
            }
            for (int i = refs.size() - 1; i >= 0; i--) {
                out.add(refs.get(i));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The References of a reply to a thread whose messages had {@code chain} as ids, oldest first: the whole chain
     * when short, else the root and the newest {@code MAX_REFERENCES - 1} ids (mail clients thread on both ends).
     */
    public static List<String> references(List<String> chain) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(chain));
        if (ids.size() <= MAX_REFERENCES) {
            return List.copyOf(ids);
        }
        List<String> out = new ArrayList<>(MAX_REFERENCES);
        out.add(ids.get(0));
        out.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
        return List.copyOf(out);
    }

    /** The header form of an id: {@code <left@right>}. */
    public static String bracketed(String id) {
        return "<" + id + ">";
    }
}
