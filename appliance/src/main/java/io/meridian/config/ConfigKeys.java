package io.meridian.config;

import io.meridian.conversation.AttachmentLimits;
import io.meridian.conversation.HomeRegions;

import static io.meridian.config.ConfigKey.Type.BOOLEAN;
import static io.meridian.config.ConfigKey.Type.INT;
import static io.meridian.config.ConfigKey.Type.LIST;
import static io.meridian.config.ConfigKey.Type.PATH;
import static io.meridian.config.ConfigKey.Type.PORT;
import static io.meridian.config.ConfigKey.Type.POSITIVE_INT;
import static io.meridian.config.ConfigKey.Type.STRING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every configuration key Meridian knows. A key not listed here is refused at start-up. */
public final class ConfigKeys {

    public static final ConfigKey NODE_ID = new ConfigKey("node.id", STRING, "",
            "Name of this node in logs, JMX and the cluster. Empty: the host name.");
    public static final ConfigKey NODE_REGION = new ConfigKey("node.region", STRING, "default",
            "Legal data region this node serves (e.g. eu, us, apac). New contacts created here get it as home region.");
    // The cluster (io.meridian.cluster, docs/cluster.md): Hazelcast membership and the event bus between nodes.
    public static final ConfigKey CLUSTER_ENABLED = new ConfigKey("cluster.enabled", BOOLEAN, "false",
            "Whether this node joins the other nodes of cluster.members; false: a single node, as before.");
    public static final ConfigKey CLUSTER_HOST = new ConfigKey("cluster.host", STRING, "127.0.0.1",
            "The address other nodes reach this one at (its certificate must name it); both cluster ports listen there.");
    public static final ConfigKey CLUSTER_PORT = new ConfigKey("cluster.port", PORT, "5701",
            "Hazelcast's membership port (TCP); firewall it to the cluster's nodes.");
    public static final ConfigKey CLUSTER_BUS_PORT = new ConfigKey("cluster.bus-port", PORT, "5801",
            "The event bus port between nodes (TCP, mutual TLS with the cluster's certificates).");
    public static final ConfigKey CLUSTER_MEMBERS = new ConfigKey("cluster.members", LIST, "",
            "The other nodes' membership addresses, host:port (TCP-IP join; multicast and auto-detection are off).");
    public static final ConfigKey CLUSTER_TLS_DIR = new ConfigKey("cluster.tls-dir", PATH, "conf/cluster",
            "Folder with this node's node.key and node.crt and the cluster's ca.crt, as bin/meridian cluster-add-node "
                    + "made them. Relative to the install directory.");
    public static final ConfigKey DATA_DIR = new ConfigKey("data.dir", PATH, "data",
            "Directory for the database, keys, TLS certificate and the initial admin password. Relative to the install directory.");
    public static final ConfigKey BACKUP_DIR = new ConfigKey("backup.dir", PATH, "backups",
            "Directory bin/meridian backup and the JMX operation write encrypted backup archives to. Relative to the "
                    + "install directory; put it on another disk, or copy the archives off the host (docs/backup.md).");

    public static final ConfigKey HTTP_HOST = new ConfigKey("http.host", STRING, "0.0.0.0",
            "Address the HTTP(S) server binds to.");
    public static final ConfigKey HTTP_PORT = new ConfigKey("http.port", PORT, "8443",
            "Port of the HTTP(S) server (console, widget, API, health). 0 picks a free port.");
    public static final ConfigKey HTTP_PUBLIC_URL = new ConfigKey("http.public-url", STRING, "",
            "Base URL customers and agents use to reach this node, e.g. https://support.example.com. "
                    + "Empty: derived from host and port. Used in printed links and the widget snippet.");
    public static final ConfigKey HTTP_ALLOWED_ORIGINS = new ConfigKey("http.allowed-origins", LIST, "",
            "Web sites allowed to embed the chat widget (origins such as https://www.example.com). Empty: any site.");

    public static final ConfigKey TLS_ENABLED = new ConfigKey("tls.enabled", BOOLEAN, "true",
            "Serve HTTPS. Turn off only behind a TLS-terminating proxy or on a loopback-only test node.");
    public static final ConfigKey TLS_CERT_FILE = new ConfigKey("tls.cert-file", PATH, "",
            "PEM certificate chain to serve. Empty (and no PKCS#12): a self-signed certificate is generated in <data.dir>/tls.");
    public static final ConfigKey TLS_KEY_FILE = new ConfigKey("tls.key-file", PATH, "",
            "PEM private key (PKCS#8) matching tls.cert-file.");
    public static final ConfigKey TLS_PKCS12_FILE = new ConfigKey("tls.pkcs12-file", PATH, "",
            "PKCS#12 key store holding the certificate and key, instead of the two PEM files.");
    public static final ConfigKey TLS_PKCS12_PASSWORD_FILE = new ConfigKey("tls.pkcs12-password-file", PATH, "",
            "File whose first line is the password of tls.pkcs12-file.");

