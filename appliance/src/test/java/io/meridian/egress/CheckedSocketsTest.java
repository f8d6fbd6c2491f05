package io.meridian.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.spi.DataEgress;
import io.meridian.spi.EgressRefusedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket factory connectors get for IMAP, SMTP and other protocols, against a real SMTP server (GreenMail on
 * 127.0.0.1) driven by Jakarta Mail the way the e-mail plugin drives it, with a resolver the test scripts. The names
 * used also resolve to 127.0.0.1 for the system ({@code localhost}) where a bypass must be caught: a connection the
 * check did not stop would reach the server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckedSocketsTest {

    private static final String SUPPORT = "support@meridian.test";

    private GreenMail mail;

    @BeforeEach
    void startMailServer() {
        ServerSetup[] setups = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP});
        setups[0].setServerStartupTimeout(20_000);
        mail = new GreenMail(setups);
        mail.start();
    }

    @AfterEach
    void stopMailServer() {
        mail.stop();
    }

    /** A session that opens its SMTP connections through {@code sockets} only, as the e-mail plugin's does. */
    private Session session(String host, SocketFactory sockets) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "10000");
        p.put("mail.smtp.socketFactory", sockets);
        p.setProperty("mail.smtp.socketFactory.fallback", "false");
        return Session.getInstance(p);
    }

    private static void send(Session session, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(SUPPORT));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("maria.lopez@example.org"));
        message.setSubject("Order 1234");
        message.setText(text, "UTF-8");
        Transport.send(message);
    }

    private static EgressRefusedException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EgressRefusedException refused) {
                return refused;
            }
        }
        throw new AssertionError("no EgressRefusedException in " + e, e);
    }

    /**
     * Verifies that an instance whose mail server is a name resolving to an on-site address counts as local when it
     * starts and then sends through the checked factory: the mail arrives.
     */
    @Test
    void aNameResolvingOnSitePasses() throws Exception {
        ScriptedResolver dns = new ScriptedResolver().answer("mail.onsite.test", "127.0.0.1");
        EgressRule rule = new EgressRule(dns, OnSiteAddresses.loopbackOnly());
        DataEgress started = rule.classify(new DataEgress(Set.of("mail.onsite.test")));
        assertTrue(started.isLocal(), "every address of the mail server is on site");

        send(session("mail.onsite.test", new CheckedSockets(rule).forInstance(started)), "Your parcel left today.");

        assertEquals(1, mail.getReceivedMessages().length);
        assertEquals(List.of("mail.onsite.test", "mail.onsite.test"), dns.lookups(), "at start, and at the connect");
    }

    /**
     * Verifies that for an instance that counts as local, a name resolving to loopback and to a remote address is
     * refused at the connect, with the remote address named, and nothing reaches the server (the system resolves
     * {@code localhost} to the server's address, so a connection past the check would have delivered).
     */
    @Test
    void loopbackPlusOneRemoteAddressIsRefusedForALocalInstance() throws Exception {
        ScriptedResolver dns = new ScriptedResolver().answer("localhost", "127.0.0.1", "203.0.113.9");
        SocketFactory sockets = new CheckedSockets(new EgressRule(dns, OnSiteAddresses.loopbackOnly()))
                .forInstance(DataEgress.localOnly());

        MessagingException e = assertThrows(MessagingException.class,
                () -> send(session("localhost", sockets), "Your parcel left today."));

        EgressRefusedException refused = refusal(e);
        assertTrue(refused.getMessage().startsWith("host 'localhost' resolves to 203.0.113.9, which is off site"),
                refused.getMessage());
        assertEquals(0, mail.getReceivedMessages().length, "nothing was sent");
        assertThrows(EgressRefusedException.class, () -> sockets.createSocket("localhost", mail.getSmtp().getPort()));
    }

    /**
     * Verifies that the check is made when connecting, not when the instance started: the name resolved on site at
     * start (so the instance counts as local), then resolves to a remote address as well; the next connection is
     * refused and nothing is sent.
     */
    @Test
    void theAnswerAtConnectTimeDecides() throws Exception {
        ScriptedResolver dns = new ScriptedResolver()
                .answer("localhost", "127.0.0.1")
                .answer("localhost", "127.0.0.1")
                .answer("localhost", "127.0.0.1", "203.0.113.9");
        EgressRule rule = new EgressRule(dns, OnSiteAddresses.loopbackOnly());
        DataEgress started = rule.classify(new DataEgress(Set.of("localhost")));
        assertTrue(started.isLocal());
        Session session = session("localhost", new CheckedSockets(rule).forInstance(started));
        send(session, "first reply");
        assertEquals(1, mail.getReceivedMessages().length);

        MessagingException e = assertThrows(MessagingException.class, () -> send(session, "second reply"));

        assertTrue(refusal(e).getMessage().contains("203.0.113.9"), refusal(e).getMessage());
        assertEquals(1, mail.getReceivedMessages().length, "the second reply was not sent");
        assertEquals(3, dns.lookups().size(), "resolved at start and at each connect");
    }

    /**
     * Verifies that the socket connects to the address it checked, whatever the caller resolved: an address the
     * caller got for the name (here a remote one) is ignored, the name is resolved and checked again, and the
     * connection reaches the server on loopback.
     */
    @Test
    void theConnectionGoesToTheCheckedAddressNotTheCallers() throws Exception {
        ScriptedResolver dns = new ScriptedResolver().answer("mail.onsite.test", "127.0.0.1");
        SocketFactory sockets = new CheckedSockets(new EgressRule(dns, OnSiteAddresses.loopbackOnly()))
                .forInstance(DataEgress.localOnly());
        InetAddress callers = InetAddress.getByAddress("mail.onsite.test", new byte[] {(byte) 203, 0, 113, 9});

        try (Socket socket = sockets.createSocket()) {
            socket.connect(new InetSocketAddress(callers, mail.getSmtp().getPort()), 10_000);
            assertEquals(InetAddress.getByName("127.0.0.1"), socket.getInetAddress());
            InputStream in = socket.getInputStream();
            byte[] greeting = new byte[3];
            assertEquals(3, in.readNBytes(greeting, 0, 3));
            assertEquals("220", new String(greeting, StandardCharsets.US_ASCII), "the SMTP server greeted");
        }
        assertEquals(List.of("mail.onsite.test"), dns.lookups());
        assertFalse(callers.isLoopbackAddress());
    }
}
