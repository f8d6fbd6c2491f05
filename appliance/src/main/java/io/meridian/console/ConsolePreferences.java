package io.meridian.console;

import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.ZoneId;
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
 * A change is published on {@value #CHANGED_ADDRESS}, so every node of a cluster follows it.
 */
public final class ConsolePreferences {

    /** Event-bus address of {@code {agentId, language, timeZone}} changes. */
    public static final String CHANGED_ADDRESS = "meridian.console.preferences";
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePreferences.class);

    /** An agent's choices; each may be empty: the browser's language, the node's time zone. */
    public record Preference(Optional<ConsoleLanguage> language, Optional<ZoneId> timeZone) {
        public static final Preference NONE = new Preference(Optional.empty(), Optional.empty());
    }

    private final Vertx vertx;
    private final Store store;
    private final Map<String, Preference> byAgent = new ConcurrentHashMap<>();
    private MessageConsumer<JsonObject> changes;

    public ConsolePreferences(Vertx vertx, Store store) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Reads every agent's choices and starts following changes made on other nodes. */
    public Future<Void> load() {
        changes = vertx.eventBus().consumer(CHANGED_ADDRESS, m -> apply(m.body()));
        return store.read(c -> {
            Map<String, Preference> found = new java.util.HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, console_language, time_zone FROM agents "
                    + "WHERE console_language IS NOT NULL OR time_zone IS NOT NULL");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), preference(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return found;
        }).onSuccess(byAgent::putAll).mapEmpty();
    }

    public Future<Void> close() {
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
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE agents SET console_language = ?, time_zone = ? WHERE id = ?")) {
                setOrNull(s, 1, languageTag);
                setOrNull(s, 2, zoneId);
                s.setString(3, agentId);
                if (s.executeUpdate() != 1) {
                    throw new NoSuchElementException("No agent " + agentId);
                }
            }
            return null;
        }).onSuccess(v -> {
            JsonObject change = new JsonObject().put("agentId", agentId).put("language", languageTag)
                    .put("timeZone", zoneId);
            apply(change);
            vertx.eventBus().publish(CHANGED_ADDRESS, change);
        }).mapEmpty();
    }

    private void apply(JsonObject change) {
        String agentId = change.getString("agentId");
        if (agentId != null) {
            byAgent.put(agentId, preference(agentId, change.getString("language"), change.getString("timeZone")));
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

    private static void setOrNull(PreparedStatement s, int index, String value) throws java.sql.SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