    public static final ConfigKey KEYSTORE_PASSWORD_FILE = new ConfigKey("security.keystore-password-file", PATH, "",
            "File whose first line is the password of the node key store (<data.dir>/keys/node.bcfks). "
                    + "The environment variable MERIDIAN_KEYSTORE_PASSWORD takes precedence. Neither set: generated at first "
                    + "start into <data.dir>/keys/keystore.password.");
    public static final ConfigKey LOGIN_MAX_FAILURES = new ConfigKey("security.login.max-failures", POSITIVE_INT, "5",
            "Failed logins in a row after which an account is locked.");
    public static final ConfigKey LOGIN_LOCKOUT_MINUTES = new ConfigKey("security.login.lockout-minutes", POSITIVE_INT, "15",
            "How long a locked account stays locked.");
    public static final ConfigKey LOGIN_HASHING_THREADS = new ConfigKey("security.login.hashing-threads", POSITIVE_INT, "1",
            "Password checks (Argon2id) that may run at once, on threads of their own; each takes a core and about 19 MiB.");
    public static final ConfigKey LOGIN_HASHING_QUEUE = new ConfigKey("security.login.hashing-queue", POSITIVE_INT, "32",
            "Password checks that may wait for a hashing thread; beyond them sign-ins are answered 503 with Retry-After.");
    public static final ConfigKey SESSION_TIMEOUT_MINUTES = new ConfigKey("security.session.timeout-minutes", POSITIVE_INT, "480",
            "Idle time after which a console session expires.");
    public static final ConfigKey SESSION_ABSOLUTE_HOURS = new ConfigKey("security.session.absolute-hours",
            POSITIVE_INT, "24", "Hours after sign-in at which a console session ends however busy it is; signing in "
                    + "again starts a new one.");
    public static final ConfigKey MFA_REQUIRED_ROLES = new ConfigKey("security.mfa.required-roles", LIST, "ADMIN",
            "Roles whose accounts must sign in with a second factor (an authenticator app's code): ADMIN, AGENT or "
                    + "the names of roles defined in the console. They set it up at their next sign-in. Others may "
                    + "turn it on themselves. [] requires it of nobody.");
    public static final ConfigKey SECURITY_ALERTS_MAIL_TO = new ConfigKey("security.alerts.mail-to", LIST, "",
            "Addresses that get security alerts by staff mail: a name locked after repeated failed sign-ins, an admin "
                    + "signing in from a new network. Empty: the alerts are in the audit log only.");
    public static final ConfigKey PRIVACY_GDPR_DAYS = new ConfigKey("privacy.requests.gdpr-days", POSITIVE_INT, "30",
            "Days a data-subject request under the GDPR has from its receipt (article 12: one month).");
    public static final ConfigKey PRIVACY_CCPA_DAYS = new ConfigKey("privacy.requests.ccpa-days", POSITIVE_INT, "45",
            "Days a data-subject request under the CCPA has from its receipt.");
    public static final ConfigKey PRIVACY_CCPA_REGIONS = new ConfigKey("privacy.requests.ccpa-regions", LIST, "",
            "Home regions whose customers' requests are answered under the CCPA by default; the others under the GDPR. "
                    + "The admin opening a request may choose the other law.");
    public static final ConfigKey PRIVACY_EXPORT_KEEP_DAYS = new ConfigKey("privacy.exports.keep-days", POSITIVE_INT,
            "7", "Days a customer's exported data stays downloadable in <data.dir>/exports before it is deleted.");
    // Retention policies (docs/privacy.md#retention): 0 keeps for ever, so an install that sets none changes nothing.
    public static final ConfigKey PRIVACY_RETENTION_TRANSCRIPTS_DAYS = new ConfigKey(
            "privacy.retention.transcripts-days", INT, "0", "Days the messages of a closed conversation are kept after "
                    + "its last activity; then their texts, translations, mail parts and files are erased (the "
                    + "conversation stays as metadata). 0: kept for ever.");
    public static final ConfigKey PRIVACY_RETENTION_ATTACHMENTS_DAYS = new ConfigKey(
            "privacy.retention.attachments-days", INT, "0", "Days the files of messages are kept after their message "
                    + "was written, whatever their conversation's state; then they are deleted. 0: kept for ever.");
    public static final ConfigKey PRIVACY_RETENTION_CLOSED_TICKETS_DAYS = new ConfigKey(
            "privacy.retention.closed-tickets-days", INT, "0", "Days a closed ticket keeps its texts after its last "
                    + "change; then its subject, handover note, text fields, notes and files are removed (number, "
                    + "status and times stay). 0: kept for ever.");
    public static final ConfigKey PRIVACY_RETENTION_REGIONS = new ConfigKey("privacy.retention.regions", LIST, "",
            "Home regions whose policy differs from the three keys above, one kind per entry: REGION:KIND=DAYS with "
                    + "KIND transcripts, attachments or closed-tickets, e.g. [\"eu:transcripts=730\", "
                    + "\"eu:attachments=180\"].");
    public static final ConfigKey PRIVACY_RETENTION_RUN_AT = new ConfigKey("privacy.retention.run-at", STRING,
            "03:30", "Time of day (HH:MM, UTC) of the daily retention run.");
    public static final ConfigKey PRIVACY_RETENTION_BATCH_SIZE = new ConfigKey("privacy.retention.batch-size",
            POSITIVE_INT, "100", "Messages the retention job erases in one write (1-5000): larger is faster, smaller "
                    + "keeps chat acknowledgements waiting less behind it.");
    public static final ConfigKey SECURITY_ALERTS_READS_PER_HOUR = new ConfigKey("security.alerts.reads-per-hour",
            POSITIVE_INT, "300", "Customer records (conversations, contact pages) one account may open in an hour before "
                    + "a security alert says so.");
    public static final ConfigKey SECURITY_ALERTS_EXPORTS_PER_DAY = new ConfigKey("security.alerts.exports-per-day",
            POSITIVE_INT, "5", "Exports of customers' data one account may download in a day before a security alert "
                    + "says so.");
    public static final ConfigKey PRIVACY_MASKING_STORE = new ConfigKey("privacy.masking.store", LIST, "card, iban",
            "What is masked in every message's text before it is stored (customers' and agents'): card (payment card "
                    + "numbers that pass the Luhn check) and iban (IBANs that pass their check), the last four staying; "
                    + "national-id (ten countries' identity numbers that pass their check) and phone (international "
                    + "numbers, +CC or 00CC), the last two staying. [] stores text as written.");
    public static final ConfigKey MASK_CONTACT_DETAILS = new ConfigKey("security.mask-contact-details", BOOLEAN, "true",
            "Whether the console's customer panel masks the customer's e-mail address (m\u2022\u2022\u2022@example.com) "
                    + "and phone number; false shows them in full.");

