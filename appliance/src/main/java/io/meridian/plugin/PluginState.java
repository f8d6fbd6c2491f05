package io.meridian.plugin;

/** Where a plugin zip stands in the host. */
public enum PluginState {
    /** Being checked, expanded, loaded or started. */
    LOADING,
    /** Loaded and started: its connector factories can make instances. */
    STARTED,
    /** Its code threw or hung while loading or starting; retried with back-off. */
    FAILED,
    /** Turned off by the admin (kept across restarts); not loaded. */
    DISABLED,
    /** Not loaded, for a reason only the admin can fix: signature, Plugin-Requires, a duplicate id, a bad zip. */
    REFUSED
}
