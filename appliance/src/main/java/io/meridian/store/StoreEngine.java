package io.meridian.store;

import java.util.Locale;

/** The database engines a store runs on ({@code store.engine}). */
public enum StoreEngine {
    /** Embedded and encrypted in the node's data directory: the default, for one node per region. */
    DERBY,
    /** A PostgreSQL database the nodes of one region share (docs/cluster.md). */
    POSTGRESQL;

    /** The name used in configuration and logs: {@code derby}, {@code postgresql}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine named {@code name} ({@code derby} or {@code postgresql}); empty or unknown names are refused. */
    public static StoreEngine named(String name) {
        for (StoreEngine engine : values()) {
            if (engine.configName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown store engine '" + name + "': expected derby or postgresql");
    }
}