    public static final ConfigKey STORE_ENGINE = new ConfigKey("store.engine", STRING, "derby",
            "derby: the embedded, encrypted database in data.dir (one node per region); postgresql: the region's shared "
                    + "PostgreSQL database (several nodes per region, docs/cluster.md).");
    public static final ConfigKey STORE_POSTGRESQL_URL = new ConfigKey("store.postgresql.url", STRING, "",
            "JDBC URL of the region's PostgreSQL database, jdbc:postgresql://host:5432/meridian (store.engine: postgresql).");
    public static final ConfigKey STORE_POSTGRESQL_USER = new ConfigKey("store.postgresql.user", STRING, "meridian",
            "The database role the node signs in as; it owns the schema (the first node to start creates it).");
    public static final ConfigKey STORE_POSTGRESQL_PASSWORD_FILE = new ConfigKey("store.postgresql.password-file", PATH, "",
            "File whose first line is that role's password. The environment variable MERIDIAN_STORE_POSTGRESQL_PASSWORD "
                    + "takes precedence.");
    public static final ConfigKey STORE_POSTGRESQL_SSL_MODE = new ConfigKey("store.postgresql.ssl-mode", STRING, "verify-full",
            "TLS to the database: verify-full (certificate and host name checked), verify-ca, require (encrypted, "
                    + "certificate unchecked) or disable.");
    public static final ConfigKey STORE_POSTGRESQL_SSL_ROOT_CERT = new ConfigKey("store.postgresql.ssl-root-cert", PATH, "",
            "CA certificate (PEM) the database server's certificate is checked against; empty: ~/.postgresql/root.crt.");
    public static final ConfigKey STORE_POSTGRESQL_READ_CONNECTIONS = new ConfigKey("store.postgresql.read-connections",
            POSITIVE_INT, "8", "Connections this node keeps open for reads (the writer has one more).");
    public static final ConfigKey STORE_GROUP_COMMIT_MAX_BATCH = new ConfigKey("store.group-commit.max-batch", POSITIVE_INT, "256",
            "Most writes committed together in one transaction (one disk sync).");
    public static final ConfigKey STORE_PAGE_CACHE_PAGES = new ConfigKey("store.page-cache-pages", POSITIVE_INT, "4000",
            "Database pages Derby keeps in memory (index pages 4 KiB, message pages up to 32 KiB); read at start.");

