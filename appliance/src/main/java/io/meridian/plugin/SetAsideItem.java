package io.meridian.plugin;

import java.time.Instant;

/**
 * An inbound item a channel connector set aside (e.g. a mail that broke the connection each time it was read), as
 * admins see it with its instance. {@code sender} and {@code subject} are personal data: kept in memory only, shown
 * to admins, never logged. Either may be null.
 */
public record SetAsideItem(String reference, String sender, String subject, String reason, Instant at) {
}
