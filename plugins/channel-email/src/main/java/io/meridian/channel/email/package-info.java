/**
 * The e-mail channel plugin ({@code channel-email}): one configured instance per mailbox, IMAP in (IDLE or
 * polling), SMTP out, built on Jakarta Mail (Eclipse Angus).
 *
 * <p>Entry point: {@link io.meridian.channel.email.EmailChannelFactory}, found by PF4J through its
 * {@code @Extension}. The rest is internal: the connector, the IMAP mailbox, the parser that turns a mail into an
 * {@code InboundMessage}, the composer that turns a reply into a mail, and the helpers for Message-IDs, the subject's
 * thread token, automatic-mail detection and failure classification.
 */
package io.meridian.channel.email;