    public static final ConfigKey WIDGET_MAX_FRAME_BYTES = new ConfigKey("widget.max-frame-bytes", POSITIVE_INT, "65536",
            "Largest WebSocket frame accepted from a visitor; larger frames get an error frame.");
    public static final ConfigKey WIDGET_RATE_LIMIT_PER_MINUTE = new ConfigKey("widget.rate-limit.messages-per-minute", POSITIVE_INT, "60",
            "Frames a visitor connection may send per minute; past twice this the connection is closed (1008).");
    public static final ConfigKey WIDGET_PRE_CHAT_FORM = new ConfigKey("widget.pre-chat-form", STRING, "off",
            "The widget's form for the visitor's name and e-mail before the first message: off, optional (the visitor "
                    + "may skip it) or required.");
    public static final ConfigKey WIDGET_PRE_CHAT_FORM_BY_SITE = new ConfigKey("widget.pre-chat-form-by-site", LIST, "",
            "The pre-chat form per site, overriding widget.pre-chat-form for pages of that origin, e.g. "
                    + "[\"https://shop.example.com=required\", \"https://help.example.com=off\"].");

    // Plugins (io.meridian.plugin): the PF4J host, connector instances, webhooks and the outbox.
    public static final ConfigKey PLUGINS_DIR = new ConfigKey("plugins.dir", PATH, "plugins",
            "Folder of plugin zips (PF4J) loaded at start, bundled and third-party alike. Relative to the install directory.");
    public static final ConfigKey PLUGINS_ALLOW_UNSIGNED = new ConfigKey("plugins.allow-unsigned", BOOLEAN, "false",
            "Load plugin zips that have no <zip>.sig signature file. A signature that is present but does not verify "
                    + "is refused either way.");
    public static final ConfigKey PLUGINS_TRUSTED_KEYS_DIR = new ConfigKey("plugins.trusted-keys-dir", PATH,
            "conf/trusted-plugin-keys",
            "Folder of PEM public keys (Ed25519 or ECDSA P-256, *.pem) whose signatures on plugin zips are trusted.");
    public static final ConfigKey PLUGINS_CALL_TIMEOUT_SECONDS = new ConfigKey("plugins.call-timeout-seconds",
            POSITIVE_INT, "30",
            "Longest a single plugin call (create, start, send, poll, webhook, translate...) may take before it is "
                    + "interrupted and counted as failed.");
    public static final ConfigKey PLUGINS_MAX_CONCURRENT_CALLS = new ConfigKey("plugins.max-concurrent-calls",
            POSITIVE_INT, "4",
            "Threads of each plugin's own executor: the most calls into one plugin that run at once.");
    public static final ConfigKey PLUGINS_RETRY_MAX_SECONDS = new ConfigKey("plugins.retry-max-seconds",
            POSITIVE_INT, "300",
            "Longest wait between retries (connector start, outbox sends); waits double from 1 s up to this.");
    public static final ConfigKey PLUGINS_CONNECTORS_DIR = new ConfigKey("plugins.connectors-dir", PATH,
            "conf/connectors",
            "Folder of connector instance files (<instance>.yaml) applied at start; instances can also be made in the console.");
    public static final ConfigKey PLUGINS_WEBHOOK_MAX_BYTES = new ConfigKey("plugins.webhook-max-bytes",
            POSITIVE_INT, "1048576",
            "Largest request body accepted on /hooks/<plugin>/<instance>; larger ones are answered 413.");

    // Routing (io.meridian.routing): teams, business hours, holidays, queues and presence.
    public static final ConfigKey ROUTING_FILE = new ConfigKey("routing.file", PATH, "conf/routing.yaml",
            "Teams, agent routing profiles and queue rules that seed a fresh install (docs/routing.md). Once stored, "
                    + "the console edits the setup; an admin can reload this file from the console.");
    public static final ConfigKey ROUTING_CALENDARS_DIR = new ConfigKey("routing.calendars-dir", PATH, "conf/calendars",
            "Folder of holiday calendars (*.ics, iCalendar) that teams name under holidays.");
    public static final ConfigKey ROUTING_TEMPLATES_DIR = new ConfigKey("routing.templates-dir", PATH, "conf/templates",
            "Folder of reply templates per locale (<locale>/off-hours.vm, Velocity).");
    public static final ConfigKey ROUTING_OFF_HOURS_QUIET_CHANNELS = new ConfigKey(
            "routing.off-hours.quiet-channels", LIST, "",
            "Channel connector instances (their ids, e.g. a no-reply mailbox) whose customers are not sent the off-hours "
                    + "reply; it is then only a system message in the conversation. Empty: every channel sends it, e-mail "
                    + "included. The web widget always shows it.");
    public static final ConfigKey ROUTING_OFFLINE_AFTER_SECONDS = new ConfigKey("routing.presence.offline-after-seconds",
            POSITIVE_INT, "120",
            "An agent whose console connections are all lost is offline this many seconds after the loss (away "
                    + "before that, see routing.presence.away-after-seconds), unless a console reconnects first.");
    public static final ConfigKey ROUTING_AWAY_AFTER_SECONDS = new ConfigKey("routing.presence.away-after-seconds",
            POSITIVE_INT, "15",
            "Grace period: an online agent whose console connections are all lost stays online this many seconds (long "
                    + "enough to move from one console page to the next), then is away until offline-after-seconds.");
    public static final ConfigKey ROUTING_QUEUE_SWEEP_SECONDS = new ConfigKey("routing.queue.sweep-seconds",
            POSITIVE_INT, "15",
            "Safety net: every this many seconds the node looks for waiting conversations for every free agent. Work is "
                    + "otherwise pulled at once, when an agent comes online or frees a slot.");

