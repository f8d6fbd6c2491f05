package io.meridian.language;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.ConsolePreferences;
import io.meridian.conversation.LanguageTags;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.security.AgentSettingsRecords;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The language each agent reads customer messages in ("translate customer messages into", {@code
 * agents.reading_language}, migration V9): the agent's own choice, else the language of the agent's console. Kept in
 * memory like {@link ConsolePreferences}, so translation finds it without a database round trip; a change is
 * published on {@value #CHANGED_ADDRESS}, so every node of a cluster follows it.
 */
public final class ReadingLanguages implements Lifecycle {

    /** Event-bus address of {@link ReadingLanguageChanged} events. */
    public static final String CHANGED_ADDRESS = "meridian.console.reading-language";

    private final Vertx vertx;
    private final Store store;
    private final ConsolePreferences preferences;
    /** The agents' table is the accounts capability's: the choice is kept there through its records. */
    private final AgentSettingsRecords records = new AgentSettingsRecords();
    private final Map<String, String> chosen = new ConcurrentHashMap<>();
    private MessageConsumer<ReadingLanguageChanged> changes;

    public ReadingLanguages(Vertx vertx, Store store, ConsolePreferences preferences) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
        this.preferences = Objects.requireNonNull(preferences, "preferences");
    }

    /** Reads every agent's choice and starts following changes made on other nodes. */
    @Override
    public Future<Void> start() {
        changes = vertx.eventBus().<ReadingLanguageChanged>consumer(CHANGED_ADDRESS, m -> apply(m.body()));
        return store.read(c -> {
            return records.readingLanguages(c);
        }).onSuccess(chosen::putAll).mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        return changes == null ? Future.succeededFuture() : changes.unregister();
    }

    /** What the agent chose on the settings page; empty: follow the console's language. */
    public Optional<String> chosen(String agentId) {
        return agentId == null ? Optional.empty() : Optional.ofNullable(chosen.get(agentId));
    }

    /**
     * The language the agent reads customer messages in: the agent's choice, else the console language the agent
     * chose; empty when the agent chose neither (the team's or the node's language applies then).
     */
    public Optional<String> of(String agentId) {
        Optional<String> own = chosen(agentId);
        return own.isPresent() ? own : preferences.of(agentId).language().map(ConsoleLanguage::tag);
    }

    /**
     * Stores the agent's choice (a language tag, normalised as {@link LanguageTags#normalize}; empty: follow the
     * console's language). Fails with {@link IllegalArgumentException} for a tag that is not a language, and with
     * {@link NoSuchElementException} for an unknown agent.
     */
    public Future<Void> save(String agentId, Optional<String> language) {
        Objects.requireNonNull(agentId, "agentId");
        String tag;
        if (language.isPresent() && !language.get().isBlank()) {
            Optional<String> normalized = LanguageTags.normalize(language.get());
            if (normalized.isEmpty()) {
                return Future.failedFuture(new IllegalArgumentException("not a language tag: " + language.get()));
            }
            tag = normalized.get();
        } else {
            tag = null;
        }
        return store.write(c -> {
            if (!records.saveReadingLanguage(c, agentId, tag)) {
                throw new NoSuchElementException("No agent " + agentId);
            }
            return null;
        }).onSuccess(v -> {
            ReadingLanguageChanged change = new ReadingLanguageChanged(agentId, tag);
            apply(change);
            vertx.eventBus().publish(CHANGED_ADDRESS, change);
        }).mapEmpty();
    }

    private void apply(ReadingLanguageChanged change) {
        String agentId = change.agentId();
        if (agentId == null) {
            return;
        }
        String language = change.language();
        if (language == null) {
            chosen.remove(agentId);
        } else {
            chosen.put(agentId, language);
        }
    }
}
