package io.meridian.boot;

import io.meridian.config.ConfigException;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.crypto.KeyVault;
import io.meridian.egress.HostResolver;
import io.meridian.email.MailIntake;
import io.meridian.language.DetectionSettings;
import io.meridian.language.LanguageDetector;
import io.meridian.language.MessageLanguageRecorder;
import io.meridian.plugin.PluginHost;
import io.meridian.routing.RoutingService;
import io.meridian.security.AgentAccounts;
import io.meridian.store.Store;
import io.meridian.translation.ConversationTranslator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Meridian node: keys and storage opened on a worker thread, then every capability built at once
 * ({@link Capabilities}, the composition root) and started part by part in order; stopped in reverse, each part after
 * the previous one is done.
 */
public final class MeridianNode {

    /** In the data directory: the first admin's one-time password, until it is changed. */
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";

    private static final Logger LOG = LoggerFactory.getLogger(MeridianNode.class);

    private final Vertx vertx;
    private final Path dataDir;
    private final Capabilities capabilities;
    private final Optional<String> firstAdminPassword;
    /** The parts whose start was called, in that order: the ones {@link #stop()} stops. */
    private final List<Capabilities.Part> begun;

    private MeridianNode(Vertx vertx, Path dataDir, Capabilities capabilities, Optional<String> firstAdminPassword,
            List<Capabilities.Part> begun) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.capabilities = capabilities;
        this.firstAdminPassword = firstAdminPassword;
        this.begun = begun;
    }

    /** Starts a node on {@code vertx}; the future fails with the reason if any part cannot start. */
    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config) {
        return start(vertx, config, System.getenv());
    }

    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config, Map<String, String> env) {
        return start(vertx, config, env, Clock.systemUTC());
    }

    /** With the clock routing reads business hours from (tests fix "now" with it). */
    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config, Map<String, String> env, Clock clock) {
        return start(vertx, config, env, clock, HostResolver.SYSTEM);
    }

    /**
     * With the resolver the residency checks of connectors' connections use (tests script the answers). What started
     * before a failure is stopped again, in reverse, before the future fails.
     */
    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config, Map<String, String> env, Clock clock,
            HostResolver resolver) {
        Path dataDir = config.path(ConfigKeys.DATA_DIR);
        String nodeId = nodeName(config);
        String region = config.string(ConfigKeys.NODE_REGION).strip();
        HttpServerOptions httpOptions = httpOptions(config);
        DetectionSettings detectionSettings;
        try {
            detectionSettings = DetectionSettings.fromConfig(config);
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        return vertx.executeBlocking(() -> {
            Files.createDirectories(dataDir);
            TlsSetup.apply(config, dataDir, httpOptions);
            char[] password = KeyStorePassword.resolve(config, dataDir, env);
            KeyVault vault = KeyVault.openOrCreate(dataDir.resolve("keys/node.bcfks"), password);
            Store store = StoreOpening.open(vertx, config, dataDir, vault.storageKey(), env);
            try {
                // Times to the microsecond: the finest both store engines keep (PostgreSQL has no nanoseconds), so a
                // time the node answers with equals the one it reads back later.
                Clock micros = Clock.tick(clock, Duration.ofNanos(1000));
                return new Capabilities(vertx, config, dataDir, store, vault, micros, resolver, detectionSettings,
                        httpOptions, nodeId, region, () -> {
                            try {
                                return KeyStorePassword.resolve(config, dataDir, env);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }, false).compose(capabilities -> {
            Path initialPasswordFile = dataDir.resolve(INITIAL_PASSWORD_FILE);
            List<Capabilities.Part> begun = new ArrayList<>();
            Future<Optional<String>> firstAdmin = capabilities.accounts.bootstrapFirstAdmin(initialPasswordFile)
                    // The password itself stays out of the logs (secrets are never logged): the file holds it.
                    .onSuccess(created -> created.ifPresent(pw -> LOG.warn("Created the first admin account. Sign in "
                            + "as 'admin' with the one-time password in {}; you must change it at first sign-in.",
                            initialPasswordFile)));
            return firstAdmin.transform(created -> {
                MeridianNode node = new MeridianNode(vertx, dataDir, capabilities,
                        created.succeeded() ? created.result() : Optional.empty(), begun);
                Future<Void> started = created.succeeded() ? node.startParts(capabilities.parts())
                        : Future.failedFuture(created.cause());
                return started.transform(ar -> ar.succeeded() ? Future.succeededFuture(node)
                        : node.stop().transform(stopped -> Future.<MeridianNode>failedFuture(ar.cause())));
            });
        }).onSuccess(node -> LOG.info("Meridian {} node '{}' (region {}) listening on {}", Version.current(), nodeId,
                region, node.publicUrlValue()));
    }

    /** Starts each part after the previous one started; the first failure ends the start. */
    private Future<Void> startParts(List<Capabilities.Part> parts) {
        Future<Void> started = Future.succeededFuture();
        for (Capabilities.Part part : parts) {
            started = started.compose(v -> {
                synchronized (begun) {
                    begun.add(part);
                }
                try {
                    return part.lifecycle().start().recover(e -> Future.failedFuture(
                            new IllegalStateException("Starting " + part.name() + " failed: " + e.getMessage(), e)));
                } catch (RuntimeException e) {
                    return Future.failedFuture(e);
                }
            });
        }
        return started;
    }

    private static HttpServerOptions httpOptions(MeridianConfig config) {
        int maxFrame = config.integer(ConfigKeys.WIDGET_MAX_FRAME_BYTES);
        // Frames up to 4x the limit are read and answered with an error frame; beyond that the
        // transport closes the socket (1009) rather than buffer an abusive frame.
        return new HttpServerOptions()
                .setHost(config.string(ConfigKeys.HTTP_HOST))
                .setPort(config.integer(ConfigKeys.HTTP_PORT))
                .setMaxWebSocketFrameSize(maxFrame * 4)
                .setMaxWebSocketMessageSize(maxFrame * 4)
                .setCompressionSupported(true);
    }

    /**
     * Stops the parts that were started in the reverse order of their start, each after the previous one is done
     * ({@link Capabilities#parts()}): the web server first (no new requests), the store last (it finishes pending
     * commits). A part that fails to stop is logged and the rest still stop. Safe on a half-started node.
     */
    public Future<Void> stop() {
        List<Capabilities.Part> stopping;
        synchronized (begun) {
            stopping = new ArrayList<>(begun);
            begun.clear();
        }
        Future<Void> stopped = Future.succeededFuture();
        for (int i = stopping.size() - 1; i >= 0; i--) {
            Capabilities.Part part = stopping.get(i);
            stopped = stopped.compose(v -> stopping(part));
        }
        return stopped;
    }

    /** Runs one part's stop; a failure is logged, never passed on. */
    private static Future<Void> stopping(Capabilities.Part part) {
        Future<Void> stopped;
        try {
            stopped = part.lifecycle().stop();
        } catch (RuntimeException e) {
            stopped = Future.failedFuture(e);
        }
        return stopped.recover(e -> {
            LOG.warn("Stopping {} failed: {}", part.name(), e.toString());
            return Future.succeededFuture();
        });
    }

    public String publicUrlValue() {
        return capabilities.publicUrl();
    }

    /** The path of every mounted HTTP route, e.g. {@code /api/v1/conversations/:id}. */
    public List<String> routePaths() {
        return capabilities.webServer.routePaths();
    }

    /** Every mounted route as "METHOD path" ({@code GET /api/v1/conversations/:id}); "*" for any method. */
    public List<String> routes() {
        return capabilities.webServer.routes();
    }

    public int port() {
        return capabilities.webServer.actualPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Optional<String> firstAdminPassword() {
        return firstAdminPassword;
    }

    public Store store() {
        return capabilities.store;
    }

    public AgentAccounts accounts() {
        return capabilities.accounts;
    }

    /** The plugin host: plugins, connector instances, webhooks and the channel outbox. */
    public PluginHost plugins() {
        return capabilities.plugins;
    }

    /** Stores inbound mail with threading, sanitised HTML and sealed attachments (docs/channels.md). */
    public MailIntake mailIntake() {
        return capabilities.mailIntake;
    }

    /** Where messages are stored and made live; they then take the message pipeline. */
    public ChatHub hub() {
        return capabilities.hub;
    }

    public ConversationService conversations() {
        return capabilities.conversations;
    }

    public io.meridian.ticket.Tickets tickets() {
        return capabilities.tickets;
    }

    public io.meridian.ticket.TicketUpkeep ticketUpkeep() {
        return capabilities.ticketUpkeep;
    }

    public io.meridian.security.SecurityAlerts securityAlerts() {
        return capabilities.securityAlerts;
    }

    public io.meridian.compliance.SubjectRequests subjectRequests() {
        return capabilities.subjectRequests;
    }

    public io.meridian.retention.RetentionJob retention() {
        return capabilities.retention;
    }

    public io.meridian.privacy.ContactErasure erasure() {
        return capabilities.erasure;
    }

    public io.meridian.backup.Backups backups() {
        return capabilities.backups;
    }

    public io.meridian.audit.AuditTrail auditTrail() {
        return capabilities.auditTrail;
    }

    public io.meridian.staffmail.StaffMail staffMail() {
        return capabilities.staffMail;
    }

    public RoutingService routing() {
        return capabilities.routing;
    }

    /** Who is in the cluster, with their regions (empty on a node that is not clustered). */
    public io.meridian.cluster.ClusterMembers clusterMembers() {
        return capabilities.clusterMembers;
    }

    /**
     * The node's one language detector (Lingua, docs/language.md). Thread-safe; call it off the event loop. While its
     * models load after start, it answers from the hints (the contact's language, then the browser's).
     */
    public LanguageDetector languageDetector() {
        return capabilities.languageDetection;
    }

    /** Translates customer messages and agent replies, beside their originals. */
    public ConversationTranslator translator() {
        return capabilities.translator;
    }

    /** Rotates the master key while the node serves (docs/backup.md). */
    public io.meridian.keys.MasterKeyRotation masterKeyRotation() {
        return capabilities.masterKeyRotation;
    }

    /** Records the detected language on every customer message this node stores. */
    public MessageLanguageRecorder languageRecorder() {
        return capabilities.languageRecorder;
    }

    /** {@code node.id}, else the host name: how logs, JMX and the cluster name this node. */
    static String nodeName(MeridianConfig config) {
        return config.string(ConfigKeys.NODE_ID).isEmpty() ? hostName() : config.string(ConfigKeys.NODE_ID);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "meridian";
        }
    }
}