    // Language (io.meridian.language): detection of the customer's language (docs/language.md).
    public static final ConfigKey LANGUAGE_DETECTION_LANGUAGES = new ConfigKey("language.detection.languages", LIST,
            "en,zh,ja,ko,fr,de,es,pt,it,nl,ru,ar,tr,pl,sv,vi,th,id,hi,uk",
            "Languages (ISO 639-1 codes, at least two) the detector tells apart; zh covers Simplified and Traditional "
                    + "Chinese. Each costs about 22 MB of heap in high-accuracy mode, 1 MB in low.");
    public static final ConfigKey LANGUAGE_DETECTION_MODE = new ConfigKey("language.detection.mode", STRING, "high",
            "high: Lingua's high-accuracy mode, much better on short chat messages (about 440 MB of heap for the 20 "
                    + "default languages); low: trigram models only (about 20 MB), for small machines.");
    public static final ConfigKey LANGUAGE_DETECTION_MIN_CONFIDENCE = new ConfigKey("language.detection.min-confidence",
            STRING, "0.05",
            "A number from 0 to 1: how far ahead of the next candidate a language must be for the text alone to decide; "
                    + "below it the contact's known language, then the browser's, is taken.");
    public static final ConfigKey LANGUAGE_DETECTION_MIN_CHARS = new ConfigKey("language.detection.min-chars",
            POSITIVE_INT, "10",
            "Messages with fewer letters (links, numbers and emoji not counted) take the contact's or the browser's "
                    + "language, unless their script belongs to one language only (e.g. Korean, Thai).");

    // Translation (io.meridian.translation): engines, residency and the review step (docs/translation.md).
    public static final ConfigKey TRANSLATION_ENABLED = new ConfigKey("translation.enabled", BOOLEAN, "true",
            "Whether customer messages and agent replies are translated when their languages differ.");
    public static final ConfigKey TRANSLATION_TIMEOUT_MILLIS = new ConfigKey("translation.timeout-millis",
            POSITIVE_INT, "3000",
            "How long one translation may take, every engine tried included; past it the message is delivered "
                    + "untranslated, flagged, and retried in the background.");
    public static final ConfigKey TRANSLATION_PREFERRED_PROVIDERS = new ConfigKey("translation.preferred-providers",
            LIST, "",
            "Translation-provider instance ids to try first, in this order; other running providers follow by id.");
    public static final ConfigKey TRANSLATION_REVIEW_OUTGOING = new ConfigKey("translation.review-outgoing", BOOLEAN,
            "false", "Whether agents see, and may edit, the translation of their reply before it is sent.");
    public static final ConfigKey TRANSLATION_AGENT_LANGUAGE = new ConfigKey("translation.agent-language", STRING,
            "en", "The language customer messages are translated into when the agent's console language is not known.");
    public static final ConfigKey RESIDENCY_FORBID_EGRESS_REGIONS = new ConfigKey("residency.forbid-egress-regions",
            LIST, "",
            "Regions (node.region or the contact's region) whose customers' text may only go to local translation "
                    + "engines; with none local, their messages stay untranslated, flagged 'egress refused'.");
    public static final ConfigKey RESIDENCY_ON_SITE_ADDRESSES = new ConfigKey("residency.on-site-addresses", LIST, "",
            "IP addresses and CIDR ranges that are on site besides loopback, e.g. 10.20.0.0/16 or fd00:1::/48. A host "
                    + "is local only if every address it resolves to, when connecting, is loopback or in this list.");
    public static final ConfigKey RESIDENCY_HOME_REGIONS = new ConfigKey("residency.home-regions", LIST, "",
            "The home region of new web-chat visitors by country (ISO 3166 code from the browser's locale), e.g. "
                    + "[\"DE=eu\", \"US=us\", \"JP=apac\"]; others get node.region. In a cluster a visitor is served "
                    + "by a node of their home region.");
    public static final ConfigKey RESIDENCY_CROSS_REGION = new ConfigKey("residency.cross-region", LIST, "",
            "What agents of another region may read of conversations homed here, per pair HOME>READER: allow, masked "
                    + "(names, e-mail addresses and numbers masked) or deny (metadata only), e.g. [\"eu>us=masked\"].");
    public static final ConfigKey RESIDENCY_CROSS_REGION_DEFAULT = new ConfigKey("residency.cross-region-default",
            STRING, "deny", "What agents of another region may read for a pair residency.cross-region does not list.");

