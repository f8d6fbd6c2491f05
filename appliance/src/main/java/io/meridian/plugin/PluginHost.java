package io.meridian.plugin;

import io.meridian.conversation.Appended;
import io.meridian.conversation.Author;
import io.meridian.conversation.ChannelInbound;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.LanguagedMessage;
import io.meridian.conversation.OutgoingText;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.DataKeys;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.plugin.OutboxRecords.OutboxRow;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.channel.WebhookRequest;
import io.meridian.spi.channel.WebhookResponse;
import io.meridian.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's plugin host, and the only way the rest of the node reaches plugin code. It loads the PF4J plugin zips of
 * {@code plugins.dir} (each checked for its signature and its {@code Plugin-Requires} first), creates the configured
 * connector instances, and runs every plugin call on the plugin's own bounded executor with a deadline
 * ({@link PluginCalls}). A plugin or instance that throws, hangs or fails to start is marked FAILED with its reason
 * and retried with back-off; nothing it does can stop the node or the chat.
 * <p>
 * This class puts the parts together and is their front: {@link PluginsFolder} (which zips to load, at start and on
 * a rescan), {@link PluginZips} (checking a zip),
 * {@link PluginLifecycle} (plugins started, retried, unloaded), {@link InstanceLifecycle} and {@link PollScheduler}
 * (instances started, retried, polled), {@link InstanceAdmin} (the admin's changes), {@link InstanceCalls} (calls and
 * their outcome), {@link OutboxDispatcher} (channel replies). Other capabilities call translation and CRM instances
 * through {@link #translationProviders()} and {@link #crmConnectors()}.
 * <p>
 * State changes only on the host's own Vert.x context; public methods may be called from anywhere and complete on the
 * caller's context. Views ({@link #plugins()}, {@link #instances()}, the handles) never block.
 */
public final class PluginHost implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final HostRuntime runtime;
    private final ChatHub hub;
    private final String nodeId;
    private final PluginZips zips;
    private final InstanceStore instanceStore;
    private final InstanceCalls calls;
    private final OutboxDispatcher outbox;
    private final InstanceLifecycle instanceLifecycle;
    private final PluginLifecycle pluginLifecycle;
    private final InstanceAdmin admin;
    private final ConnectorLookup lookup;
    private final PluginsFolder folder;
    private final Promise<Void> initialLoad = Promise.promise();
    /** The last rescan (the first waits for the initial load): rescans run one after the other. */
    private Future<?> lastScan = initialLoad.future();
    private PluginFacts facts;

    /**
     * {@code connectors}: the instances this host runs, as other capabilities see them. {@code profiles}: the channel
     * kinds that need more than text (e-mail: sanitised and threaded mail in, templated and threaded mail out), each
     * brought by its capability; messages of any other kind are handled as text. {@code outgoingText}: what a channel
     * reply says when it leaves (the translation into the customer's language).
     */
    public PluginHost(Vertx vertx, ConnectorLookup connectors, Store store, ChatHub hub, DataKeys dataKeys,
            BlindIndex blindIndex, String nodeId, List<ChannelProfile> profiles, OutgoingText outgoingText) {
        this.runtime = connectors.runtime;
        PluginSettings settings = runtime.settings;
        ChannelProfiles byKind = new ChannelProfiles(profiles);
        this.hub = hub;
        this.nodeId = nodeId;
        this.zips = new PluginZips(settings);
        this.instanceStore = new InstanceStore(store, dataKeys, runtime.clock);
        this.calls = connectors.calls;
        this.outbox = new OutboxDispatcher(vertx, runtime.context, store, hub.conversations(), outgoingText,
                blindIndex, calls.sender(), settings.retryMax(), runtime.clock, byKind);
        this.instanceLifecycle = new InstanceLifecycle(runtime, instanceStore, outbox,
                new PollScheduler(runtime, calls), this::receive, byKind);
        this.pluginLifecycle = new PluginLifecycle(runtime, zips, instanceStore, instanceLifecycle);
        this.admin = new InstanceAdmin(runtime, instanceStore, instanceLifecycle, outbox);
        this.lookup = connectors;
        this.folder = new PluginsFolder(runtime, zips, instanceStore, pluginLifecycle, instanceLifecycle, admin);
    }


    /**
     * The message pipeline's delivery stage: an agent's reply (or Meridian's own message) stored on a channel
     * conversation leaves through the outbox now, not at the next periodic pass.
     */
    /** A master key rotation: every connector instance's data key re-wrapped under the new key; how many changed. */
    public Future<Integer> rewrapInstanceKeys() {
        return instanceStore.rewrapKeys();
    }

    public Future<Void> deliverReplies(LanguagedMessage m) {
        if (m.message().author() != Author.VISITOR) {
            outbox.wake();
        }
        return Future.succeededFuture();
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * Reads the connector files (a malformed one fails the start, naming the file and key) and the trusted keys,
     * then loads the plugins and starts the instances in the background: the future completes before any plugin code
     * runs, so a slow or hanging plugin never delays the node. {@link #initialLoad()} tells when the first load is
     * done.
     */
    @Override
    public Future<Void> start() {
        return runtime.onHost(() -> folder.read().map(scan -> {
            registerMBean();
            outbox.start();
            folder.loadAll(scan).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.error("Loading the plugins failed", ar.cause());
                }
                initialLoad.tryComplete();
            });
            return (Void) null;
        }));
    }

    /** Completes once every plugin zip found at start was loaded (or refused, or failed) and instances were tried. */
    public Future<Void> initialLoad() {
        return initialLoad.future();
    }

    /**
     * Loads the plugin zips added to {@code plugins.dir} since the node read it, with the checks of a start
     * (signature, with the trusted keys read again; {@code Plugin-Requires}; one zip per plugin id). Zips the node
     * knows already are left alone: {@link #reloadPlugin} picks up a replaced one. Instances waiting for a plugin that
     * now starts are started. Completes, after the initial load and any earlier rescan, with the new zips' plugins.
     */
    public Future<List<PluginView>> rescan() {
        return runtime.onHost(() -> {
            Future<List<PluginView>> scan = lastScan.transform(x -> folder.rescan());
            lastScan = scan;
            return scan;
        });
    }

    /** Stops polling and sending, closes every instance and stops every plugin, each within a short deadline. */
    @Override
    public Future<Void> stop() {
        runtime.stopping = true;
        return runtime.onHost(() -> {
            outbox.stop();
            List<Future<Void>> closing = new ArrayList<>();
            for (ConnectorInstance instance : runtime.instances.values()) {
                closing.add(instanceLifecycle.stop(instance, InstanceState.WAITING, "the node is stopping"));
            }
            return Future.join(closing).transform(ar -> {
                List<Future<Void>> unloading = new ArrayList<>();
                for (LoadedPlugin plugin : runtime.plugins.values()) {
                    unloading.add(pluginLifecycle.unload(plugin, plugin.state, plugin.lastError));
                }
                return Future.join(unloading);
            }).transform(ar -> {
                unregisterMBean();
                runtime.http.close();
                return Future.<Void>succeededFuture();
            });
        });
    }

    // ------------------------------------------------------------------------------------------------ the admin

    /** Turns a plugin on (remembered across restarts) and loads it again from its zip. */
    public Future<PluginView> enablePlugin(String pluginId) {
        return runtime.onHost(() -> pluginLifecycle.enable(pluginId));
    }

    /** Turns a plugin off (remembered across restarts): its instances stop, its code is unloaded. */
    public Future<PluginView> disablePlugin(String pluginId) {
        return runtime.onHost(() -> pluginLifecycle.disable(pluginId));
    }

    /** Unloads the plugin and loads its zip again (a replaced zip is picked up, and checked again). */
    public Future<PluginView> reloadPlugin(String pluginId) {
        return runtime.onHost(() -> pluginLifecycle.reload(pluginId));
    }

    /**
     * Creates or replaces a connector instance from the console or the API and (re)starts it. Fails with
     * {@link InvalidConfigException} if the values do not fit the connector's descriptor (a blank secret keeps the
     * stored one), {@link NoSuchElementException} if the plugin or factory is not available, and
     * {@link InstanceConflictException} for an instance defined by a file.
     *
     * @return true if it was created
     */
    public Future<Boolean> saveInstance(InstanceDraft draft) {
        return runtime.onHost(() -> admin.save(draft));
    }

    /** Turns an instance on or off (remembered). */
    public Future<InstanceView> setInstanceEnabled(String instanceId, boolean enabled) {
        return runtime.onHost(() -> admin.setEnabled(instanceId, enabled));
    }

    /**
     * Deletes an instance made in the console (one defined by a file goes with its file). If replies wait in its
     * outbox, fails with {@link PendingOutboxException} unless {@code failPending}: then they are marked failed
     * (reason {@code instance-deleted}), stay listed, and go out again if the admin makes an instance with this id
     * and sends the failed ones again.
     *
     * @return how many waiting replies were marked failed
     */
    public Future<Integer> deleteInstance(String instanceId, boolean failPending) {
        return runtime.onHost(() -> admin.delete(instanceId, failPending));
    }

    // ------------------------------------------------------------------------------------------------ calls

    private Future<Appended> receive(ChannelInbound inbound) {
        Promise<Appended> promise = Promise.promise();
        runtime.context.runOnContext(v -> hub.channelSays(inbound).onComplete(promise));
        return promise.future();
    }

    /**
     * Hands an inbound webhook to the instance's connector. Fails with {@link NoSuchElementException} if there is no
     * such channel instance of that plugin, {@link ConnectorUnavailableException} if it is not running,
     * {@link PluginCallTimeoutException} or {@link PluginBusyException} if the plugin did not answer in time, and
     * with what the connector threw otherwise.
     */
    public Future<WebhookResponse> webhook(String pluginId, String instanceId, WebhookRequest request) {
        return runtime.onHost(() -> calls.webhook(pluginId, instanceId, request));
    }

    /**
     * The translation-provider instances whose connector runs now, by id: what the translation capability chooses
     * from. Their calls are isolated and bounded like every plugin call ({@link ConnectorHandle}). Never blocks.
     */
    public List<TranslationProviderHandle> translationProviders() {
        return lookup.translationProviders();
    }

    /** The translation-provider instance with this id, running or not (its calls then fail with the reason). */
    public Optional<TranslationProviderHandle> translationProvider(String instanceId) {
        return lookup.translationProvider(instanceId);
    }

    /** The CRM connector instances whose connector runs now, by id ({@link ConnectorHandle}). Never blocks. */
    public List<CrmConnectorHandle> crmConnectors() {
        return lookup.crmConnectors();
    }

    /** The CRM connector instance with this id, running or not (its calls then fail with the reason). */
    public Optional<CrmConnectorHandle> crmConnector(String instanceId) {
        return lookup.crmConnector(instanceId);
    }

    // ------------------------------------------------------------------------------------------------ views

    /** Every plugin zip found, whatever its state, by id. Never blocks. */
    public List<PluginView> plugins() {
        return runtime.plugins.values().stream().map(LoadedPlugin::view)
                .sorted(Comparator.comparing(PluginView::id)).toList();
    }

    public Optional<PluginView> pluginView(String pluginId) {
        LoadedPlugin plugin = pluginId == null ? null : runtime.plugins.get(pluginId);
        return Optional.ofNullable(plugin).map(LoadedPlugin::view);
    }

    /** Every configured connector instance, by id. Never blocks. */
    public List<InstanceView> instances() {
        return runtime.instances.values().stream().map(i -> i.view(outbox))
                .sorted(Comparator.comparing(InstanceView::id)).toList();
    }

    public Optional<InstanceView> instanceView(String instanceId) {
        ConnectorInstance instance = instanceId == null ? null : runtime.instances.get(instanceId);
        return Optional.ofNullable(instance).map(i -> i.view(outbox));
    }

    /** The descriptor of a started plugin's connector factory. */
    public Optional<ConnectorDescriptor> descriptor(String pluginId, String factoryId) {
        return runtime.descriptor(pluginId, factoryId);
    }

    /**
     * Whether the connector of the channel instance {@code instanceId} declares
     * {@link io.meridian.spi.channel.ChannelCapabilities#ATTACHMENTS}: only then may an agent's reply carry files
     * (false for an unknown instance or one whose plugin is not started). Never blocks.
     */
    public boolean channelTakesAttachments(String instanceId) {
        ConnectorInstance instance = instanceId == null ? null : runtime.instances.get(instanceId);
        return instance != null && runtime.descriptor(instance.pluginId, instance.factoryId)
                .map(d -> d.capabilities().contains(io.meridian.spi.channel.ChannelCapabilities.ATTACHMENTS))
                .orElse(false);
    }

    /** The stored instance for its edit form: non-secret values, and which secrets are set (never their values). */
    public Future<Optional<StoredInstanceForm>> instanceForm(String instanceId) {
        return instanceStore.load(instanceId, false).map(found -> found.map(s -> new StoredInstanceForm(s.id(),
                s.pluginId(), s.factoryId(), s.displayName(), s.enabled(), s.source(), s.plainValues(),
                s.secretsSet())));
    }

    /** The newest outbox entries of an instance (deleted ones too) with one of {@code statuses}, all if empty. */
    public Future<List<OutboxEntry>> outbox(String instanceId, Set<String> statuses, int limit) {
        return outbox.recent(instanceId, statuses, limit).map(rows -> rows.stream().map(OutboxRow::entry).toList());
    }

    /** Replies still pending or failed for instances that no longer exist, as of the dispatcher's last pass. */
    public List<DeletedInstanceOutbox> deletedInstancesOutbox() {
        return DeletedInstanceOutbox.of(outbox.counts(), runtime.instances::containsKey);
    }

    /** Queues an instance's FAILED outbox entries again; how many. */
    public Future<Integer> retryOutbox(String instanceId) {
        return runtime.onHost(() -> outbox.retryFailed(instanceId));
    }

    /** Threads stuck in plugin calls past their deadline, over all plugins. */
    public int stuckThreads() {
        return runtime.plugins.values().stream().mapToInt(LoadedPlugin::stuckThreads).sum();
    }

    // ------------------------------------------------------------------------------------------------ JMX

    private void registerMBean() {
        facts = new PluginFacts(this, nodeId, runtime.settings.callTimeout().multipliedBy(3).plusSeconds(5));
        try {
            facts.register();
        } catch (Exception e) {
            LOG.warn("Plugins JMX MBean not registered: {}", e.toString());
        }
    }

    private void unregisterMBean() {
        if (facts != null) {
            try {
                facts.unregister();
            } catch (Exception e) {
                LOG.debug("Plugins JMX MBean not unregistered: {}", e.toString());
            }
        }
    }
}
