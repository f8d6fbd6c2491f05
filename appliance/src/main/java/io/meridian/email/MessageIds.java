package io.meridian.email;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Message-IDs as the e-mail connector hands them over: one id per value ({@code InboundMessage.externalId},
 * {@code inReplyTo}, each of {@code references}), in angle brackets. Reading them out of mail headers (comments,
 * folding, several ids in one header) is the connector's work and is done there only; here ids are compared without
 * their brackets and surrounding white space, their case kept (RFC 5322 makes it significant), and the threading
 * headers of replies are chosen.
 */
public final class MessageIds {

    /** How many ids an outgoing References header carries at most: the first (thread root) and the newest. */
    public static final int MAX_REFERENCES = 20;

    /** RFC 5322 lines are at most 998 characters; an id longer than a line is not one. */
    private static final int MAX_ID_CHARS = 995;

    private MessageIds() {
    }

    /** The bare id ({@code left@right}) of one id with or without angle brackets; null when it is not one id. */
    public static String normalise(String id) {
        if (id == null) {
            return null;
        }
        String bare = id.strip();
        if (bare.length() >= 2 && bare.charAt(0) == '<' && bare.charAt(bare.length() - 1) == '>') {
            bare = bare.substring(1, bare.length() - 1);
        }
        boolean oneToken = bare.chars().noneMatch(ch -> Character.isWhitespace(ch) || ch == '<' || ch == '>');
        return bare.isEmpty() || bare.length() > MAX_ID_CHARS || !oneToken ? null : bare;
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
