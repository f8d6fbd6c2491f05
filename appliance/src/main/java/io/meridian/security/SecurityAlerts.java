package io.meridian.security;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.Messages;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.staffmail.StaffMail;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security alerts to the addresses of {@code security.alerts.mail-to}, through staff mail, each also in the audit
 * log: a name locked after repeated failed sign-ins (or second factors), and an admin (or any account whose role may
 * do more than an agent's) signing in from a network not seen for that account before (IPv4 /24, IPv6 /48; the first sign-in only learns it). The networks are kept as
 * hashes with the account ({@code admin_networks}, V31), never as addresses. And unusual volume by one account:
 * more customer records opened in an hour ({@code security.alerts.reads-per-hour}: conversations and contact pages,
 * their messages by REST) or more exports of customers' data downloaded in a day
 * ({@code security.alerts.exports-per-day}) than the limit, once per account and period. Every alert is also kept
 * ({@code security_alerts}, V37) for the console's Security alerts page, where someone acknowledges it; the number
 * not yet acknowledged is kept in memory for the console's navigation.
 */
public final class SecurityAlerts implements Lifecycle {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final Store store;
    private final Clock clock;
    private final StaffMail mail;
    private final List<String> to;
    private final VolumeLimit reads;
    private final VolumeLimit exports;
    private final AlertRecords alerts = new AlertRecords();
    private final AtomicInteger unacknowledged = new AtomicInteger();

    public SecurityAlerts(Store store, Clock clock, StaffMail mail, List<String> to) {
        this(store, clock, mail, to, 300, 5);
    }

    /** With the limits of records opened per hour and exports downloaded per day, per account. */
    public SecurityAlerts(Store store, Clock clock, StaffMail mail, List<String> to, int readsPerHour,
            int exportsPerDay) {
        this.store = store;
        this.clock = clock;
        this.mail = mail;
        this.to = List.copyOf(to);
        this.reads = new VolumeLimit(readsPerHour, java.time.temporal.ChronoUnit.HOURS);
        this.exports = new VolumeLimit(exportsPerDay, java.time.temporal.ChronoUnit.DAYS);
    }

    /** Counts the alerts nobody has acknowledged yet. */
    @Override
    public Future<Void> start() {
        return store.read(alerts::unacknowledged).map(n -> {
            unacknowledged.set(n);
            return null;
        });
    }

    @Override
    public Future<Void> stop() {
        return Future.succeededFuture();
    }

    /** How many alerts nobody has acknowledged yet (from memory: the console's navigation shows it on every page). */
    public int unacknowledged() {
        return unacknowledged.get();
    }

    /** The newest {@code limit} alerts, newest first. */
    public Future<List<RaisedAlert>> latest(int limit) {
        return store.read(c -> alerts.latest(c, limit));
    }

    /**
     * {@code by} has seen the alert and taken care of it: kept with who and when (a second acknowledgement changes
     * nothing). Empty for an unknown id.
     */
    public Future<Optional<RaisedAlert>> acknowledge(String id, SignedInAgent by) {
        Instant now = clock.instant();
        return store.write(c -> {
            boolean open = alerts.open(c, id);
            Optional<RaisedAlert> after = alerts.acknowledge(c, id, by.username(), now);
            return Map.entry(open, after);
        }).map(done -> {
            if (done.getKey() && done.getValue().isPresent()) {
                unacknowledged.decrementAndGet();
                AUDIT.info("'{}' acknowledged the security alert {} ({} about '{}')", by.username(), id,
                        done.getValue().get().kind(), done.getValue().get().username());
            }
            return done.getValue();
        });
    }

    /** The account opened a customer's record; passing the hour's limit is an alert (true: this call raised it). */
    public boolean recordOpened(String agentId, String username) {
        if (!reads.count(agentId, clock.instant())) {
            return false;
        }
        AUDIT.warn("Security alert: '{}' opened more than {} customer records within an hour", username,
                reads.limit());
        send("security-read-volume", "alert.reads.subject", "alert.reads.body", username, reads.limit());
        return true;
    }

    /** The account downloaded a customer's exported data; passing the day's limit is an alert. */
    public boolean exportDownloaded(String agentId, String username) {
        if (!exports.count(agentId, clock.instant())) {
            return false;
        }
        AUDIT.warn("Security alert: '{}' downloaded more than {} exports of customers' data within a day", username,
                exports.limit());
        send("security-export-volume", "alert.exports.subject", "alert.exports.body", username, exports.limit());
        return true;
    }

    /** A name was locked until {@code until}. */
    public void locked(String username, Instant until) {
        AUDIT.warn("Security alert: '{}' locked until {} after repeated failed sign-ins", username, until);
        send("security-lockout", "alert.locked.subject", "alert.locked.body", username, until);
    }

    /**
     * {@code agent} signed in from {@code source}: a new network of an account whose role may do more than the
     * built-in agent's (an admin, or a defined role beyond {@link Permission#AGENT_DEFAULTS}) is an alert. Never
     * fails the sign-in.
     */
    public Future<Boolean> signedIn(SignedInAgent agent, String source) {
        if (!agent.access().beyondAgent()) {
            return Future.succeededFuture(false);
        }
        String network = network(source);
        String hash = sha256(agent.id() + "|" + network);
        Instant now = clock.instant();
        return store.write(c -> {
            if (known(c, agent.id(), hash)) {
                return false;
            }
            boolean first = !anyKnown(c, agent.id());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO admin_networks (agent_id, network_hash, "
                    + "first_seen) VALUES (?, ?, ?)")) {
                s.setString(1, agent.id());
                s.setString(2, hash);
                s.setTimestamp(3, Timestamp.from(now));
                s.executeUpdate();
            }
            return !first;
        }).map(isNew -> {
            if (isNew) {
                AUDIT.warn("Security alert: admin '{}' signed in from a new network {}", agent.username(), network);
                send("security-new-network", "alert.network.subject", "alert.network.body", agent.username(),
                        network);
            }
            return isNew;
        }).otherwise(false);
    }

    private void send(String kind, String subjectKey, String bodyKey, Object first, Object second) {
        RaisedAlert raised = new RaisedAlert(UUID.randomUUID().toString(), clock.instant(), kind, String.valueOf(first),
                String.valueOf(second), null, null);
        store.write(c -> {
            alerts.insert(c, raised);
            return null;
        }).onSuccess(v -> unacknowledged.incrementAndGet());
        if (to.isEmpty() || mail == null) {
            return;
        }
        Messages t = Messages.of(ConsoleLanguage.of(mail.language()).orElse(ConsoleLanguage.EN), ZoneOffset.UTC);
        String subject = t.get(subjectKey, first);
        String body = t.get(bodyKey, first, second instanceof Instant at ? t.dateTime(at) + " UTC" : second);
        store.write(c -> {
            for (String address : to) {
                mail.queue(c, kind, address, subject, body);
            }
            return null;
        }).onSuccess(v -> mail.kick());
    }

    private static boolean known(Connection c, String agentId, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM admin_networks WHERE agent_id = ? "
                + "AND network_hash = ?")) {
            s.setString(1, agentId);
            s.setString(2, hash);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean anyKnown(Connection c, String agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM admin_networks WHERE agent_id = ? "
                + "FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The network of an address: IPv4 to /24, IPv6 to /48; anything unreadable is its own network. */
    static String network(String source) {
        if (source == null || !source.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return String.valueOf(source); // not an address literal: never a name to look up
        }
        try {
            byte[] a = InetAddress.getByName(source).getAddress();
            if (a.length == 4) {
                return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
            }
            return String.format("%02x%02x:%02x%02x:%02x%02x::/48", a[0], a[1], a[2], a[3], a[4], a[5]);
        } catch (UnknownHostException | RuntimeException e) {
            return String.valueOf(source);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
