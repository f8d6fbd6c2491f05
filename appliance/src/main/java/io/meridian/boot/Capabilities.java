package io.meridian.boot;

import io.meridian.canned.CannedReplies;
import io.meridian.canned.CannedReplyApi;
import io.meridian.canned.CannedReplyPages;
import io.meridian.cluster.ClusterMembers;
import io.meridian.cluster.ClusterPages;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.consent.ConsentSettings;
import io.meridian.consent.ConsentTexts;
import io.meridian.consent.Consents;
import io.meridian.console.ConsoleLocales;
import io.meridian.console.ConsolePreferences;
import io.meridian.console.Templates;
import io.meridian.contact.ContactApi;
import io.meridian.contact.ContactDirectory;
import io.meridian.contact.ContactPages;
import io.meridian.privacy.ContactErasure;
import io.meridian.privacy.ProcessingRestrictions;
import io.meridian.compliance.ContactExport;
import io.meridian.compliance.SubjectRequestApi;
import io.meridian.compliance.SubjectRequestPages;
import io.meridian.compliance.SubjectRequests;
import io.meridian.backup.BackupFacts;
import io.meridian.keys.MasterKeyFacts;
import io.meridian.keys.MasterKeyRotation;
import io.meridian.backup.Backups;
import io.meridian.privacy.PrivacyApi;
import io.meridian.retention.RetentionApi;
import io.meridian.retention.RetentionFacts;
import io.meridian.retention.RetentionJob;
import io.meridian.retention.RetentionPages;
import io.meridian.retention.TranscriptParts;
import io.meridian.ticket.ClosedTicketRetention;
import io.meridian.conversation.ChannelHooks;
import io.meridian.conversation.ChatHub;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.HomeRegions;
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
import io.meridian.language.MessageLanguageRecorder;
import io.meridian.language.ReadingLanguages;
import io.meridian.lifecycle.Lifecycle;
import io.meridian.audit.AuditApi;
import io.meridian.audit.AuditFacts;
import io.meridian.audit.AuditTrail;
import io.meridian.ops.ClusterFacts;
import io.meridian.ops.NodeFacts;
import io.meridian.ops.ServiceLevelFacts;
import io.meridian.plugin.ChannelOutbox;
import io.meridian.plugin.ConnectorLookup;
import io.meridian.plugin.PluginAdminApi;
import io.meridian.plugin.PluginAdminPages;
import io.meridian.plugin.PluginHost;
import io.meridian.plugin.PluginSettings;
import io.meridian.plugin.WebhookEndpoint;
import io.meridian.residency.CrossRegionPolicy;
import io.meridian.residency.CrossRegionReads;
import io.meridian.residency.FollowTheSun;
import io.meridian.residency.HomeRegionReads;
import io.meridian.residency.RegionActivity;
import io.meridian.residency.RegionApi;
import io.meridian.residency.RegionPages;
import io.meridian.residency.RemoteRegions;
import io.meridian.residency.SharedInbox;
import io.meridian.security.SignedInAgent;
import io.meridian.staffmail.StaffMail;
import io.meridian.staffmail.StaffMailSettings;
import io.meridian.ticket.TicketApi;
import io.meridian.ticket.NewTicketPage;
import io.meridian.ticket.ServiceLevelDesk;
import io.meridian.ticket.TicketFileRoutes;
import io.meridian.ticket.TicketPages;
import io.meridian.ticket.TicketUpkeep;
import io.meridian.ticket.Tickets;
import io.meridian.routing.OffHoursReplies;
import io.meridian.routing.Presence;
import io.meridian.routing.RoutingApi;
import io.meridian.routing.RoutingEngine;
import io.meridian.routing.RoutingPages;
import io.meridian.routing.RoutingReopening;
import io.meridian.routing.RoutingService;
import io.meridian.routing.RoutingTimings;
import io.meridian.routing.SetupFiles;
import io.meridian.search.ConversationSearch;
import io.meridian.search.InboxSearchForm;
import io.meridian.search.SearchApi;
import io.meridian.search.SearchIndexer;
import io.meridian.security.AgentAccounts;
import io.meridian.security.AgentSettingsRecords;
import io.meridian.security.ConsoleSecurity;
import io.meridian.security.SecondFactors;
import io.meridian.security.SecurityAlerts;
import io.meridian.scope.TeamRegionScope;
import io.meridian.security.HashingPool;
import io.meridian.store.Store;
import io.meridian.translation.ConversationTranslator;
import io.meridian.translation.GlossaryPages;
import io.meridian.translation.GlossaryStore;
import io.meridian.translation.PluginEngines;
import io.meridian.translation.ReplyLanguage;
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
import io.meridian.widget.PreChatForms;
import io.meridian.widget.WidgetLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The composition root: every capability of a node, each built once with everything it needs, in an order without
 * setters or callbacks after construction. Building does no I/O; {@link #parts()} lists what then starts, in order
 * (the node stops them in reverse). The one loop in the wiring is closed here on purpose and only once: the message
 * pipeline gets its stages ({@link MessagePipeline#start}) after the capabilities that both feed it and append to
 * it (routing's notices) are built.
 */
final class Capabilities {

    final Store store;
    final LanguageDetection languageDetection;
    final ConversationService conversations;
    final MessageLanguageRecorder languageRecorder;
    final HashingPool hashingPool;
    final AgentAccounts accounts;
    final ChatHub hub;
    final RoutingService routing;
    final CannedReplies cannedReplies;
    final Tickets tickets;
    final TicketUpkeep ticketUpkeep;
    final StaffMail staffMail;
    final SecurityAlerts securityAlerts;
    final ConsolePreferences consolePreferences;
    final ReadingLanguages readingLanguages;
    final ConversationTranslator translator;
    final MailIntake mailIntake;
    final SearchIndexer searchIndexer;
    final ConversationSearch search;
    final PluginHost plugins;
    final WebServer webServer;
    final NodeFacts facts;
    final ClusterMembers clusterMembers;
    final WidgetEndpoint widget;
    private final CrossRegionReads crossRegionReads;
    private final HomeRegionReads homeRegionReads;
    private final RemoteRegions remoteRegions;
    private final FollowTheSun followTheSun;
    private final RegionActivity regionActivity;
    private final Consents consents;
    final ContactErasure erasure;
    final ProcessingRestrictions restrictions;
    final Backups backups;
    final MasterKeyRotation masterKeyRotation;
    final DataKeys dataKeys;
    final SubjectRequests subjectRequests;
    final RetentionJob retention;

    private final Vertx vertx;
    private final MeridianConfig config;
    private final Path dataDir;
    private final Clock clock;
    private final DetectionSettings detectionSettings;
    private final Templates templates = new Templates();
    private final LiveConnections live = new LiveConnections();
    private final ClusterFacts clusterFacts;
    private final ServiceLevelFacts serviceLevelFacts;
    private final String nodeId;
    /** The audit log's lines, hash-chained in the store (docs/security.md, "Audit trail"). */
    final AuditTrail auditTrail;

    /**
     * @param store   opened already (its files, keys and migrations), closed as the last part to stop
     * @param clock   "now" for routing's business hours; tests fix it
     * @param resolver answers the residency checks of connectors' connections; tests script it
     */
    Capabilities(Vertx vertx, MeridianConfig config, Path dataDir, Store store, KeyVault vault, Clock clock,
            HostResolver resolver, DetectionSettings detectionSettings, HttpServerOptions httpOptions, String nodeId,
            String region, Supplier<char[]> keyStorePassword) {
        this.vertx = vertx;
        this.config = config;
        this.dataDir = dataDir;
        this.store = store;
        this.clock = clock;
        this.detectionSettings = detectionSettings;
        auditTrail = new AuditTrail(vertx, store);
        // The previous master key opens what is not re-wrapped yet while a rotation runs (docs/backup.md).
        dataKeys = new DataKeys(vault.masterKey(), vault.previousMasterKey().orElse(null));
        BlindIndex blindIndex = new BlindIndex(vault.blindIndexKey());
        // The language models load once the node serves (seconds of CPU); until then the hints decide.
        languageDetection = LanguageDetection.pending();
        // Inside the transactions of channel conversations: the outbox queues replies, routing resets reopenings.
        conversations = new ConversationService(vertx, store, dataKeys, blindIndex, region,
                new ChannelHooks(ChannelOutbox.sink(Clock.systemUTC()), new RoutingReopening()),
                ConfigKeys.attachmentLimits(config), ConfigKeys.storedTextMasking(config));
        languageRecorder = new MessageLanguageRecorder(vertx, languageDetection,
                MessageLanguageRecorder.hintsFrom(conversations), MessageLanguageRecorder.sinkOf(conversations));
        hashingPool = new HashingPool(vertx, config.integer(ConfigKeys.LOGIN_HASHING_THREADS),
                config.integer(ConfigKeys.LOGIN_HASHING_QUEUE));
        accounts = new AgentAccounts(vertx, store, new PasswordHasher(), config.integer(ConfigKeys.LOGIN_MAX_FAILURES),
                Duration.ofMinutes(config.integer(ConfigKeys.LOGIN_LOCKOUT_MINUTES)), hashingPool);
        // Every event type the capabilities publish gets its codec before anything can publish.
        EventCodecs.register(vertx.eventBus());
        MessagePipeline pipeline = new MessagePipeline();
        hub = new ChatHub(vertx, conversations, pipeline);
        routing = new RoutingService(vertx, store, hub, accounts, languageDetection, clock,
                new SetupFiles(config.path(ConfigKeys.ROUTING_FILE), config.path(ConfigKeys.ROUTING_CALENDARS_DIR)),
                new OffHoursReplies(config.path(ConfigKeys.ROUTING_TEMPLATES_DIR),
                        config.list(ConfigKeys.ROUTING_OFF_HOURS_QUIET_CHANNELS)),
                RoutingTimings.from(config));
        // A deactivated agent's open conversations go back to their teams' queues.
        accounts.onDeactivation(routing::agentDeactivated);
        cannedReplies = new CannedReplies(store, clock, routing::teamIdsOf);
        // Tickets: numbered per region, the subject sealed under the requester's key (docs/tickets.md).
        tickets = new Tickets(store, clock, conversations, ConfigKeys.ticketPrefix(config), new Tickets.Agents() {
            @Override
            public Future<List<SignedInAgent>> active() {
                return accounts.listActive();
            }

            @Override
            public Future<List<SignedInAgent>> all() {
                return accounts.list();
            }
        }, routing::teamNames, routing::teamIdsOf)
                .tellingCustomers(hub, config.path(ConfigKeys.ROUTING_TEMPLATES_DIR))
                .withCustomFields(config.path(ConfigKeys.TICKETS_FIELDS_FILE))
                .withMacros(config.path(ConfigKeys.TICKETS_MACROS_FILE))
                .keepingServiceLevels(config.path(ConfigKeys.TICKETS_SLA_FILE),
                        team -> routing.team(team).map(t -> t.calendar()), routing::tags, region, hub);
        // Mail to the company's own people (escalations) through its SMTP relay (docs/staff-mail.md).
        staffMail = new StaffMail(vertx, store, clock, StaffMailSettings.from(config));
        tickets.escalatingBy(staffMail, this::publicUrl);
        ticketUpkeep = new TicketUpkeep(vertx, tickets,
                Duration.ofDays(config.integer(ConfigKeys.TICKETS_CLOSE_SOLVED_AFTER_DAYS)),
                Set.copyOf(config.list(ConfigKeys.TICKETS_CREATE_FROM_CHANNELS)));
        // A team's new hours move the due times of its tickets' running service-level targets.
        routing.onHoursChanged(ticketUpkeep::hoursChanged);
        // Console pages in each agent's language and time zone; each agent reads conversations in their language.
        consolePreferences = new ConsolePreferences(vertx, store, new AgentSettingsRecords());
        readingLanguages = new ReadingLanguages(vertx, store, consolePreferences);
        // The plugin host's instances, looked up by translation before the host that runs them is built: the host
        // sends channel replies in the words translation gives them (docs/translation.md).
        ConnectorLookup connectors = new ConnectorLookup(vertx, PluginSettings.from(config, dataDir), resolver);
        translator = new ConversationTranslator(vertx, store, conversations, blindIndex, new GlossaryStore(store),
                new TranslationService(vertx, TranslationSettings.fromConfig(config),
                        PluginEngines.of(connectors::translationProviders)),
                region, ConversationTranslator.RETRY_EVERY_MILLIS, new RoutedAudience(readingLanguages, routing),
                ReplyLanguage.detectedBy(vertx, languageDetection));
        // E-mail: threading, sanitised HTML, sealed attachments, reply templates ($teamName: the team routing chose).
        MailBodies mailBodies = new MailBodies(store, conversations);
        MailThreads mailThreads = new MailThreads(store, conversations, blindIndex, clock);
        mailIntake = new MailIntake(store, hub::channelSays, mailThreads, mailBodies,
                conversations.attachmentLimits().withMaxBytes(config.integer(ConfigKeys.EMAIL_ATTACHMENT_MAX_BYTES)));
        MailChannel mailChannel = new MailChannel(vertx, conversations, mailIntake, mailThreads,
                new EmailReplies(config.path(ConfigKeys.ROUTING_TEMPLATES_DIR)), routing::teamNameOf);
        // E-mail is one channel profile among possible others; the plugin host knows none by name.
        plugins = new PluginHost(vertx, connectors, store, hub, dataKeys, blindIndex, nodeId, List.of(mailChannel),
                translator::deliveryText);
        // Words of messages and contact names as keyed terms, filters from the store (docs/workspace.md).
        searchIndexer = new SearchIndexer(vertx, conversations, routing::placements, routing::routedSince,
                dataDir.resolve("search"), vault.searchKey(), Clock.systemUTC());
        search = new ConversationSearch(searchIndexer, conversations, routing::contactsTagged);
        // The path of every stored message, in order (docs/architecture.md, "The message pipeline").
        pipeline.start(new MessagePipeline.Stages(
                languageRecorder,
                MessagePipeline.nothing(),
                ticketUpkeep::messageStored,
                routing::routeOpened,
                translator::translateForReader,
                plugins::deliverReplies,
                searchIndexer::index,
                routing::conversationClosed,
                translator::followReader,
                searchIndexer::reindex));
        // Lockouts, admins' new networks and unusual volume mailed to security.alerts.mail-to, through staff mail.
        securityAlerts = new SecurityAlerts(store, clock, staffMail,
                config.list(ConfigKeys.SECURITY_ALERTS_MAIL_TO), config.integer(ConfigKeys.SECURITY_ALERTS_READS_PER_HOUR),
                config.integer(ConfigKeys.SECURITY_ALERTS_EXPORTS_PER_DAY));
        accounts.onLocked(securityAlerts::locked);
        // Two-step sign-in: the authenticator secrets sealed under a key derived from the master key.
        SecondFactors secondFactors = new SecondFactors(store, clock, dataKeys,
                config.list(ConfigKeys.MFA_REQUIRED_ROLES));
        ConsoleSecurity security = new ConsoleSecurity(vertx, config, accounts, templates,
                dataDir.resolve(MeridianNode.INITIAL_PASSWORD_FILE), secondFactors, securityAlerts, routing::teamNames)
                .scopedBy(new TeamRegionScope(conversations, routing, tickets));
        // What this node answers the others about its work: no customer data.
        clusterMembers = new ClusterMembers(vertx, region, () -> new ClusterMembers.NodeLoad(
                routing.engine().agentViews().stream().filter(a -> a.presence() == Presence.ONLINE)
                        .map(RoutingEngine.AgentView::username).sorted().toList(),
                live.consoles(), live.visitors(), routing.engine().queueViews(clock.instant(), 0).stream()
                        .mapToInt(RoutingEngine.QueueView::waiting).sum(), openTeams(routing.engine())));
        // Where the region asks for it, visitors agree to the consent text before their first message.
        erasure = new ContactErasure(vertx, store, conversations, hub, searchIndexer::forget,
                dataDir.resolve("keys/erasures"), clock);
        consents = new Consents(vertx, store, clock, new ConsentSettings(Set.copyOf(config.list(
                ConfigKeys.CONSENT_REGIONS)), config.string(ConfigKeys.CONSENT_VERSION).strip(),
                config.string(ConfigKeys.CONSENT_PRIVACY_NOTICE_URL).strip()),
                new ConsentTexts(config.path(ConfigKeys.ROUTING_TEMPLATES_DIR)), region);
        // The customer side of chat; in a cluster, visitors homed in another region are relayed to its node.
        WidgetLimits limits = new WidgetLimits(config.integer(ConfigKeys.WIDGET_MAX_FRAME_BYTES),
                config.integer(ConfigKeys.WIDGET_RATE_LIMIT_PER_MINUTE), ConversationApi.MAX_TEXT_CHARS,
                PreChatForms.from(config));
        widget = new WidgetEndpoint(vertx, hub, limits, live, templates, config.list(ConfigKeys.HTTP_ALLOWED_ORIGINS),
                this::publicUrl, translator.forVisitors(), routing.widgetAvailability(), clusterMembers,
                ConfigKeys.homeRegions(config), consents);
        // Agents of other regions read this region's conversations as its policy for their region says, recorded here.
        crossRegionReads = new CrossRegionReads(store, Clock.systemUTC());
        CrossRegionPolicy crossRegion = CrossRegionPolicy.parse(config.list(ConfigKeys.RESIDENCY_CROSS_REGION),
                config.string(ConfigKeys.RESIDENCY_CROSS_REGION_DEFAULT));
        homeRegionReads = new HomeRegionReads(vertx, clusterMembers, hub, region, crossRegion,
                crossRegionReads, translator::forLanguage, () -> ownQueues(routing.engine()).stream()
                        .map(q -> new HomeRegionReads.TeamNow(q.teamName(), q.open(), q.online(), q.freeAgents(),
                                q.waiting())).toList(), placementsFor(routing));
        remoteRegions = new RemoteRegions(vertx, clusterMembers, region, readingLanguages::of,
                ConfigKeys.namedRegions(config));
        // What no team here can take now goes to a region open for it, as the policy lets that region read it.
        followTheSun = new FollowTheSun(vertx, clusterMembers, region, crossRegion, routing.engine(), remoteRegions,
                hub, clock);
        // Which conversations changed in each region, and its counts: ids and numbers only, pushed to every node.
        regionActivity = new RegionActivity(vertx, clusterMembers, hub, region, () -> new RegionActivity.Counts(
                conversations.openConversationCount(),
                ownQueues(routing.engine()).stream().mapToLong(RoutingEngine.QueueView::waiting).sum()));
        restrictions = new ProcessingRestrictions(conversations.restrictions());
        subjectRequests = new SubjectRequests(vertx, store, conversations, erasure, restrictions, new ContactExport(vertx,
                conversations, translator, tickets, consents, crossRegionReads, dataDir.resolve("exports"), clock),
                staffMail, searchIndexer::reindex, new SubjectRequests.Settings(
                        config.integer(ConfigKeys.PRIVACY_GDPR_DAYS), config.integer(ConfigKeys.PRIVACY_CCPA_DAYS),
                        Set.copyOf(config.list(ConfigKeys.PRIVACY_CCPA_REGIONS)),
                        config.integer(ConfigKeys.PRIVACY_EXPORT_KEEP_DAYS)), clock);
        // Retention: what each capability keeps of an erased transcript goes in the same write as its messages' texts.
        List<TranscriptParts> transcriptParts = List.of(
                (c, erased, contact, before) -> translator.forgetTranslations(c, erased.messageIds()),
                (c, erased, contact, before) -> mailBodies.forgetParts(c, erased.messageIds()),
                (c, erased, contact, before) -> {
                    if (erased.finished() && !erased.messageIds().isEmpty()) {
                        mailThreads.forgetThread(c, erased.conversationId());
                        routing.forgetNotes(c, erased.conversationId());
                        translator.forgetSegments(c, contact, before);
                    }
                });
        retention = new RetentionJob(vertx, store, conversations.retention(), new ClosedTicketRetention(conversations),
                transcriptParts, erasure::keeps, searchIndexer::forget, searchIndexer::reindex,
                retentionSettings(config), clock);
        // The console's menu offers Other regions on a clustered node only.
        templates.share("clusteredNode", clusterMembers.clustered());
        // The navigation's count of security alerts nobody has acknowledged (for accounts that may see them).
        templates.share("securityAlerts", securityAlerts);
        // Replies with files and files added to tickets are the only requests allowed past the usual body limit.
        webServer = new WebServer(httpOptions, templates, mounts(security, mailBodies), dataDir.resolve("uploads"),
                new WebServer.LargeUploads(java.util.regex.Pattern.compile(ConversationApi.REPLY_WITH_FILES.pattern()
                        + "|" + TicketFileRoutes.UPLOADS.pattern()),
                        conversations.attachmentLimits().maxTotalBytes() + ConversationApi.REPLY_FORM_BYTES));
        facts = new NodeFacts(Version.current(), nodeId, region, live, conversations::openConversationCount);
        backups = new Backups(vertx, store, dataKeys, config.path(ConfigKeys.BACKUP_DIR),
                dataDir.resolve("backup-staging"), nodeId, region, Version.current(), Clock.systemUTC());
        // The master key rotated while the node serves; each owner re-wraps its own keys (docs/backup.md).
        masterKeyRotation = new MasterKeyRotation(vertx, store, dataKeys, dataDir.resolve("keys/node.bcfks"),
                keyStorePassword, backups, conversations::rewrapContactKeys,
                List.of(plugins::rewrapInstanceKeys, secondFactors::resealSecrets), clock);
        clusterFacts = new ClusterFacts(clusterMembers, nodeId);
        serviceLevelFacts = new ServiceLevelFacts(nodeId, ticketUpkeep::lastCounts);
        this.nodeId = nodeId;
    }

    /**
     * What starts, in order; the node stops them in reverse. The plugin host starts before routing and stops after
     * it (routing's start may send notices through channels); the language stage stops after the plugin host, so
     * what a channel handed over last still gets its language; the store closes last, after every pending commit.
     */
    List<Part> parts() {
        return List.of(
                new Part("storage", Parts.stopOnly(() -> vertx.executeBlocking(() -> {
                    store.close();
                    return null;
                }, false))),
                // The audit log's lines chained in the store, from before the first sign-in to after the last change.
                new Part("audit trail", auditTrail),
                // First: a node that may not join (its region served already) stops before doing any work.
                new Part("cluster membership", clusterMembers),
                new Part("sign-in hashing", Parts.stopOnly(() -> {
                    hashingPool.close();
                    return Future.succeededFuture();
                })),
                // The roles admins define, in memory before the first request asks what its account may do.
                new Part("roles", accounts.roles()),
                new Part("console preferences", consolePreferences),
                new Part("reading languages", readingLanguages),
                new Part("language detection", languageRecorder),
                new Part("search index", searchIndexer),
                new Part("translation", translator),
                new Part("plugins", plugins),
                new Part("routing", routing),
                new Part("tickets", ticketUpkeep),
                new Part("staff mail", staffMail),
                // Before anyone is served: customers erased after the backup this database came from stay erased.
                new Part("erasures", erasure),
                // A rotation of the master key the node stopped during is finished in the background.
                new Part("master key rotation", masterKeyRotation),
                new Part("data-subject requests", subjectRequests),
                new Part("retention", retention),
                new Part("security alerts", securityAlerts),
                new Part("visitor relay between regions", widget.relays()),
                new Part("reading across regions", homeRegionReads),
                new Part("follow the sun across regions", followTheSun),
                new Part("live events across regions", regionActivity),
                new Part("the web server", Parts.deployed(vertx, webServer)),
                new Part("JMX", Parts.jmx(facts, clusterFacts, serviceLevelFacts, new AuditFacts(auditTrail, nodeId),
                        new BackupFacts(backups, nodeId), new MasterKeyFacts(masterKeyRotation, nodeId),
                        new RetentionFacts(retention, nodeId))),
                // Seconds of CPU in the background once the node serves; until then the hints decide.
                new Part("language models", Parts.startOnly(() -> {
                    languageDetection.load(detectionSettings);
                    return Future.succeededFuture();
                })));
    }

    /** The conversation page's notice for a customer whose processing is restricted (docs/privacy.md). */
    private Future<Map<String, Object>> restrictionExtras(String conversationId, SignedInAgent agent) {
        return conversations.restrictions().conversationRestricted(conversationId)
                .map(restricted -> Map.<String, Object>of("restrictedCustomer", restricted));
    }

    /** The queues of this region's own teams now (in a cluster, other regions' teams are theirs to report). */
    private List<RoutingEngine.QueueView> ownQueues(RoutingEngine engine) {
        return engine.queueViews(clock.instant(), 0).stream()
                .filter(q -> engine.setup().team(q.teamId()).map(engine::servesHere).orElse(true)).toList();
    }

    /** The teams open now with their languages, skills and free agents: what other regions offer work by. */
    private List<ClusterMembers.OpenTeam> openTeams(RoutingEngine engine) {
        return engine.queueViews(clock.instant(), 0).stream().filter(RoutingEngine.QueueView::open)
                .flatMap(q -> engine.setup().team(q.teamId()).filter(engine::servesHere).stream()
                        .map(t -> new ClusterMembers.OpenTeam(
                        List.copyOf(t.languages()), List.copyOf(t.skills()), q.freeAgents())))
                .toList();
    }

    /** Routing as readers of other regions meet it: who has a conversation (ids only), and taking a waiting one. */
    private static HomeRegionReads.Placements placementsFor(RoutingService routing) {
        return new HomeRegionReads.Placements() {
            @Override
            public Future<java.util.Map<String, String>> assignedAgents(List<String> conversationIds) {
                return routing.placements(conversationIds).map(found -> {
                    java.util.Map<String, String> agents = new java.util.HashMap<>();
                    found.forEach((id, placement) -> {
                        if (placement.assignedAgentId() != null) {
                            agents.put(id, placement.assignedAgentId());
                        }
                    });
                    return agents;
                });
            }

            @Override
            public Future<Void> take(String conversationId, String agentId, String agentName, String region,
                    boolean given) {
                return routing.takenFromRegion(conversationId, agentId, agentName, region, given);
            }

            @Override
            public Future<Boolean> release(String conversationId, String agentId, String agentName, String region) {
                return routing.releasedFromRegion(conversationId, agentId, agentName, region);
            }
        };
    }

    /** The retention job's settings from the privacy.retention.* keys, which MeridianConfig has checked. */
    static io.meridian.retention.RetentionSettings retentionSettings(MeridianConfig config) {
        return io.meridian.retention.RetentionSettings.of(
                config.integer(ConfigKeys.PRIVACY_RETENTION_TRANSCRIPTS_DAYS),
                config.integer(ConfigKeys.PRIVACY_RETENTION_ATTACHMENTS_DAYS),
                config.integer(ConfigKeys.PRIVACY_RETENTION_CLOSED_TICKETS_DAYS),
                config.list(ConfigKeys.PRIVACY_RETENTION_REGIONS), config.string(ConfigKeys.PRIVACY_RETENTION_RUN_AT),
                config.integer(ConfigKeys.PRIVACY_RETENTION_BATCH_SIZE));
    }

    /** A named part of the node: what its start and stop are logged as. */
    record Part(String name, Lifecycle lifecycle) {
    }

    /** The address the node is reached at: {@code http.public-url}, else derived from the host and port bound. */
    String publicUrl() {
        String configured = config.string(ConfigKeys.HTTP_PUBLIC_URL).replaceAll("/+$", "");
        if (!configured.isEmpty()) {
            return configured;
        }
        int port = config.integer(ConfigKeys.HTTP_PORT) != 0 ? config.integer(ConfigKeys.HTTP_PORT)
                : webServer.actualPort();
        String host = config.string(ConfigKeys.HTTP_HOST);
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1")) {
            host = "localhost";
        }
        return (webServer.tls() ? "https://" : "http://") + host + ":" + port;
    }

    /** Every capability's routes, in the order the web server mounts them. */
    private List<Consumer<Router>> mounts(ConsoleSecurity security, MailBodies mailBodies) {
        ConsoleLocales consoleLocales = new ConsoleLocales(consolePreferences, ZoneId.systemDefault());
        RoutingPages routingPages = new RoutingPages(routing, templates, clock);
        TicketPages ticketPages = new TicketPages(tickets, conversations, templates, cannedReplies, hub);
        // One customer across channels: contact history and merges (docs/contacts.md).
        ContactDirectory contactDirectory = new ContactDirectory(store, conversations, clock);
        // E-mail messages in the REST API: subject, sender, sanitised HTML, attachments (docs/api.md).
        MailApi mailApi = new MailApi(mailBodies);
        return List.of(
                new HealthEndpoint(store::ready, () -> clusterMembers.members().size())::addRoutes,
                consoleLocales::addRoutes,
                security::mount,
                new ConsoleSettingsPages(consoleLocales, templates, readingLanguages)::addRoutes,
                widget::addRoutes,
                new InboxPages(hub, templates, TranslationExtras.after(routingPages, translator)
                        .and(ticketPages.extras()).and(this::restrictionExtras),
                        plugins::channelTakesAttachments, routing.inboxViews(),
                        new InboxSearchForm(search, routing::teamNames, accounts::list),
                        config.bool(ConfigKeys.MASK_CONTACT_DETAILS), new SharedInbox(remoteRegions, regionActivity))
                        ::addRoutes,
                new SearchApi(search)::addRoutes,
                new ConversationApi(hub, mailApi::details, plugins::channelTakesAttachments)::addRoutes,
                new AttachmentDownloads(conversations.attachments())::addRoutes,
                new ContactApi(contactDirectory, consents)::addRoutes,
                new CannedReplyApi(cannedReplies, conversations, readingLanguages::of)::addRoutes,
                new TicketApi(tickets, cannedReplies, hub)::addRoutes,
                new ServiceLevelDesk(tickets, templates, clock)::addRoutes,
                new NewTicketPage(tickets, templates)::addRoutes,
                new TicketFileRoutes(tickets)::addRoutes,
                new AuditApi(auditTrail)::addRoutes,
                ticketPages::addRoutes,
                new CannedReplyPages(cannedReplies, templates, routing::teamNames)::addRoutes,
                new ContactPages(contactDirectory, templates, consents, erasure, subjectRequests,
                        restrictions)::addRoutes,
                new PrivacyApi(erasure, restrictions)::addRoutes,
                new SubjectRequestApi(subjectRequests, clock)::addRoutes,
                new SubjectRequestPages(subjectRequests, templates, clock)::addRoutes,
                new RetentionApi(retention)::addRoutes,
                new RetentionPages(retention, templates)::addRoutes,
                new MailPages(mailBodies)::addRoutes,
                new LiveEventsSocket(hub, live)::addRoutes,
                routingPages::addRoutes,
                new RoutingApi(routing, clock)::addRoutes,
                new WebhookEndpoint(plugins, config.integer(ConfigKeys.PLUGINS_WEBHOOK_MAX_BYTES))::addRoutes,
                new PluginAdminPages(plugins, templates)::addRoutes,
                new ClusterPages(clusterMembers, templates)::addRoutes,
                new RegionApi(remoteRegions, crossRegionReads)::addRoutes,
                new RegionPages(remoteRegions, templates)::addRoutes,
                new PluginAdminApi(plugins)::addRoutes,
                new TranslationApi(translator)::addRoutes,
                new GlossaryPages(translator.glossary(), templates)::addRoutes,
                new TranslationPages(translator, hub, templates)::addRoutes);
    }
}
