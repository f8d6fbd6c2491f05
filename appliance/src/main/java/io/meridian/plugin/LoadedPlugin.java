package io.meridian.plugin;

import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.ConnectorFactory;
import io.meridian.spi.DataEgress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One plugin zip in the host, whatever became of it. Changed only on the host's context; read from anywhere (the
 * fields the console and JMX show are volatile).
 */
final class LoadedPlugin {

    /** A connector factory the plugin provides, with its descriptor as read once at load. */
    record Factory(String id, ConnectorKind kind, ConnectorDescriptor descriptor, ConnectorFactory<?, ?> factory) {
    }

    final String key;
    final Path zip;
    volatile String id;
    volatile String version = "";
    volatile String requires = "";
    volatile String provider = "";
    volatile String description = "";
    volatile String sha256 = "";
    volatile SignatureCheck signature;
    volatile PluginState state = PluginState.LOADING;
    volatile String lastError;
    volatile Instant since = Instant.now();
    volatile Map<String, Factory> factories = Map.of();
    volatile HostPluginManager manager;
    volatile PluginCalls calls;
    /** The expanded folder PF4J loads from. */
    volatile Path folder;
    /** Start attempts since the last success, for the back-off. */
    int attempts;
    /** The start failure last logged with its stack trace in this run of failures (null after a success). */
    String failureLogged;
    long retryTimer = -1;
    /** Grows with every (re)load, so a late answer of an abandoned attempt is ignored. */
    int generation;

    LoadedPlugin(String key, Path zip) {
        this.key = key;
        this.zip = zip;
        this.id = key;
    }

    void state(PluginState newState, String error) {
        state = newState;
        lastError = error;
        since = Instant.now();
    }

    int stuckThreads() {
        PluginCalls c = calls;
        return c == null ? 0 : c.stuckThreads();
    }

    PluginView view() {
        SignatureCheck sig = signature;
        List<PluginView.FactoryView> shown = factories.values().stream()
                .map(f -> new PluginView.FactoryView(f.id(), f.kind().name().toLowerCase(Locale.ROOT),
                        f.descriptor().displayName(), f.descriptor().description(), egress(f.descriptor().egress()),
                        f.descriptor().capabilities().stream().sorted().toList()))
                .sorted(Comparator.comparing(PluginView.FactoryView::id))
                .toList();
        return new PluginView(id, version, provider, description, requires,
                zip == null ? "" : zip.getFileName().toString(), sha256, state, lastError, since,
                sig == null ? "not checked" : sig.status().name().toLowerCase(Locale.ROOT),
                sig == null ? "" : sig.detail(), stuckThreads(), shown);
    }

    /** Where a connector may send data: "local only", or the hosts (some named by its configuration). */
    static String egress(DataEgress egress) {
        if (egress.isLocal()) {
            return "local only";
        }
        List<String> parts = new ArrayList<>(egress.remoteHosts());
        if (!egress.hostProperties().isEmpty()) {
            parts.add("the hosts configured in " + String.join(", ", egress.hostProperties()));
        }
        return String.join(", ", parts);
    }
}
