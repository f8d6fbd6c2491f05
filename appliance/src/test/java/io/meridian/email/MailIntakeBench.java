package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import io.meridian.store.Store;
import io.meridian.testing.Await;
import io.meridian.testing.SignedInNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail intake of one mailbox: a real node with the real channel-email plugin zip reads a backlog from an in-process
 * IMAP server (the state after an outage: thousands of unread mails), with the product's polling defaults (IMAP IDLE
 * on, 30 s interval, 20 s per check). A mail counts once the node committed it and the plugin marked it read. The mix:
 * 60 % plain text, 25 % text and HTML, 15 % with a 40 KiB attachment, in four languages, from 300 customers (so many
 * mails join an open conversation). Only {@code mvn -Pbench verify} runs it. Sizes: {@code bench.mails} per run
 * (1000), {@code bench.runs} (3), {@code bench.warmup} mails before measuring (100). See docs/benchmarks.md.
 */
@Tag("bench")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class MailIntakeBench {

    private static final String[] TEXTS = {
        "Hello, my order has not arrived yet although the tracking says it was delivered on Monday. "
                + "Could you please check where the parcel is and send me a new one if it is lost? ",
        "Guten Tag, die Rechnung für meine letzte Bestellung ist doppelt abgebucht worden. Bitte erstatten Sie "
                + "mir den zweiten Betrag zurück und schicken Sie mir eine korrigierte Rechnung. ",
        "Hola, el producto llegó dañado y la caja estaba abierta. Me gustaría devolverlo y recibir uno nuevo "
                + "lo antes posible. ¿Qué tengo que hacer? ",
        "Bonjour, je n'arrive plus à me connecter à mon compte depuis la mise à jour. Le mot de passe est refusé "
                + "alors que je suis sûr qu'il est correct. Pouvez-vous m'aider ? ",
    };

    private final int mails = Integer.getInteger("bench.mails", 1000);
    private final int runs = Integer.getInteger("bench.runs", 3);
    private final int warmup = Integer.getInteger("bench.warmup", 100);
    private final Random random = new Random(19);

    @TempDir
    Path dir;

    /** Verifies that every mail of every run is stored exactly once, and prints mails per second for each run. */
    @Test
    void mailIntakeFromOneMailbox(Vertx vertx) throws Exception {
        // Tests run without a logging configuration, so everything logs at DEBUG, the mail server each protocol
        // line: a product node logs at INFO (conf/logback.xml), and so does this measurement.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        MailboxNode mailbox = MailboxNode.prepare(dir);
        try {
            mailbox.connectorValues(Map.of("useIdle", "true", "pollIntervalSeconds", "30", "maxPollSeconds", "20"));
            SignedInNode desk = mailbox.startNode(vertx, Map.of());
            Store store = desk.node().node().store();
            GreenMailUser support = mailbox.mail().getUserManager().getUserByEmail(MailboxNode.SUPPORT);
            MailFolder inbox = mailbox.mail().getManagers().getImapHostManager().getInbox(support);

            int stored = 0;
            measure(support, inbox, store, warmup, stored, "warm-up");
            stored += warmup;
            List<Double> rates = new ArrayList<>();
            List<Double> sustained = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double[] rate = measure(support, inbox, store, mails, stored, "run " + run);
                stored += mails;
                rates.add(rate[0]);
                sustained.add(rate[1]);
            }
            System.out.printf(Locale.ROOT, "%nMail intake, one mailbox, %d mails per run: sustained %s mails/s, "
                    + "median %.1f mails/s; from the first delivery %s mails/s, median %.1f mails/s%nMachine: %d "
                    + "cores (%s), %s, Java %s, load average %.1f%n%n", mails, figures(sustained), median(sustained),
                    figures(rates), median(rates), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.arch"), ManagementFactory.getOperatingSystemMXBean().getName(),
                    System.getProperty("java.version"),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            mailbox.stop();
        }
    }

    private static List<String> figures(List<Double> rates) {
        return rates.stream().map(r -> String.format(Locale.ROOT, "%.1f", r)).toList();
    }

    private static double median(List<Double> rates) {
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Delivers {@code count} mails and waits until all are read by the plugin. Answers two rates: from the first
     * delivery to the last mail read (it includes the wait for the next check when the backlog arrives between two
     * checks, and the test's own delivery into the mail server), and sustained: the mails read after the first one
     * was seen read, over the time from then to the last (what a mailbox takes per second once it works).
     */
    private double[] measure(GreenMailUser support, MailFolder inbox, Store store, int count, int before,
            String what) throws Exception {
        List<MimeMessage> backlog = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            backlog.add(mail(before + i));
        }
        long start = System.nanoTime();
        for (MimeMessage m : backlog) {
            support.deliver(m);
        }
        AtomicLong unreadAtFirst = new AtomicLong();
        Await.until(() -> {
            long unread = unread(inbox);
            unreadAtFirst.set(unread);
            return unread < count;
        }, Duration.ofMinutes(30), what + ": the first mail read by the plugin");
        long first = System.nanoTime();
        Await.until(() -> unread(inbox) == 0, Duration.ofMinutes(30), what + ": every mail read by the plugin");
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        double sustainedSeconds = (end - first) / 1e9;
        int total = Await.result(store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM messages m JOIN conversations c "
                    + "ON c.id = m.conversation_id WHERE m.author = 'VISITOR' AND c.channel = ?")) {
                s.setString(1, MailboxNode.INSTANCE);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        }), "counting the stored mails");
        assertEquals(before + count, total, what + ": every mail stored exactly once");
        double rate = count / seconds;
        if (sustainedSeconds < 1) {
            // The backlog went in one or two batches (the warm-up): too short a stretch to give a rate.
            System.out.printf(Locale.ROOT, "%s: %d mails in %.1f s from the first delivery = %.1f mails/s%n", what,
                    count, seconds, rate);
            return new double[] {rate, rate};
        }
        double sustained = unreadAtFirst.get() / sustainedSeconds;
        System.out.printf(Locale.ROOT, "%s: %d mails in %.1f s from the first delivery = %.1f mails/s; sustained: %d "
                + "mails in %.1f s from the first read = %.1f mails/s%n", what, count, seconds, rate,
                unreadAtFirst.get(), sustainedSeconds, sustained);
        return new double[] {rate, sustained};
    }

    private static long unread(MailFolder inbox) {
        return inbox.getMessages().stream().map(StoredMessage::getFlags)
                .filter(f -> !f.contains(Flags.Flag.SEEN)).count();
    }

    /** Mail number {@code n} of the mix. */
    private MimeMessage mail(int n) throws Exception {
        MimeMessage m = new MimeMessage((jakarta.mail.Session) null);
        m.setFrom(new InternetAddress("customer" + (n % 300) + "@example.org", "Customer " + (n % 300)));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(MailboxNode.SUPPORT));
        m.setSubject("Order " + (10_000 + n % 300) + ": a question", "UTF-8");
        String text = TEXTS[n % TEXTS.length].repeat(1 + n % 5) + "\n\nRegards,\nCustomer " + (n % 300) + "\n"
                + UUID.randomUUID();
        int kind = n % 20;
        if (kind < 12) {
            m.setText(text, "UTF-8");
        } else if (kind < 17) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent("<html><body><p>" + text.replace("\n", "<br>") + "</p><p style=\"color:#555\">"
                    + "<img src=\"https://example.org/logo.png\" alt=\"logo\"></p></body></html>",
                    "text/html; charset=UTF-8");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(html);
            m.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            byte[] pdf = new byte[40 * 1024];
            random.nextBytes(pdf);
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
            file.setFileName("invoice-" + n + ".pdf");
            mixed.addBodyPart(plain);
            mixed.addBodyPart(file);
            m.setContent(mixed);
        }
        m.setSentDate(new java.util.Date());
        m.saveChanges(); // sets a Message-ID of its own, replaced below
        m.setHeader("Message-ID", "<bench." + n + "." + UUID.randomUUID() + "@example.org>");
        return m;
    }
}