    // Consent before chatting (docs/privacy.md, "Consent").
    public static final ConfigKey CONSENT_REGIONS = new ConfigKey("consent.regions", LIST, "",
            "Home regions whose web-chat visitors must agree to the consent text (conf/templates/<locale>/consent.txt) "
                    + "before their first message, e.g. [\"eu\"]; empty: nobody is asked.");
    public static final ConfigKey TICKETS_NUMBER_PREFIX = new ConfigKey("tickets.number-prefix", STRING, "",
            "What ticket numbers start with (EU makes EU-10001): 1-8 of A-Z and 0-9. Empty: node.region in capitals, "
                    + "or T where node.region is default.");
    public static final ConfigKey TICKETS_FIELDS_FILE = new ConfigKey("tickets.fields-file", PATH,
            "conf/ticket-fields.yaml", "The custom fields of tickets (docs/tickets.md); read at start; a missing file: "
                    + "none.");
    public static final ConfigKey TICKETS_MACROS_FILE = new ConfigKey("tickets.macros-file", PATH,
            "conf/ticket-macros.yaml", "The macros of tickets (docs/tickets.md); read at start; a missing file: none.");
    public static final ConfigKey TICKETS_SLA_FILE = new ConfigKey("tickets.sla-file", PATH, "conf/sla.yaml",
            "The service-level policies of tickets (docs/tickets.md); read at start; a missing file: none.");
    public static final ConfigKey TICKETS_CREATE_FROM_CHANNELS = new ConfigKey("tickets.create-from-channels", LIST,
            "", "Channels whose new conversations become tickets by themselves, e.g. [support-mail] (a connector "
                    + "instance id) or [web].");
    public static final ConfigKey TICKETS_CLOSE_SOLVED_AFTER_DAYS = new ConfigKey("tickets.close-solved-after-days",
            INT, "4", "Days after which a solved ticket is closed (then it takes no more changes); 0: never.");
    public static final ConfigKey STAFF_MAIL_SMTP_HOST = new ConfigKey("staff-mail.smtp-host", STRING, "",
            "SMTP relay for mail to the company's own people (escalations to team leads; docs/staff-mail.md). Empty: "
                    + "no such mail is sent.");
    public static final ConfigKey STAFF_MAIL_SMTP_PORT = new ConfigKey("staff-mail.smtp-port", PORT, "587",
            "Port of staff-mail.smtp-host.");
    public static final ConfigKey STAFF_MAIL_SECURITY = new ConfigKey("staff-mail.security", STRING, "starttls",
            "starttls (the relay must offer it), tls (TLS from the first byte, usually port 465) or none (a relay on "
                    + "this host or a trusted network only).");
    public static final ConfigKey STAFF_MAIL_USERNAME = new ConfigKey("staff-mail.username", STRING, "",
            "Account on the relay; empty: send without signing in.");
    public static final ConfigKey STAFF_MAIL_PASSWORD_FILE = new ConfigKey("staff-mail.password-file", PATH, "",
            "File whose first line is the relay account's password; read at each send, so it can be changed "
                    + "without a restart.");
    public static final ConfigKey STAFF_MAIL_FROM = new ConfigKey("staff-mail.from", STRING, "meridian@localhost",
            "Sender address of staff mail.");
    public static final ConfigKey STAFF_MAIL_LANGUAGE = new ConfigKey("staff-mail.language", STRING, "en",
            "Language staff mail is written in: en, de, es, fr, ja, ko, zh-CN or zh-TW.");
    public static final ConfigKey CONSENT_VERSION = new ConfigKey("consent.version", STRING, "1",
            "The version of the consent text in force, recorded with each agreement; change it with the text, and "
                    + "visitors who agreed to an older version are asked again.");
    public static final ConfigKey CONSENT_PRIVACY_NOTICE_URL = new ConfigKey("consent.privacy-notice-url", STRING, "",
            "The https:// address of the privacy notice the widget links beside the consent text; empty: no link.");

