package io.meridian.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.DataEgress;
import io.meridian.spi.HttpEgress;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS through the connectors' HTTP client: it connects to the checked address (127.0.0.1) yet sends the name as the
 * TLS server name and checks the certificate against the name, as a client that connected by name would.
 */
@Timeout(30)
class CheckedHttpTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Vertx vertx;
    private SelfSignedCertificate certificate;
    private int port;
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private CheckedHttp http;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        certificate = SelfSignedCertificate.create("apy.example");
        port = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(request -> {
                    serverNames.add(String.valueOf(request.connection().indicatedServerName()));
                    request.response().end("ok " + request.getHeader("Host"));
                }).listen(0, "127.0.0.1").await().actualPort();
        ScriptedResolver dns = new ScriptedResolver().answer("apy.example", "127.0.0.1")
                .answer("other.example", "127.0.0.1");
        http = new CheckedHttp(vertx, new EgressRule(dns, OnSiteAddresses.loopbackOnly()),
                certificate.trustOptions());
    }

    @AfterEach
    void stop() {
        http.close();
        vertx.close().await();
        certificate.delete();
    }

    /** Verifies that the server sees the name in SNI and the certificate for that name is accepted. */
    @Test
    void nameIsTheServerNameAndTheCertificateIsCheckedAgainstIt() throws Exception {
        HttpEgress.Response answer = http.forInstance(DataEgress.localOnly())
                .send(HttpEgress.Request.get(URI.create("https://apy.example:" + port + "/listPairs"), TIMEOUT));
        assertEquals(200, answer.status());
        assertEquals("ok apy.example:" + port, new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("apy.example"), serverNames);
    }

    /** Verifies that a certificate for another name is refused, though the address is the same trusted server. */
    @Test
    void certificateForAnotherNameIsRefused() {
        IOException e = assertThrows(IOException.class, () -> http.forInstance(DataEgress.localOnly())
                .send(HttpEgress.Request.get(URI.create("https://other.example:" + port + "/listPairs"), TIMEOUT)));
        assertTrue(serverNames.isEmpty(), "no request was served: " + serverNames);
        assertTrue(e.getMessage() != null, String.valueOf(e));
    }
}
