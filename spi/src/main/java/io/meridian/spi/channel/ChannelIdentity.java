package io.meridian.spi.channel;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who is at one end of a channel: a kind of address, the address on that channel, and a display name.
 *
 * <p>The appliance resolves a contact from the identity (the same person may write by e-mail and by messaging app),
 * so {@code address} must be the stable id on the channel: an e-mail address, an E.164 phone number, a Telegram user
 * id; not a name that changes. Immutable and thread-safe.
 *
 * @param kind the kind of address, matching {@value #KIND_PATTERN}: {@code email}, {@code phone}, {@code telegram},
 *        {@code line}, {@code whatsapp}...
 * @param address the address on that channel, not blank
 * @param displayName the name the person goes by, or {@code null} if unknown
 */
public record ChannelIdentity(String kind, String address, String displayName) {

    /** The pattern an identity kind matches. */
    public static final String KIND_PATTERN = "[a-z0-9-]{1,32}";
    private static final Pattern KIND = Pattern.compile(KIND_PATTERN);

    /** Validates. */
    public ChannelIdentity {
        Objects.requireNonNull(kind, "ChannelIdentity kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("ChannelIdentity kind '" + kind + "' must match " + KIND_PATTERN);
        }
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("ChannelIdentity address must not be blank (kind " + kind + ")");
        }
    }

    /** @return an e-mail identity */
    public static ChannelIdentity email(String address, String displayName) {
        return new ChannelIdentity("email", address, displayName);
    }

    /** @return a phone identity; the number should be in E.164 form, e.g. {@code +4915112345678} */
    public static ChannelIdentity phone(String e164, String displayName) {
        return new ChannelIdentity("phone", e164, displayName);
    }
}
