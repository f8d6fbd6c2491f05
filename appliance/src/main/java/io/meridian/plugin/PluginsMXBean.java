package io.meridian.plugin;

/**
 * The node's plugins for JMX consoles ({@code io.meridian:type=Plugins,name=<node id>}): every plugin and connector
 * instance with its state and last error, and the admin's operations. Operations wait for the result (bounded) and
 * answer with the plugin's state afterwards, or the reason it could not be done.
 */
public interface PluginsMXBean {

    /** One line per plugin: id, version, state, signature, stuck threads and last error. */
    String[] getPlugins();

    /** One line per connector instance: id, plugin/factory, state, pending outbox entries and last error. */
    String[] getInstances();

    /** Threads stuck in plugin calls past their deadline, over all plugins. */
    int getStuckThreads();

    /** Inbound items (e.g. mails) connectors set aside since the node started, over all instances. */
    long getSetAsideItems();

    /** Outbox entries waiting to be sent, over all instances. */
    long getPendingOutbox();

    /** The state of one plugin (STARTED, FAILED, DISABLED...), or "unknown plugin". */
    String state(String pluginId);

    String enable(String pluginId);

    String disable(String pluginId);

    String reload(String pluginId);

    /**
     * Loads the plugin zips added to the plugins folder since the node read it (checked as at start). Answers with
     * one "id version STATE" (and the reason if not started) per new zip, or "no new plugin zips".
     */
    String rescan();
}
