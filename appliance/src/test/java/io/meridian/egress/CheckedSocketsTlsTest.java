package io.meridian.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.DataEgress;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.parsetools.RecordParser;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS over the checked sockets, set up as the e-mail plugin sets up Jakarta Mail (the checked factory as the plain and
 * the SSL socket factory; TLS from the first byte, or STARTTLS): the socket goes to the checked address (127.0.0.1),
 * yet Jakarta Mail layers TLS over it with the server's name, so the server sees the name in SNI and the certificate
 * is checked against the name. The servers, on 127.0.0.1, have a certificate for {@code mail.onsite.test} only.
 */
@Timeout(30)
class CheckedSocketsTlsTest {

    private Vertx vertx;
    private SelfSignedCertificate certificate;
    private int port;
    private int startTlsPort;
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private SocketFactory sockets;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        certificate = SelfSignedCertificate.create("mail.onsite.test");
        port = vertx.createNetServer(new NetServerOptions().setSsl(true).setSni(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .connectHandler(this::smtp).listen(0, "127.0.0.1").await().actualPort();
        startTlsPort = vertx.createNetServer(new NetServerOptions())
                .connectHandler(this::smtp).listen(0, "127.0.0.1").await().actualPort();
        ScriptedResolver dns = new ScriptedResolver().answer("mail.onsite.test", "127.0.0.1")
                .answer("other.onsite.test", "127.0.0.1");
        sockets = new CheckedSockets(new EgressRule(dns, OnSiteAddresses.loopbackOnly()))
                .forInstance(DataEgress.localOnly());
    }

    @AfterEach
    void stop() {
        vertx.close().await();
        certificate.delete();
    }

    /** Just enough SMTP for a connect: the greeting, EHLO, STARTTLS on a plain connection, and QUIT. */
    private void smtp(NetSocket socket) {
        if (socket.isSsl()) {
            serverNames.add(String.valueOf(socket.indicatedServerName()));
        }
        socket.write("220 mail.onsite.test ESMTP\r\n");
        socket.handler(RecordParser.newDelimited("\r\n", line -> {
            String command = line.toString().toUpperCase(Locale.ROOT);
            commands.add(command);
            if ((command.startsWith("EHLO") || command.startsWith("HELO")) && !socket.isSsl()) {
                socket.write("250-mail.onsite.test\r\n250 STARTTLS\r\n");
            } else if (command.startsWith("STARTTLS") && !socket.isSsl()) {
                // The answer goes out and TLS starts in one step, so the client's hello never meets the parser.
                socket.upgradeToSsl(new ServerSSLOptions().setSni(true).setKeyCertOptions(
                        certificate.keyCertOptions()), Buffer.buffer("220 go ahead\r\n"))
                        .onSuccess(v -> serverNames.add(String.valueOf(socket.indicatedServerName())));
            } else if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                socket.write("250 mail.onsite.test\r\n");
            } else if (command.startsWith("QUIT")) {
                socket.write("221 bye\r\n").onComplete(v -> socket.close());
            } else {
                socket.write("502 not here\r\n");
            }
        }));
    }

    /** As the e-mail plugin's session: TLS from the first byte, the certificate trusted for {@code host} only. */
    private Session session(String host) {
        return session(host, port, false);
    }

    /** As the e-mail plugin's session, with TLS from the first byte or (on {@code startTls}) STARTTLS. */
    private Session session(String host, int serverPort, boolean startTls) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(serverPort));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "10000");
        p.setProperty("mail.smtp.ssl.enable", Boolean.toString(!startTls));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(startTls));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(startTls));
        p.put("mail.smtp.socketFactory", sockets);
        p.put("mail.smtp.ssl.socketFactory", sockets);
        p.setProperty("mail.smtp.socketFactory.fallback", "false");
        // The self-signed certificate is trusted for this host; whether it names the host is still checked.
        p.setProperty("mail.smtp.ssl.trust", host);
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        return Session.getInstance(p);
    }

    /** Verifies that the server sees the name in SNI, the certificate for the name is accepted and SMTP is spoken. */
    @Test
    void tlsUsesTheNameThoughTheSocketGoesToTheCheckedAddress() throws Exception {
        try (Transport transport = session("mail.onsite.test").getTransport("smtp")) {
            transport.connect();
        }
        assertEquals(List.of("mail.onsite.test"), serverNames);
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("EHLO")), commands.toString());
    }

    /** Verifies the same for STARTTLS: TLS is layered over the checked plain connection with the name. */
    @Test
    void startTlsUsesTheName() throws Exception {
        try (Transport transport = session("mail.onsite.test", startTlsPort, true).getTransport("smtp")) {
            transport.connect();
        }
        assertEquals(List.of("mail.onsite.test"), serverNames);
        assertEquals("STARTTLS", commands.get(1), commands.toString());
        assertTrue(commands.size() > 2 && commands.get(2).startsWith("EHLO"), "EHLO again over TLS: " + commands);
    }

    /** Verifies that after STARTTLS too, a certificate that does not name the host is refused. */
    @Test
    void startTlsRefusesACertificateForAnotherName() {
        MessagingException e = assertThrows(MessagingException.class, () -> {
            try (Transport transport = session("other.onsite.test", startTlsPort, true).getTransport("smtp")) {
                transport.connect();
            }
        });
        assertEquals(2, commands.size(), "nothing after STARTTLS: " + commands);
        assertTrue(String.valueOf(e.getNextException()).contains("other.onsite.test"), e + " / " + e.getNextException());
    }

    /**
     * Verifies that a certificate that does not name the host is refused, though it is the same server at the same
     * checked address: the identity check is made against the name, not the address.
     */
    @Test
    void aCertificateForAnotherNameIsRefused() {
        MessagingException e = assertThrows(MessagingException.class, () -> {
            try (Transport transport = session("other.onsite.test").getTransport("smtp")) {
                transport.connect();
            }
        });
        assertTrue(commands.isEmpty(), "no SMTP command was sent over the connection: " + commands);
        assertTrue(String.valueOf(e.getMessage()).contains("other.onsite.test")
                || String.valueOf(e.getNextException()).contains("other.onsite.test"), String.valueOf(e));
    }
}
