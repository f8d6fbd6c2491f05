package io.meridian.channel.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message-IDs as this channel exchanges them with the appliance: always in angle brackets, {@code <left@right>},
 * exactly as they appear in {@code Message-ID}, {@code In-Reply-To} and {@code References}, so an id the connector
 * returned from {@code send} is equal to the id a customer's reply carries.
 */
final class MessageIds {

    /** The right-hand side of ids made up for mail that has no Message-ID. */
    static final String HASH_DOMAIN = "hash.meridian.invalid";

    private static final Pattern ID = Pattern.compile("<([^<>\\s]+)>");
    private static final Pattern BARE = Pattern.compile("[^<>\\s@]+@[^<>\\s@]+");
    private static final Pattern SAFE_OUTBOX_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private MessageIds() {
    }

    /**
     * @param header a Message-ID or In-Reply-To header value, possibly with comments or junk
     * @return its first id in angle brackets, or {@code null} if it holds none
     */
    static String first(String header) {
        List<String> all = all(header);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * @param header a References header value (ids separated by white space, possibly folded)
     * @return its ids in order, each once, in angle brackets; a single bare {@code left@right} is accepted too
     */
    static List<String> all(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ID.matcher(header);
        while (m.find()) {
            ids.add("<" + m.group(1) + ">");
        }
        if (ids.isEmpty() && BARE.matcher(header.trim()).matches()) {
            ids.add("<" + header.trim() + ">");
        }
        return new ArrayList<>(ids);
    }

    /**
     * @param id an id with or without angle brackets
     * @return the id in angle brackets, or {@code null} if it is blank or not an id
     */
    static String normalise(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return first(id.trim());
    }

    /**
     * The Message-ID of an outgoing mail: a function of the outbox id and the sending domain only, so a retried send
     * carries the same id and the customer's mail program shows the mail once.
     *
     * @param outboxId the appliance's outbox id
     * @param domain the domain of the from address
     * @return {@code <meridian.OUTBOX-ID@domain>}; an outbox id with other characters than letters, digits, dot,
     *         dash and underscore (or longer than 64) is replaced by a SHA-256 prefix of it
     */
    static String forOutbox(String outboxId, String domain) {
        String local = SAFE_OUTBOX_ID.matcher(outboxId).matches() ? outboxId : sha256Hex(outboxId).substring(0, 40);
        return "<meridian." + local + "@" + domain.toLowerCase(Locale.ROOT) + ">";
    }

    /**
     * @param digest a SHA-256 digest of a raw mail
     * @return an id for a mail without Message-ID: stable for the same bytes, so a refetch is recognised
     */
    static String forHash(byte[] digest) {
        return "<sha256." + HexFormat.of().formatHex(digest, 0, 20) + "@" + HASH_DOMAIN + ">";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
