package io.meridian.boot;

import io.meridian.config.ConfigException;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.console.ConsoleLocales;
import io.meridian.console.ConsolePreferences;
import io.meridian.console.Templates;
import io.meridian.contact.ContactApi;
import io.meridian.contact.ContactDirectory;
import io.meridian.contact.ContactPages;
import io.meridian.conversation.ChannelHooks;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.MessagePipeline;
import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.DataKeys;
import io.meridian.crypto.KeyVault;
import io.meridian.crypto.PasswordHasher;
import io.meridian.egress.HostResolver;
import io.meridian.email.EmailReplies;
import io.meridian.email.MailApi;
import io.meridian.email.MailBodies;
import io.meridian.email.MailChannel;
import io.meridian.email.MailIntake;
import io.meridian.email.MailPages;
import io.meridian.email.MailThreads;
import io.meridian.inbox.AttachmentDownloads;
import io.meridian.inbox.ConversationApi;
import io.meridian.inbox.InboxPages;
import io.meridian.inbox.LiveEventsSocket;
import io.meridian.language.ConsoleSettingsPages;
import io.meridian.language.DetectionSettings;
import io.meridian.language.LanguageDetection;
import io.meridian.language.LanguageDetector;
import io.meridian.language.MessageLanguageRecorder;
import io.meridian.language.ReadingLanguages;
import io.meridian.ops.NodeFacts;
import io.meridian.plugin.ChannelOutbox;
import io.meridian.plugin.PluginAdminApi;
import io.meridian.plugin.PluginAdminPages;
import io.meridian.plugin.PluginHost;
import io.meridian.plugin.PluginSettings;
import io.meridian.plugin.WebhookEndpoint;
import io.meridian.routing.OffHoursReplies;
import io.meridian.routing.RoutingApi;
import io.meridian.routing.RoutingPages;
import io.meridian.routing.RoutingReopening;
import io.meridian.routing.RoutingService;
import io.meridian.routing.RoutingTimings;
import io.meridian.routing.SetupFiles;
import io.meridian.security.AgentAccounts;
import io.meridian.security.AgentSettingsRecords;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.HashingPool;
import io.meridian.store.Store;
import io.meridian.translation.ConversationTranslator;
import io.meridian.translation.GlossaryPages;
import io.meridian.translation.GlossaryStore;
import io.meridian.translation.PluginEngines;
import io.meridian.translation.RoutedAudience;
import io.meridian.translation.TranslationApi;
import io.meridian.translation.TranslationExtras;
import io.meridian.translation.TranslationPages;
import io.meridian.translation.TranslationService;
import io.meridian.translation.TranslationSettings;
import io.meridian.web.HealthEndpoint;
import io.meridian.web.LiveConnections;
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
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
    private HashingPool hashingPool;
    private ConversationService conversations;
    private ChatHub hub;
    private MailIntake mailIntake;
    private String webDeployment;
    private WebServer webServer;
    private NodeFacts facts;
    private PluginHost plugins;
    private DataKeys dataKeys;
    private BlindIndex blindIndex;
    private volatile String publicUrl;
    private Optional<String> firstAdminPassword = Optional.empty();
    /** "Now" for routing (business hours); tests pass a fixed clock. */
    private Clock clock = Clock.systemUTC();
    /** How the plugin host resolves the hosts connectors connect to; tests script it. */
    private HostResolver resolver = HostResolver.SYSTEM;
    private RoutingService routing;
    private LanguageDetection languageDetection;
    private MessageLanguageRecorder languageRecorder;
    private ConversationTranslator translator;
    private ReadingLanguages readingLanguages;
    private ConsolePreferences consolePreferences;

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
        return start(vertx, config, env, Clock.systemUTC());
    }

    /** With the clock routing reads business hours from (tests fix "now" with it). */
    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config, Map<String, String> env, Clock clock) {
        return start(vertx, config, env, clock, HostResolver.SYSTEM);
    }

    /** With the resolver the residency checks of connectors' connections use (tests script the answers). */
    public static Future<MeridianNode> start(Vertx vertx, MeridianConfig config, Map<String, String> env, Clock clock,
            HostResolver resolver) {
        MeridianNode node = new MeridianNode(vertx, config);
        node.clock = clock;
        node.resolver = resolver;
        return node.boot(env).map(node).recover(failure -> node.stop().transform(ignored -> Future.failedFuture(failure)));
    }

    private Future<Void> boot(Map<String, String> env) {
        String nodeId = config.string(ConfigKeys.NODE_ID).isEmpty() ? hostName() : config.string(ConfigKeys.NODE_ID);
        String region = config.string(ConfigKeys.NODE_REGION);
        HttpServerOptions httpOptions = httpOptions();
        DetectionSettings detectionSettings;
        try {
            detectionSettings = DetectionSettings.fromConfig(config);
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        // The language models load once the node serves (seconds of CPU); until then the hints decide.
        languageDetection = LanguageDetection.pending();
        return vertx.executeBlocking(() -> {
            Files.createDirectories(dataDir);
            char[] password = KeyStorePassword.resolve(config, dataDir, env);
            KeyVault vault = KeyVault.openOrCreate(dataDir.resolve("keys/node.bcfks"), password);
            store = Store.open(vertx, dataDir.resolve("db"), vault.storageKey(),
                    config.integer(ConfigKeys.STORE_GROUP_COMMIT_MAX_BATCH));
            TlsSetup.apply(config, dataDir, httpOptions);
            return vault;
        }, false).compose(vault -> {
            dataKeys = new DataKeys(vault.masterKey());
            blindIndex = new BlindIndex(vault.blindIndexKey());
            // Inside the transactions of channel conversations: the outbox queues replies, routing resets reopenings.
            conversations = new ConversationService(vertx, store, dataKeys, blindIndex, region,
                    new ChannelHooks(ChannelOutbox.sink(Clock.systemUTC()), new RoutingReopening()),
                    ConfigKeys.attachmentLimits(config));
            languageRecorder = new MessageLanguageRecorder(vertx, languageDetection,
                    MessageLanguageRecorder.hintsFrom(conversations), MessageLanguageRecorder.sinkOf(conversations)).start();
            hashingPool = new HashingPool(vertx, config.integer(ConfigKeys.LOGIN_HASHING_THREADS),
                    config.integer(ConfigKeys.LOGIN_HASHING_QUEUE));
            accounts = new AgentAccounts(vertx, store, new PasswordHasher(),
                    config.integer(ConfigKeys.LOGIN_MAX_FAILURES),
                    Duration.ofMinutes(config.integer(ConfigKeys.LOGIN_LOCKOUT_MINUTES)), hashingPool);
            Path initialPasswordFile = dataDir.resolve("initial-admin-password");
            return accounts.bootstrapFirstAdmin(initialPasswordFile).compose(created -> {
                firstAdminPassword = created;
                created.ifPresent(pw -> LOG.warn("Created the first admin account. Sign in as 'admin' with the one-time "
                        + "password in {} (shown once here: {}); you must change it at first sign-in.",
                        initialPasswordFile, pw));
                return deployWeb(httpOptions, conversations, accounts, initialPasswordFile, nodeId, region);
            });
        }).onSuccess(started -> languageDetection.load(detectionSettings));
    }

    /**
     * Makes each capability (mail and plugins, translation, routing, console languages), mounts their routes on the
     * web server, starts them in dependency order, then serves.
     */
    private Future<Void> deployWeb(HttpServerOptions httpOptions, ConversationService conversations,
            AgentAccounts accounts, Path initialPasswordFile, String nodeId, String region) {
        Templates templates = new Templates();
        LiveConnections live = new LiveConnections();
        MessagePipeline pipeline = new MessagePipeline();
        hub = new ChatHub(vertx, conversations, pipeline);
        MailBodies mailBodies = assembleMailAndPlugins(hub, nodeId);
        routing = new RoutingService(vertx, store, hub, accounts, languageDetector(), clock,
                new SetupFiles(config.path(ConfigKeys.ROUTING_FILE), config.path(ConfigKeys.ROUTING_CALENDARS_DIR)),
                new OffHoursReplies(config.path(ConfigKeys.ROUTING_TEMPLATES_DIR),
                        config.list(ConfigKeys.ROUTING_OFF_HOURS_QUIET_CHANNELS)),
                RoutingTimings.from(config));
        assembleLanguagesAndTranslation(region);
        // The path of every stored message, in order (docs/architecture.md, "The message pipeline").
        pipeline.start(new MessagePipeline.Stages(
                languageRecorder,
                MessagePipeline.nothing(),
                routing::routeOpened,
                translator::translateForReader,
                plugins::deliverReplies,
                routing::conversationClosed,
                translator::followReader));
        ConsoleSecurity security = new ConsoleSecurity(vertx, config, accounts, templates, initialPasswordFile);
        webServer = new WebServer(httpOptions, templates, mounts(templates, live, hub, security, mailBodies),
                dataDir.resolve("uploads"), new WebServer.LargeUploads(ConversationApi.REPLY_WITH_FILES,
                        conversations.attachmentLimits().maxTotalBytes() + ConversationApi.REPLY_FORM_BYTES));
        boolean tls = httpOptions.isSsl();
        publicUrl = config.string(ConfigKeys.HTTP_PUBLIC_URL).replaceAll("/+$", "");
        int configuredPort = config.integer(ConfigKeys.HTTP_PORT);
        if (publicUrl.isEmpty() && configuredPort != 0) {
            publicUrl = derivedUrl(tls, configuredPort);
        }
        return consolePreferences.load()
                .compose(loaded -> readingLanguages.load())
                .compose(loaded -> plugins.start())
                .compose(p -> routing.start(true))
                .compose(started -> vertx.deployVerticle(webServer)).compose(id -> {
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

    /**
     * E-mail (threading, sanitised HTML, sealed attachments, reply templates; docs/channels.md) and the plugin host,
     * whose e-mail channel instances receive and reply through it. Agent replies on channel conversations go to the
     * host's outbox. The plugin host starts after the store and stops before it.
     */
    private MailBodies assembleMailAndPlugins(ChatHub hub, String nodeId) {
        MailBodies mailBodies = new MailBodies(store, conversations);
        MailThreads mailThreads = new MailThreads(store, conversations, blindIndex, clock);
        mailIntake = new MailIntake(store, hub::channelSays, mailThreads, mailBodies,
                conversations.attachmentLimits().withMaxBytes(config.integer(ConfigKeys.EMAIL_ATTACHMENT_MAX_BYTES)));
        // $teamName in reply templates: the team routing put the conversation in.
        MailChannel mailChannel = new MailChannel(vertx, conversations, mailIntake, mailThreads,
                new EmailReplies(config.path(ConfigKeys.ROUTING_TEMPLATES_DIR)), this::teamNameOf);
        // E-mail is one channel profile among possible others; the plugin host knows none by name.
        plugins = new PluginHost(vertx, PluginSettings.from(config, dataDir), store, hub, dataKeys, blindIndex, nodeId,
                List.of(mailChannel), resolver);
        return mailBodies;
    }

    /**
     * Console pages in each agent's language and time zone; translation beside the originals, through the running
     * translation-provider plugins, into the language of whoever reads each conversation (the agent routing gives it
     * to, in their reading language); channel replies leave translated (docs/language.md, docs/translation.md).
     */
    private void assembleLanguagesAndTranslation(String region) {
        consolePreferences = new ConsolePreferences(vertx, store, new AgentSettingsRecords());
        readingLanguages = new ReadingLanguages(vertx, store, consolePreferences);
        translator = new ConversationTranslator(vertx, store, conversations, blindIndex, new GlossaryStore(store),
                new TranslationService(vertx, TranslationSettings.fromConfig(config), PluginEngines.of(plugins)),
                region, ConversationTranslator.RETRY_EVERY_MILLIS, new RoutedAudience(readingLanguages, routing))
                .start();
        conversations.channels().outgoingText(translator::deliveryText);
    }

    /** Every capability's routes, in the order the web server mounts them. */
    private List<Consumer<Router>> mounts(Templates templates, LiveConnections live, ChatHub hub,
            ConsoleSecurity security, MailBodies mailBodies) {
        WidgetLimits limits = new WidgetLimits(config.integer(ConfigKeys.WIDGET_MAX_FRAME_BYTES),
                config.integer(ConfigKeys.WIDGET_RATE_LIMIT_PER_MINUTE), ConversationApi.MAX_TEXT_CHARS);
        ConsoleLocales consoleLocales = new ConsoleLocales(consolePreferences, ZoneId.systemDefault());
        RoutingPages routingPages = new RoutingPages(routing, templates, clock);
        // One customer across channels: contact history and merges (docs/contacts.md).
        ContactDirectory contactDirectory = new ContactDirectory(store, conversations, clock);
        // E-mail messages in the REST API: subject, sender, sanitised HTML, attachments (docs/api.md).
        MailApi mailApi = new MailApi(mailBodies);
        return List.of(
                new HealthEndpoint(store::ready)::addRoutes,
                consoleLocales::addRoutes,
                security::mount,
                new ConsoleSettingsPages(consoleLocales, templates, readingLanguages)::addRoutes,
                new WidgetEndpoint(hub, limits, live, templates, config.list(ConfigKeys.HTTP_ALLOWED_ORIGINS),
                        this::publicUrl)::addRoutes,
                new InboxPages(hub, templates, TranslationExtras.after(routingPages, translator),
                        plugins::channelTakesAttachments)::addRoutes,
                new ConversationApi(hub, mailApi::details, plugins::channelTakesAttachments)::addRoutes,
                new AttachmentDownloads(conversations.attachments())::addRoutes,
                new ContactApi(contactDirectory)::addRoutes,
                new ContactPages(contactDirectory, templates)::addRoutes,
                new MailPages(mailBodies)::addRoutes,
                new LiveEventsSocket(hub, live)::addRoutes,
                routingPages::addRoutes,
                new RoutingApi(routing, clock)::addRoutes,
                new WebhookEndpoint(plugins, config.integer(ConfigKeys.PLUGINS_WEBHOOK_MAX_BYTES))::addRoutes,
                new PluginAdminPages(plugins, templates)::addRoutes,
                new PluginAdminApi(plugins)::addRoutes,
                new TranslationApi(translator)::addRoutes,
                new GlossaryPages(translator.glossary(), templates)::addRoutes,
                new TranslationPages(translator, hub, templates)::addRoutes);
    }

    private String publicUrl() {
        return publicUrl;
    }

    private Future<Optional<String>> teamNameOf(String conversationId) {
        return routing == null ? Future.succeededFuture(Optional.empty()) : routing.teamNameOf(conversationId);
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

    /**
     * Stops in the reverse order of the start, each part after the previous one is done: the web server (no new
     * requests), routing, translation, language detection (its last answers recorded), the agents' settings, the
     * sign-in hashing pool, the plugin host (polls finished, instances closed), and last the store, which finishes
     * pending commits. A part that fails to stop is logged and the rest still stop. Safe on a half-started node.
     */
    public Future<Void> stop() {
        return stopping("the web server", () -> webDeployment == null ? null : vertx.undeploy(webDeployment))
                .compose(v -> stopping("routing", () -> {
                    if (routing != null) {
                        routing.stop();
                    }
                    return null;
                }))
                .compose(v -> stopping("translation", () -> translator == null ? null : translator.stop()))
                .compose(v -> stopping("language detection",
                        () -> languageRecorder == null ? null : languageRecorder.stop()))
                .compose(v -> stopping("console preferences",
                        () -> consolePreferences == null ? null : consolePreferences.close()))
                .compose(v -> stopping("reading languages",
                        () -> readingLanguages == null ? null : readingLanguages.close()))
                .compose(v -> stopping("sign-in hashing", () -> {
                    if (hashingPool != null) {
                        hashingPool.close();
                    }
                    return null;
                }))
                .compose(v -> stopping("plugins", () -> plugins == null ? null : plugins.stop()))
                .compose(v -> stopping("storage", () -> vertx.executeBlocking(() -> {
                    if (facts != null) {
                        facts.unregister();
                    }
                    if (store != null) {
                        store.close();
                    }
                    return null;
                }, false)));
    }

    /** Runs one part's stop (null: nothing to wait for); a failure is logged, never passed on. */
    private static Future<Void> stopping(String part, Supplier<Future<?>> stop) {
        Future<?> stopped;
        try {
            stopped = stop.get();
        } catch (RuntimeException e) {
            stopped = Future.failedFuture(e);
        }
        return (stopped == null ? Future.succeededFuture() : stopped).<Void>mapEmpty().recover(e -> {
            LOG.warn("Stopping {} failed: {}", part, e.toString());
            return Future.succeededFuture();
        });
    }

    public String publicUrlValue() {
        return publicUrl;
    }

    /** The path of every mounted HTTP route, e.g. {@code /api/v1/conversations/:id}. */
    public List<String> routePaths() {
        return webServer.routePaths();
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

    /** The plugin host: plugins, connector instances, webhooks and the channel outbox. */
    public PluginHost plugins() {
        return plugins;
    }

    /** Stores inbound mail with threading, sanitised HTML and sealed attachments (docs/channels.md). */
    public MailIntake mailIntake() {
        return mailIntake;
    }

    /** Where messages are stored and made live; they then take the message pipeline. */
    public ChatHub hub() {
        return hub;
    }

    public ConversationService conversations() {
        return conversations;
    }

    public RoutingService routing() {
        return routing;
    }

    /**
     * The node's one language detector (Lingua, docs/language.md). Thread-safe; call it off the event loop. While its
     * models load after start, it answers from the hints (the contact's language, then the browser's).
     */
    public LanguageDetector languageDetector() {
        return languageDetection;
    }

    /** Translates customer messages and agent replies, beside their originals. */
    public ConversationTranslator translator() {
        return translator;
    }

    /** Records the detected language on every customer message this node stores. */
    public MessageLanguageRecorder languageRecorder() {
        return languageRecorder;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "meridian";
        }
    }
}