    // E-mail in the console (docs/channels.md, "In the console").
    public static final ConfigKey EMAIL_ATTACHMENT_MAX_BYTES = new ConfigKey("email.attachment-max-bytes",
            POSITIVE_INT, "26214400",
            "Largest inbound mail attachment stored (sealed) for agents to download; larger ones are listed as skipped.");

    // Files of messages, every channel's and agents' (docs/api.md, "Attachments").
    public static final ConfigKey ATTACHMENTS_MAX_BYTES = new ConfigKey("attachments.max-bytes", POSITIVE_INT,
            "26214400", "Largest file kept with a message (any channel) or attached to an agent's reply; a customer's "
                    + "larger file is not kept and the message says so, an agent's is refused (413).");
    public static final ConfigKey ATTACHMENTS_MAX_PER_MESSAGE = new ConfigKey("attachments.max-per-message",
            POSITIVE_INT, "20", "Most files one message keeps or one agent reply carries.");
    public static final ConfigKey ATTACHMENTS_MAX_TOTAL_BYTES = new ConfigKey("attachments.max-total-bytes",
            POSITIVE_INT, "52428800", "Largest size of one message's files together; also bounds the body of an "
                    + "agent's reply with files.");
    public static final ConfigKey ATTACHMENTS_ALLOWED_TYPES = new ConfigKey("attachments.allowed-types", LIST,
            String.join(",", AttachmentLimits.DEFAULT_TYPES), "Media types kept and sent (type/subtype, type/*, or a "
                    + "prefix ending in *). Programs, scripts, HTML and SVG are refused whatever this says, and so is "
                    + "a file whose first bytes contradict its type.");

    /** All keys, in the order docs/configuration.md lists them. */
    public static final List<ConfigKey> ALL = List.of(
            NODE_ID, NODE_REGION, DATA_DIR, BACKUP_DIR,
            CLUSTER_ENABLED, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_BUS_PORT, CLUSTER_MEMBERS, CLUSTER_TLS_DIR,
            HTTP_HOST, HTTP_PORT, HTTP_PUBLIC_URL, HTTP_ALLOWED_ORIGINS,
            TLS_ENABLED, TLS_CERT_FILE, TLS_KEY_FILE, TLS_PKCS12_FILE, TLS_PKCS12_PASSWORD_FILE,
            KEYSTORE_PASSWORD_FILE, LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES, LOGIN_HASHING_THREADS,
            LOGIN_HASHING_QUEUE, SESSION_TIMEOUT_MINUTES, SESSION_ABSOLUTE_HOURS, MFA_REQUIRED_ROLES, SECURITY_ALERTS_MAIL_TO,
            SECURITY_ALERTS_READS_PER_HOUR, SECURITY_ALERTS_EXPORTS_PER_DAY,
            MASK_CONTACT_DETAILS, PRIVACY_MASKING_STORE, PRIVACY_GDPR_DAYS, PRIVACY_CCPA_DAYS, PRIVACY_CCPA_REGIONS, PRIVACY_EXPORT_KEEP_DAYS,
            PRIVACY_RETENTION_TRANSCRIPTS_DAYS, PRIVACY_RETENTION_ATTACHMENTS_DAYS, PRIVACY_RETENTION_CLOSED_TICKETS_DAYS,
            PRIVACY_RETENTION_REGIONS, PRIVACY_RETENTION_RUN_AT, PRIVACY_RETENTION_BATCH_SIZE,
            STORE_ENGINE, STORE_POSTGRESQL_URL, STORE_POSTGRESQL_USER, STORE_POSTGRESQL_PASSWORD_FILE,
            STORE_POSTGRESQL_SSL_MODE, STORE_POSTGRESQL_SSL_ROOT_CERT, STORE_POSTGRESQL_READ_CONNECTIONS,
            STORE_GROUP_COMMIT_MAX_BATCH, STORE_PAGE_CACHE_PAGES,
            WIDGET_MAX_FRAME_BYTES, WIDGET_RATE_LIMIT_PER_MINUTE, WIDGET_PRE_CHAT_FORM, WIDGET_PRE_CHAT_FORM_BY_SITE,
            PLUGINS_DIR, PLUGINS_ALLOW_UNSIGNED, PLUGINS_TRUSTED_KEYS_DIR, PLUGINS_CALL_TIMEOUT_SECONDS,
            PLUGINS_MAX_CONCURRENT_CALLS, PLUGINS_RETRY_MAX_SECONDS, PLUGINS_CONNECTORS_DIR, PLUGINS_WEBHOOK_MAX_BYTES,
            ROUTING_FILE, ROUTING_CALENDARS_DIR, ROUTING_TEMPLATES_DIR, ROUTING_OFF_HOURS_QUIET_CHANNELS,
            ROUTING_OFFLINE_AFTER_SECONDS,
            ROUTING_AWAY_AFTER_SECONDS, ROUTING_QUEUE_SWEEP_SECONDS,
            LANGUAGE_DETECTION_LANGUAGES, LANGUAGE_DETECTION_MODE, LANGUAGE_DETECTION_MIN_CONFIDENCE,
            LANGUAGE_DETECTION_MIN_CHARS,
            TRANSLATION_ENABLED, TRANSLATION_TIMEOUT_MILLIS, TRANSLATION_PREFERRED_PROVIDERS,
            TRANSLATION_REVIEW_OUTGOING, TRANSLATION_AGENT_LANGUAGE, RESIDENCY_FORBID_EGRESS_REGIONS,
            RESIDENCY_ON_SITE_ADDRESSES, RESIDENCY_HOME_REGIONS, RESIDENCY_CROSS_REGION, RESIDENCY_CROSS_REGION_DEFAULT,
            CONSENT_REGIONS, CONSENT_VERSION, CONSENT_PRIVACY_NOTICE_URL, TICKETS_NUMBER_PREFIX,
            TICKETS_CLOSE_SOLVED_AFTER_DAYS, TICKETS_SLA_FILE, TICKETS_CREATE_FROM_CHANNELS,
            TICKETS_FIELDS_FILE, TICKETS_MACROS_FILE,
            STAFF_MAIL_SMTP_HOST, STAFF_MAIL_SMTP_PORT, STAFF_MAIL_SECURITY, STAFF_MAIL_USERNAME,
            STAFF_MAIL_PASSWORD_FILE, STAFF_MAIL_FROM, STAFF_MAIL_LANGUAGE,
            EMAIL_ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX_BYTES, ATTACHMENTS_MAX_PER_MESSAGE, ATTACHMENTS_MAX_TOTAL_BYTES,
            ATTACHMENTS_ALLOWED_TYPES);

