package io.meridian.staffmail;

import io.meridian.lifecycle.Lifecycle;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff mail queue: {@link #queue} inside the write that causes a mail, then {@link #kick}; the node sends what is
 * due every {@value #ROUND_MILLIS} ms anyway. A failed try is tried again after 1, 5, 15, 60 minutes and then every
 * 4 hours, {@value #MAX_ATTEMPTS} tries in all, each logged without the password. Sent mails are forgotten after
 * {@value #KEEP_DAYS} days.
 */
public final class StaffMail implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StaffMail.class);
    static final long ROUND_MILLIS = 15_000;
    static final int MAX_ATTEMPTS = 10;
    static final int KEEP_DAYS = 30;
    private static final int PER_ROUND = 20;
    private static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofHours(4));

    private final Vertx vertx;
    private final Store store;
    private final Clock clock;
    private final StaffMailSettings settings;
    private final SmtpRelay relay;
    private final StaffMailRecords records = new StaffMailRecords();
    private final AtomicBoolean toldOff = new AtomicBoolean();
    /** Whether a round is running, and the round asked for meanwhile (null: none), both guarded by {@code this}. */
    private boolean sending;
    private Promise<Integer> following;
    private long timer = -1;

    public StaffMail(Vertx vertx, Store store, Clock clock, StaffMailSettings settings) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.relay = new SmtpRelay(settings);
    }

    @Override
    public Future<Void> start() {
        if (settings.enabled()) {
            timer = vertx.setPeriodic(ROUND_MILLIS, t -> sendDue());
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.succeededFuture();
    }

    /** Whether a relay is configured ({@code staff-mail.smtp-host}): without one no mail is sent. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** The language staff mail is written in (a console language tag). */
    public String language() {
        return settings.language();
    }

    /**
     * Queues a mail to {@code recipient} in the caller's write ({@code kind} says what it is about, e.g.
     * {@code sla-breach}). Without a relay configured nothing is queued, and the first such mail is logged saying so.
     */
    public void queue(Connection c, String kind, String recipient, String subject, String body) throws SQLException {
        if (!settings.enabled()) {
            if (toldOff.compareAndSet(false, true)) {
                LOG.warn("Staff mail ({}) not sent: staff-mail.smtp-host is not set (docs/staff-mail.md)", kind);
            }
            return;
        }
        records.insert(c, UUID.randomUUID().toString(), kind, recipient, cut(subject, 300), cut(body, 4000),
                clock.instant());
    }

    /**
     * Sends one mail at once, not queued: for a mail whose recipient is a customer, whose address must not be kept in
     * clear in the queue. Fails (the caller shows it and may try again) without a relay or when the relay refuses.
     */
    public Future<Void> sendNow(String recipient, String subject, String body) {
        if (!settings.enabled()) {
            return Future.failedFuture(new IllegalStateException("staff-mail.smtp-host is not set: no mail can be sent"
                    + " (docs/staff-mail.md)"));
        }
        Instant at = clock.instant();
        return vertx.executeBlocking(() -> {
            relay.send(recipient, cut(subject, 300), body, at);
            return null;
        }, false);
    }

    /** Sends what is due now, after a write that queued mail committed. */
    public void kick() {
        if (settings.enabled()) {
            sendDue();
        }
    }

    /** Mails waiting to be sent, and mails given up. */
    public Future<long[]> counts() {
        return store.read(records::counts);
    }

    /**
     * Tries the mails due now, one round at a time (asked while one runs: the round after it); completes with how many
     * that round sent.
     */
    public Future<Integer> sendDue() {
        if (!settings.enabled()) {
            return Future.succeededFuture(0);
        }
        synchronized (this) {
            if (sending) {
                if (following == null) {
                    following = Promise.promise();
                }
                return following.future();
            }
            sending = true;
        }
        return round().onComplete(ar -> {
            Promise<Integer> next;
            synchronized (this) {
                sending = false;
                next = following;
                following = null;
            }
            if (next != null) {
                sendDue().onComplete(next);
            }
        });
    }

    private Future<Integer> round() {
        Instant now = clock.instant();
        return store.read(c -> records.due(c, now, PER_ROUND))
                .compose(due -> vertx.executeBlocking(() -> due.stream().map(this::tryOne).toList(), false)
                        .compose(results -> store.write(c -> {
                            int sent = 0;
                            for (int i = 0; i < due.size(); i++) {
                                StaffMailRecords.Queued q = due.get(i);
                                String error = results.get(i);
                                if (error == null) {
                                    records.sent(c, q.id(), clock.instant());
                                    sent++;
                                } else {
                                    Instant next = q.attempts() + 1 >= MAX_ATTEMPTS ? null : clock.instant()
                                            .plus(BACKOFF.get(Math.min(q.attempts(), BACKOFF.size() - 1)));
                                    records.failed(c, q.id(), error, next);
                                    LOG.warn("Staff mail ({}) to {} not sent, try {} of {}: {}", q.kind(),
                                            q.recipient(), q.attempts() + 1, MAX_ATTEMPTS, error);
                                }
                            }
                            records.purge(c, now.minus(Duration.ofDays(KEEP_DAYS)));
                            return sent;
                        })));
    }

    /** Null when sent, else what went wrong (no secret in it: the relay's answer or the exception's message). */
    private String tryOne(StaffMailRecords.Queued q) {
        try {
            relay.send(q.recipient(), q.subject(), q.body(), clock.instant());
            return null;
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Whether {@code text} is one plain e-mail address ({@code lead@example.com}, no name or list). */
    public static boolean isAddress(String text) {
        if (text == null || text.length() > 254 || !text.contains("@") || !text.strip().equals(text)) {
            return false;
        }
        try {
            jakarta.mail.internet.InternetAddress parsed = new jakarta.mail.internet.InternetAddress(text, true);
            return parsed.getAddress().equals(text) && parsed.getPersonal() == null;
        } catch (jakarta.mail.internet.AddressException e) {
            return false;
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
