package io.meridian.boot;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.KeyVault;
import io.meridian.crypto.PasswordHasher;
import io.meridian.inbox.ConversationApi;
import io.meridian.inbox.InboxPages;
import io.meridian.inbox.LiveEventsSocket;
import io.meridian.ops.NodeFacts;
import io.meridian.security.AgentAccounts;
import io.meridian.security.ConsoleSecurity;
import io.meridian.store.Store;
import io.meridian.web.HealthEndpoint;
import io.meridian.web.LiveConnections;
import io.meridian.web.Templates;
import io.meridian.web.WebServer;
import io.meridian.widget.WidgetEndpoint;
import io.meridian.widget.WidgetLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Meridian node: keys, storage, services and the web server, started in that order and stopped in reverse.
 * Start-up work that blocks (key store, Derby, certificate generation) runs on worker threads.
 */
public final class MeridianNode {

    private static final Logger LOG = LoggerFactory.getLogger(MeridianNode.class);

    private final Vertx vertx;
    private final MeridianConfig config;
    private final Path dataDir;
    private Store store;
    private AgentAccounts accounts;
    private ConversationService conversations;
    private String webDeployment;
    private WebServer webServer;
    private NodeFacts facts;
    private volatile String publicUrl;
    private Optional<String> firstAdminPassword = Optional.empty();

    private MeridianNode(Vertx vertx, MeridianConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.dataDir = config.path(ConfigKeys.DATA_DIR);
    }

    /** Starts a node on {@code vertx}; the future fails with the reason if any part cannot start. */
    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config) {
        return start(vertx, config, System.getenv());
    }

    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config, Map<String, String> env) {
        MeridianNode node = new MeridianNode(vertx, config);
        return node.boot(env).map(node).recover(failure -> node.stop().transform(ignored -> Future.failedFuture(failure)));
    }

    private Future<Void> boot(Map<String, String> env) {
        String nodeId = config.string(ConfigKeys.NODE_ID).isEmpty() ? hostName() : config.string(ConfigKeys.NODE_ID);
        String region = config.string(ConfigKeys.NODE_REGION);
        HttpServerOptions httpOptions = httpOptions();
        return vertx.executeBlocking(() -> {
            Files.createDirectories(dataDir);
            char[] password = KeyStorePassword.resolve(config, dataDir, env);
            KeyVault vault = KeyVault.openOrCreate(dataDir.resolve("keys/node.bcfks"), password);
            store = Store.open(vertx, dataDir.resolve("db"), vault.storageKey(),
                    config.integer(ConfigKeys.STORE_GROUP_COMMIT_MAX_BATCH));
            TlsSetup.apply(config, dataDir, httpOptions);
            return vault;
        }, false).compose(vault -> {
            conversations = new ConversationService(vertx, store,
                    new DataKeys(vault.masterKey()), new BlindIndex(vault.blindIndexKey()), region);
            accounts = new AgentAccounts(vertx, store, new PasswordHasher(),
                    config.integer(ConfigKeys.LOGIN_MAX_FAILURES),
                    Duration.ofMinutes(config.integer(ConfigKeys.LOGIN_LOCKOUT_MINUTES)));
            Path initialPasswordFile = dataDir.resolve("initial-admin-password");
            return accounts.bootstrapFirstAdmin(initialPasswordFile).compose(created -> {
                firstAdminPassword = created;
                created.ifPresent(pw -> LOG.warn("Created the first admin account. Sign in as 'admin' with the one-time "
                        + "password in {} (shown once here: {}); you must change it at first sign-in.",
                        initialPasswordFile, pw));
                return deployWeb(httpOptions, conversations, accounts, initialPasswordFile, nodeId, region);
            });
        });
    }

    private Future<Void> deployWeb(HttpServerOptions httpOptions, ConversationService conversations,
            AgentAccounts accounts, Path initialPasswordFile, String nodeId, String region) {
        Templates templates = new Templates();
        LiveConnections live = new LiveConnections();
        ChatHub hub = new ChatHub(vertx, conversations);
        boolean tls = httpOptions.isSsl();
        publicUrl = config.string(ConfigKeys.HTTP_PUBLIC_URL).replaceAll("/+$", "");
        int configuredPort = config.integer(ConfigKeys.HTTP_PORT);
        WidgetLimits limits = new WidgetLimits(config.integer(ConfigKeys.WIDGET_MAX_FRAME_BYTES),
                config.integer(ConfigKeys.WIDGET_RATE_LIMIT_PER_MINUTE), ConversationApi.MAX_TEXT_CHARS);
        ConsoleSecurity security = new ConsoleSecurity(vertx, config, accounts, templates, initialPasswordFile);
        List<Consumer<Router>> mounts = List.of(
                new HealthEndpoint(() -> store.read(c -> {
                    c.createStatement().execute("VALUES 1");
                    return null;
                }).mapEmpty())::addRoutes,
                security::mount,
                new WidgetEndpoint(hub, limits, live, templates, config.list(ConfigKeys.HTTP_ALLOWED_ORIGINS),
                        this::publicUrl)::addRoutes,
                new InboxPages(hub, templates)::addRoutes,
                new ConversationApi(hub)::addRoutes,
                new LiveEventsSocket(hub, live)::addRoutes);
        webServer = new WebServer(httpOptions, templates, mounts);
        if (publicUrl.isEmpty() && configuredPort != 0) {
            publicUrl = derivedUrl(tls, configuredPort);
        }
        return vertx.deployVerticle(webServer).compose(id -> {
            webDeployment = id;
            if (publicUrl.isEmpty()) {
                publicUrl = derivedUrl(tls, webServer.actualPort());
            }
            facts = new NodeFacts(Version.current(), nodeId, region, live, conversations::openConversationCount);
            try {
                facts.register();
            } catch (Exception e) {
                LOG.warn("JMX MBean not registered: {}", e.toString());
            }
            LOG.info("Meridian {} node '{}' (region {}) listening on {}", Version.current(), nodeId, region, publicUrl);
            return Future.succeededFuture();
        });
    }

    private String publicUrl() {
        return publicUrl;
    }

    private String derivedUrl(boolean tls, int port) {
        String host = config.string(ConfigKeys.HTTP_HOST);
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1")) {
            host = "localhost";
        }
        return (tls ? "https://" : "http://") + host + ":" + port;
    }

    private HttpServerOptions httpOptions() {
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

    /** Stops the web server, then storage (which finishes pending commits). Safe to call on a half-started node. */
    public Future<Void> stop() {
        Future<Void> web = webDeployment == null ? Future.succeededFuture() : vertx.undeploy(webDeployment);
        return web.recover(e -> Future.succeededFuture()).compose(v -> vertx.executeBlocking(() -> {
            if (facts != null) {
                facts.unregister();
            }
            if (store != null) {
                store.close();
            }
            return null;
        }, false)).mapEmpty();
    }

    public String publicUrlValue() {
        return publicUrl;
    }

    public int port() {
        return webServer.actualPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Optional<String> firstAdminPassword() {
        return firstAdminPassword;
    }

    public Store store() {
        return store;
    }

    public AgentAccounts accounts() {
        return accounts;
    }

    public ConversationService conversations() {
        return conversations;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "meridian";
        }
    }
}
