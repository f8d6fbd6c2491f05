package io.meridian.plugin;

import io.meridian.spi.DataEgress;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One configured connector instance at run time. Changed only on the host's context; the fields shown elsewhere are
 * volatile.
 */
final class ConnectorInstance {

    final String id;
    volatile String pluginId;
    volatile String factoryId;
    volatile String displayName;
    volatile boolean enabled;
    volatile String source;
    volatile InstanceState state = InstanceState.WAITING;
    volatile String lastError;
    volatile Instant since = Instant.now();
    /** The live connector (a ChannelConnector, TranslationProvider or CrmConnector), null unless started. */
    volatile AutoCloseable connector;
    volatile ConnectorKind kind;
    /** Where the running connector may send data, its configured hosts resolved; null unless started. */
    volatile DataEgress egress;
    volatile LoadedPlugin plugin;
    int attempts;
    /** The start failure last logged with its stack trace in this run of failures (null after a success). */
    String failureLogged;
    long retryTimer = -1;
    long pollTimer = -1;
    int generation;
    /** The latest items the connector set aside (at most {@link #SET_ASIDE_SHOWN}), newest last; memory only. */
    private final Deque<SetAsideItem> setAside = new ConcurrentLinkedDeque<>();
    private final AtomicLong setAsideCount = new AtomicLong();

    static final int SET_ASIDE_SHOWN = 20;

    ConnectorInstance(StoredInstance stored) {
        this.id = stored.id();
        update(stored);
    }

    void update(StoredInstance stored) {
        pluginId = stored.pluginId();
        factoryId = stored.factoryId();
        displayName = stored.displayName();
        enabled = stored.enabled();
        source = stored.source();
    }

    void state(InstanceState newState, String error) {
        if (state != newState || error != null) {
            since = Instant.now();
        }
        state = newState;
        lastError = error;
    }

    /** Records an item the connector set aside; any thread. */
    void setAside(SetAsideItem item) {
        setAside.addLast(item);
        setAsideCount.incrementAndGet();
        while (setAside.size() > SET_ASIDE_SHOWN) {
            setAside.pollFirst();
        }
    }

    InstanceView view(OutboxDispatcher outbox) {
        return new InstanceView(id, pluginId, factoryId, displayName, enabled, source, state, lastError, since,
                outbox == null ? 0 : outbox.count(id, OutboxRecords.PENDING),
                outbox == null ? 0 : outbox.count(id, OutboxRecords.FAILED),
                outbox == null ? 0 : outbox.count(id, OutboxRecords.SENT), setAsideCount.get(),
                List.copyOf(setAside));
    }
}
