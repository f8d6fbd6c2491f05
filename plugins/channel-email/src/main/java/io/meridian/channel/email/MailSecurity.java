package io.meridian.channel.email;

import java.util.Locale;
import java.util.Optional;

/** How a connection to the IMAP or SMTP server is protected. */
enum MailSecurity {
    /** Plain text; only for a server on the same host or a trusted network. */
    NONE,
    /** Plain connection upgraded with STARTTLS; refused if the server does not offer it. */
    STARTTLS,
    /** TLS from the first byte (IMAPS on 993, SMTPS on 465). */
    TLS;

    /** The values an admin may enter, for help texts and errors. */
    static final String CHOICES = "none, starttls or tls";

    static Optional<MailSecurity> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return Optional.of(NONE);
            case "starttls":
                return Optional.of(STARTTLS);
            case "tls":
            case "ssl":
                return Optional.of(TLS);
            default:
                return Optional.empty();
        }
    }
}