    /** The limits every message's files are held to, from the {@code attachments.*} keys. */
    /** {@code privacy.masking.store}, checked: an unknown kind is a configuration error naming the key. */
    public static io.meridian.conversation.StoredTextMasking storedTextMasking(MeridianConfig config) {
        try {
            return io.meridian.conversation.StoredTextMasking.of(config.list(PRIVACY_MASKING_STORE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PRIVACY_MASKING_STORE.name() + ": " + e.getMessage());
        }
    }

    public static AttachmentLimits attachmentLimits(MeridianConfig config) {
        return new AttachmentLimits(config.integer(ATTACHMENTS_MAX_BYTES), config.integer(ATTACHMENTS_MAX_PER_MESSAGE),
                config.integer(ATTACHMENTS_MAX_TOTAL_BYTES), config.list(ATTACHMENTS_ALLOWED_TYPES));
    }

    /** New visitors' home regions by country (MeridianConfig has checked the entries when it loaded them). */
    /** The ticket numbers' prefix: {@code tickets.number-prefix}, else the region in capitals ({@code T}: default). */
    public static String ticketPrefix(MeridianConfig config) {
        String given = config.string(TICKETS_NUMBER_PREFIX).strip();
        if (!given.isEmpty()) {
            return given;
        }
        String region = config.string(NODE_REGION).strip().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return region.isEmpty() || "DEFAULT".equals(region) ? "T" : region.substring(0, Math.min(8, region.length()));
    }

    public static HomeRegions homeRegions(MeridianConfig config) {
        Map<String, String> byCountry = new LinkedHashMap<>();
        for (String entry : config.list(RESIDENCY_HOME_REGIONS)) {
            int eq = entry.indexOf('=');
            byCountry.put(entry.substring(0, eq).strip().toUpperCase(java.util.Locale.ROOT),
                    entry.substring(eq + 1).strip());
        }
        return new HomeRegions(config.string(NODE_REGION).strip(), byCountry);
    }

    /** The regions the residency keys name: home regions of countries, and both sides of cross-region pairs. */
    public static java.util.Set<String> namedRegions(MeridianConfig config) {
        java.util.Set<String> named = new java.util.TreeSet<>(homeRegions(config).byCountry().values());
        for (String entry : config.list(RESIDENCY_CROSS_REGION)) {
            String pair = entry.substring(0, entry.lastIndexOf('='));
            named.add(pair.substring(0, pair.indexOf('>')).strip());
            named.add(pair.substring(pair.indexOf('>') + 1).strip());
        }
        return named;
    }

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        ALL.forEach(k -> BY_NAME.put(k.name(), k));
    }

    private ConfigKeys() {
    }

    public static Optional<ConfigKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
