package io.meridian.consent;

import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consent before chatting, where the visitor's home region requires it (docs/privacy.md, "Consent"): the text to show
 * in the visitor's language, recording an agreement to the version in force, withdrawal by the visitor or an agent,
 * and each contact's history. Every write for a contact happens on its home region's node, so this node also knows
 * at once which contacts withdrew, for the widget connections open since ({@link #withdrawnSince}).
 */
public final class Consents {

    /** Shown when no {@code consent.txt} can be read at all, so a visitor is never asked to agree to nothing. */
    static final String FALLBACK_TEXT = "I agree that this conversation and the details I give are stored to answer "
            + "me, as the privacy notice describes. I can withdraw my consent at any time.";
    /**
     * Recent withdrawals, the latest kept longest; a connection whose visitor withdrew before the oldest kept one
     * (ten thousand withdrawals ago) is not stopped by it, though the table knows it at the next hello.
     */
    static final int WITHDRAWALS_KEPT = 10_000;

    private final Vertx vertx;
    private final Store store;
    private final Clock clock;
    private final ConsentSettings settings;
    private final ConsentTexts texts;
    private final String region;
    private final ConsentRecords records = new ConsentRecords();
    private final Map<String, Instant> withdrawals = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > WITHDRAWALS_KEPT;
        }
    };

    public Consents(Vertx vertx, Store store, Clock clock, ConsentSettings settings, ConsentTexts texts,
            String region) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.texts = texts;
        this.region = region;
    }

    /** Whether this node's visitors (homed in its region) must agree before they chat. */
    public boolean required() {
        return settings.requiredIn(region);
    }

    /** The version of the text in force. */
    public String version() {
        return settings.version();
    }

    /** The privacy notice's address; empty when none is configured. */
    public String privacyNoticeUrl() {
        return settings.privacyNoticeUrl();
    }

    /**
     * The text a visitor with {@code locale} agrees to: from the templates folder (read off the event loop, so an
     * admin's edit applies at once), else the built-in English one.
     */
    public Future<ConsentTexts.Text> text(String locale) {
        return vertx.executeBlocking(() -> texts.forLocale(locale).orElseGet(() -> new ConsentTexts.Text("en",
                FALLBACK_TEXT, ConsentTexts.digest(FALLBACK_TEXT))), false);
    }

    /**
     * Records the contact's agreement to {@code version} of the text shown in {@code locale} (whose SHA-256 is
     * {@code digest}, as the visitor was shown it; null: the text in force now), through {@code channel}. Fails with
     * {@link IllegalArgumentException} for a version other than the one in force, or a text that changed since.
     */
    public Future<ConsentRecord> agree(String contactId, String version, String digest, String locale,
            String channel) {
        if (!settings.version().equals(version)) {
            return Future.failedFuture(new IllegalArgumentException("consent version '" + version
                    + "' is not the one in force ('" + settings.version() + "'): show the current text again"));
        }
        return text(locale).compose(text -> {
            if (digest != null && !digest.equals(text.digest())) {
                return Future.failedFuture(new IllegalArgumentException("the consent text changed since it was "
                        + "shown: show the current text again"));
            }
            Instant now = clock.instant();
            return store.write(c -> records.insert(c, contactId, version, text.language(), text.digest(), channel,
                    now));
        });
    }

    /** Withdraws the contact's standing agreements ({@code by}: {@code visitor}, or an agent's username). */
    public Future<Integer> withdraw(String contactId, String by) {
        Instant now = clock.instant();
        return store.write(c -> records.withdraw(c, contactId, by, now)).onSuccess(n -> {
            synchronized (withdrawals) {
                withdrawals.remove(contactId); // to the end: the latest is kept longest
                withdrawals.put(contactId, now);
            }
        });
    }

    /** Whether the contact withdrew on this node at or after {@code since} (a connection's agreement). */
    public boolean withdrawnSince(String contactId, Instant since) {
        synchronized (withdrawals) {
            Instant at = withdrawals.get(contactId);
            return at != null && !at.isBefore(since);
        }
    }

    /** The contact's agreements and withdrawals, newest first. */
    public Future<List<ConsentRecord>> history(String contactId) {
        return store.read(c -> records.of(c, contactId));
    }

    /** The contact's standing agreement to the version in force, if any. */
    public Future<Optional<ConsentRecord>> standing(String contactId) {
        return history(contactId).map(all -> all.stream()
                .filter(r -> r.standing() && r.version().equals(settings.version())).findFirst());
    }
}
