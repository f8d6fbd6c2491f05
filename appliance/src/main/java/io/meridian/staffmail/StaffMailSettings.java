package io.meridian.staffmail;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.nio.file.Path;

/**
 * How staff mail leaves the node: the SMTP relay ({@code host} empty: no staff mail), its port, {@code security}
 * ({@code starttls}, {@code tls} or {@code none}), the account (the password read from {@code passwordFile} when a
 * mail is sent, so it can be rotated without a restart and never sits in the configuration), the sender address and
 * the language the mails are written in.
 */
public record StaffMailSettings(String host, int port, String security, String username, Path passwordFile,
        String from, String language) {

    public static final String STARTTLS = "starttls";
    public static final String TLS = "tls";
    public static final String NONE = "none";

    public static StaffMailSettings from(MeridianConfig config) {
        String password = config.string(ConfigKeys.STAFF_MAIL_PASSWORD_FILE);
        return new StaffMailSettings(config.string(ConfigKeys.STAFF_MAIL_SMTP_HOST).strip(),
                config.integer(ConfigKeys.STAFF_MAIL_SMTP_PORT), config.string(ConfigKeys.STAFF_MAIL_SECURITY),
                config.string(ConfigKeys.STAFF_MAIL_USERNAME).strip(),
                password.isBlank() ? null : config.path(ConfigKeys.STAFF_MAIL_PASSWORD_FILE),
                config.string(ConfigKeys.STAFF_MAIL_FROM).strip(), config.string(ConfigKeys.STAFF_MAIL_LANGUAGE));
    }

    /** Whether a relay is configured. */
    public boolean enabled() {
        return !host.isEmpty();
    }
}
