package io.meridian.console;

import io.meridian.lifecycle.Lifecycle;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each agent's console language and time zone, stored on the agent ({@code agents.console_language},
 * {@code agents.time_zone}, migration V5) and kept in memory, so a page finds them without a database round trip.
 * A change is published on {@value #CHANGED_ADDRESS}, so every node of a cluster follows it. The agents' table is
 * the accounts capability's: its {@link Records} are handed over at the composition root, so this package runs no
 * SQL on it and depends on no other capability.
 */
public final class ConsolePreferences implements Lifecycle {

    /** Event-bus address of {@link ConsolePreferenceChanged} events. */
    public static final String CHANGED_ADDRESS = "meridian.console.preferences";
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePreferences.class);

    /** An agent's choices; each may be empty: the browser's language, the node's time zone. */
    public record Preference(Optional<ConsoleLanguage> language, Optional<ZoneId> timeZone) {
        public static final Preference NONE = new Preference(Optional.empty(), Optional.empty());
    }

    /** An agent's stored choices as tags: each null when not chosen. */
    public record Stored(String agentId, String language, String timeZone) {
    }

    /** Where the choices are kept, by the owner of the agents' table; runs inside the store's work, never commits. */
    public interface Records {

        /** Every agent who chose a language or a time zone. */
        List<Stored> chosen(Connection c) throws SQLException;

        /** Stores the agent's choices (null: not chosen); false when there is no such agent. */
        boolean save(Connection c, String agentId, String language, String timeZone) throws SQLException;
    }

    private final Vertx vertx;
    private final Store store;
    private final Records records;
    private final Map<String, Preference> byAgent = new ConcurrentHashMap<>();
    private MessageConsumer<ConsolePreferenceChanged> changes;

    public ConsolePreferences(Vertx vertx, Store store, Records records) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
        this.records = Objects.requireNonNull(records, "records");
    }

    /** Reads every agent's choices and starts following changes made on other nodes. */
    @Override
    public Future<Void> start() {
        changes = vertx.eventBus().<ConsolePreferenceChanged>consumer(CHANGED_ADDRESS, m -> apply(m.body()));
        return store.read(c -> {
            Map<String, Preference> found = new java.util.HashMap<>();
            for (Stored stored : records.chosen(c)) {
                found.put(stored.agentId(), preference(stored.agentId(), stored.language(), stored.timeZone()));
            }
            return found;
        }).onSuccess(byAgent::putAll).mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        return changes == null ? Future.succeededFuture() : changes.unregister();
    }

    /** The agent's choices; {@link Preference#NONE} for an agent who never chose. */
    public Preference of(String agentId) {
        return agentId == null ? Preference.NONE : byAgent.getOrDefault(agentId, Preference.NONE);
    }

    /**
     * Stores the agent's choices (empty: back to the browser's language, the node's time zone). Fails with
     * {@link NoSuchElementException} for an unknown agent.
     */
    public Future<Void> save(String agentId, Optional<ConsoleLanguage> language, Optional<ZoneId> timeZone) {
        Objects.requireNonNull(agentId, "agentId");
        String languageTag = language.map(ConsoleLanguage::tag).orElse(null);
        String zoneId = timeZone.map(ZoneId::getId).orElse(null);
        return store.write(c -> {
            if (!records.save(c, agentId, languageTag, zoneId)) {
                throw new NoSuchElementException("No agent " + agentId);
            }
            return null;
        }).onSuccess(v -> {
            ConsolePreferenceChanged change = new ConsolePreferenceChanged(agentId, languageTag, zoneId);
            apply(change);
            vertx.eventBus().publish(CHANGED_ADDRESS, change);
        }).mapEmpty();
    }

    private void apply(ConsolePreferenceChanged change) {
        String agentId = change.agentId();
        if (agentId != null) {
            byAgent.put(agentId, preference(agentId, change.language(), change.timeZone()));
        }
    }

    /** Values that no longer parse (a zone renamed in a new time-zone database) count as not chosen. */
    private static Preference preference(String agentId, String language, String zone) {
        Optional<ConsoleLanguage> lang = language == null ? Optional.empty() : ConsoleLanguage.of(language);
        Optional<ZoneId> timeZone = Optional.empty();
        if (zone != null) {
            try {
                timeZone = Optional.of(ZoneId.of(zone));
            } catch (DateTimeException e) {
                LOG.warn("Agent {} has an unknown time zone '{}'; using the node's", agentId, zone);
            }
        }
        return new Preference(lang, timeZone);
    }

}
