package io.meridian.email;

import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.egress.HostResolver;
import io.meridian.protocol.AgentSession;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A support mailbox on an in-process mail server (SMTP and IMAP) that a real node reads and answers through the real
 * channel-email plugin zip, with the product's reply templates: the set-up of the e-mail end-to-end tests.
 * {@link #prepare} starts the mail server and lays out {@code dir} (plugins, connector, templates); a test may add
 * its own plugins and connectors there before {@link #startNode}.
 */
final class MailboxNode {

    static final String SUPPORT = "support@meridian.test";
    static final String SUPPORT_LOGIN = "support";
    static final String SUPPORT_PASSWORD = "s3cret-Support-pw";
    /** The connector instance reading the mailbox: the channel of every conversation opened by mail. */
    static final String INSTANCE = "support-mail";
    /** How long mail may take through the mail server, the plugin's one-second polling and the node. */
    static final Duration MAIL_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final GreenMail mail;
    private SignedInNode desk;

    private MailboxNode(Path dir, GreenMail mail) {
        this.dir = dir;
        this.mail = mail;
    }

    /** Starts the mail server with the support mailbox and writes the plugin, its connector and the templates. */
    static MailboxNode prepare(Path dir) throws IOException {
        Path zip = pluginZip();
        ServerSetup[] setups = ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP);
        for (ServerSetup s : setups) {
            s.setServerStartupTimeout(20_000);
        }
        GreenMail mail = new GreenMail(setups);
        mail.start();
        MailboxNode mailbox = new MailboxNode(dir, mail);
        try {
            mailbox.layOut(zip);
        } catch (IOException | RuntimeException e) {
            mail.stop();
            throw e;
        }
        return mailbox;
    }

    private void layOut(Path zip) throws IOException {
        mail.setUser(SUPPORT, SUPPORT_LOGIN, SUPPORT_PASSWORD);
        Files.copy(zip, Files.createDirectories(plugins()).resolve(zip.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(Files.createDirectories(connectors()).resolve(INSTANCE + ".yaml"), String.join("\n",
                "plugin: channel-email", "factory: channel-email", "name: Support mailbox", "enabled: true", "values:",
                "  imapHost: 127.0.0.1", "  imapPort: " + mail.getImap().getPort(), "  imapSecurity: none",
                "  imapUser: " + SUPPORT_LOGIN, "  imapPassword: \"" + SUPPORT_PASSWORD + "\"", "  useIdle: false",
                "  smtpHost: 127.0.0.1", "  smtpPort: " + mail.getSmtp().getPort(), "  smtpSecurity: none",
                "  smtpAuthentication: false", "  fromAddress: " + SUPPORT, "  fromName: Meridian Support",
                "  pollIntervalSeconds: 1", "  maxPollSeconds: 1", ""), StandardCharsets.UTF_8);
        copyTree(Path.of("../conf/templates"), templates());
    }

    GreenMail mail() {
        return mail;
    }

    /** Sets connector values (e.g. {@code useIdle}) in the mailbox's connector file, before {@link #startNode}. */
    void connectorValues(Map<String, String> values) throws IOException {
        Path file = connectors().resolve(INSTANCE + ".yaml");
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        for (Map.Entry<String, String> v : values.entrySet()) {
            lines.removeIf(line -> line.startsWith("  " + v.getKey() + ":"));
            lines.add("  " + v.getKey() + ": " + v.getValue());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    Path plugins() {
        return dir.resolve("plugins");
    }

    Path connectors() {
        return dir.resolve("conf/connectors");
    }

    Path templates() {
        return dir.resolve("conf/templates");
    }

    /** Starts the node in {@code dir/node} with the plugins, connectors and templates, plus {@code overrides}. */
    SignedInNode startNode(Vertx vertx, Map<String, String> overrides) {
        return startNode(vertx, overrides, HostResolver.SYSTEM);
    }

    /** As {@link #startNode(Vertx, Map)}, with the resolver the residency checks of the mailbox's connections use. */
    SignedInNode startNode(Vertx vertx, Map<String, String> overrides, HostResolver resolver) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MERIDIAN_PLUGINS_DIR", plugins().toString(),
                "MERIDIAN_PLUGINS_CONNECTORS_DIR", connectors().toString(),
                "MERIDIAN_PLUGINS_ALLOW_UNSIGNED", "true",
                "MERIDIAN_PLUGINS_RETRY_MAX_SECONDS", "1",
                "MERIDIAN_ROUTING_TEMPLATES_DIR", templates().toString()));
        env.putAll(overrides);
        desk = SignedInNode.start(vertx, dir.resolve("node"), env, resolver);
        return desk;
    }

    /** Stops the node, if it started, and the mail server. */
    void stop() {
        try {
            if (desk != null) {
                desk.stop();
            }
        } finally {
            mail.stop();
        }
    }

    /** Waits for a mail to {@code address} whose text part contains {@code containing}. */
    MimeMessage mailTo(String address, String containing) {
        return Await.value(() -> Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().toLowerCase().contains(address))
                        && text(m).contains(containing);
            } catch (Exception e) {
                return false;
            }
        }).findFirst(), MAIL_WAIT, "a mail containing '" + containing + "' in " + address + "'s mailbox");
    }

    /** Waits for the conversation, among {@code agent}'s first 500, that holds a message containing {@code marker}. */
    static JsonObject awaitConversation(AgentSession agent, String marker) {
        return Await.value(() -> agent.conversations("limit=500").stream().filter(c -> agent.messages(c.getString("id"))
                .stream().anyMatch(m -> m.getString("text", "").contains(marker))).findFirst(),
                MAIL_WAIT, "a conversation with the mail " + marker);
    }

    /** The text/plain part of a mail. */
    static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return ((String) part.getContent()).replace("\r\n", "\n");
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i));
                if (!t.isEmpty()) {
                    return t;
                }
            }
        }
        return "";
    }

    /** The zip the build made (the surefire property), else the newest one in a plugin build folder. */
    static Path pluginZip() throws IOException {
        String configured = System.getProperty("meridian.test.email-plugin-zip");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        Path module = Path.of("../plugins/channel-email");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(module)) {
            try (Stream<Path> dirs = Files.list(module)) {
                for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("target")).toList()) {
                    try (Stream<Path> files = Files.list(d)) {
                        files.filter(f -> f.getFileName().toString().matches("channel-email-.*\\.zip"))
                                .forEach(found::add);
                    }
                }
            }
        }
        // Prefer the default build folder, then the newest.
        found.sort((a, b) -> {
            boolean ta = a.getParent().getFileName().toString().equals("target");
            boolean tb = b.getParent().getFileName().toString().equals("target");
            if (ta != tb) {
                return ta ? -1 : 1;
            }
            return Long.compare(b.toFile().lastModified(), a.toFile().lastModified());
        });
        if (found.isEmpty()) {
            String why = "The channel-email plugin zip was not found (property meridian.test.email-plugin-zip="
                    + configured + ", nor plugins/channel-email/target*/channel-email-*.zip); build it with "
                    + "mvn -pl plugins/channel-email -am package";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get(0);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
