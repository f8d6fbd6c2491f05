package io.meridian.channel.email;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback thread token in the subject of every reply: {@code [#ref]}, where {@code ref} is the conversation id
 * in lower case with everything but letters and digits removed, cut to its first 8 characters (for the appliance's
 * UUIDs: the first 8 hex digits). A customer's mail program may drop the {@code In-Reply-To} and {@code References}
 * headers (or the customer writes a new mail and pastes the subject); the token still names the conversation.
 *
 * <p>A token is a short prefix, not a key: the appliance joins a mail by it only when the headers match nothing,
 * and only to a conversation of the same sender.
 */
final class ThreadToken {

    /** Length of the reference in the token. */
    static final int LENGTH = 8;

    private static final Pattern TOKEN = Pattern.compile("\\[#([a-z0-9]{4,32})]", Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "^\\s*(re|aw|sv|antw|odp|vs|ref|rif|r|回复|回覆|答复)\\s*(\\[\\d+])?\\s*[:：]", Pattern.CASE_INSENSITIVE);

    private ThreadToken() {
    }

    /**
     * @param conversationId the appliance's conversation id
     * @return its reference, e.g. {@code 3f2a9c1e}
     */
    static String reference(String conversationId) {
        String ref = conversationId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (ref.isEmpty()) {
            ref = Integer.toHexString(conversationId.hashCode());
        }
        return ref.length() <= LENGTH ? ref : ref.substring(0, LENGTH);
    }

    /**
     * @param conversationId the appliance's conversation id
     * @return the token, e.g. {@code [#3f2a9c1e]}
     */
    static String token(String conversationId) {
        return "[#" + reference(conversationId) + "]";
    }

    /**
     * @param subject a subject, may be {@code null}
     * @return the reference of the last token in it, lower case
     */
    static Optional<String> find(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = TOKEN.matcher(subject);
        String last = null;
        while (m.find()) {
            last = m.group(1).toLowerCase(Locale.ROOT);
        }
        return Optional.ofNullable(last);
    }

    /**
     * The subject of an outgoing mail: the appliance's subject, with {@code Re: } in front when it answers a mail
     * and has no reply prefix yet, and the token at the end unless it is already there.
     *
     * @param subject the subject the appliance passed, may be {@code null}
     * @param conversationId the conversation
     * @param isReply whether the mail answers one of the customer's
     * @return the subject to send
     */
    static String subject(String subject, String conversationId, boolean isReply) {
        String base = subject == null ? "" : subject.strip();
        if (isReply && !base.isEmpty() && !REPLY_PREFIX.matcher(base).find()) {
            base = "Re: " + base;
        }
        String token = token(conversationId);
        if (base.toLowerCase(Locale.ROOT).contains(token)) {
            return base;
        }
        if (base.isEmpty()) {
            return isReply ? "Re: " + token : token;
        }
        return base + " " + token;
    }
}
