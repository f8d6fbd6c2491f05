package io.meridian.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TLS by default (design §6): a node with TLS on and no certificate configured makes, serves and keeps its own. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsByDefaultTest {

    private static final Map<String, String> TLS_ON = Map.of("MERIDIAN_TLS_ENABLED", "true");

    @TempDir
    Path dataDir;

    private TestNode running;

    @AfterEach
    void stopNode() {
        if (running != null) {
            Await.result(running.stop(), "stopping the node after a failure");
        }
    }

    /**
     * Verifies that a node started with TLS on generates {@code <data>/tls/server.crt} and an owner-only
     * {@code server.key}, serves {@code /health/live} over HTTPS with exactly that certificate (valid for the host name
     * it advertises), refuses a client that does not trust it, and after a restart serves the very same certificate
     * from the same files.
     */
    @Test
    void selfSignedCertificateIsGeneratedServedAndReused(Vertx vertx) throws Exception {
        Path certFile = dataDir.resolve("tls/server.crt");
        Path keyFile = dataDir.resolve("tls/server.key");

        running = Await.result(TestNode.start(vertx, dataDir, TLS_ON), "first start with TLS");
        assertTrue(running.baseUrl().startsWith("https://"), "the node advertises an https URL: " + running.baseUrl());
        assertTrue(Files.isRegularFile(certFile), "certificate generated at " + certFile);
        assertTrue(Files.isRegularFile(keyFile), "private key generated at " + keyFile);
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keyFile),
                    "the private key is readable by its owner only");
        }
        byte[] certBytes = Files.readAllBytes(certFile);
        byte[] keyBytes = Files.readAllBytes(keyFile);
        Certificate onDisk = readPem(certFile);

        assertEquals(onDisk, liveOverHttps(vertx, running.baseUrl(), certFile), "the node serves the certificate on disk");

        HttpClientAgent untrusting = vertx.createHttpClient(new HttpClientOptions().setSsl(true));
        Throwable refused = Await.failure(get(untrusting, running.baseUrl()), "HTTPS from a client without the certificate");
        assertTrue(causedBySsl(refused), "refused by the TLS handshake, not something else: " + refused);
        Await.result(untrusting.close(), "closing the untrusting client");

        Await.result(running.stop(), "first stop");
        running = null;

        running = Await.result(TestNode.start(vertx, dataDir, TLS_ON), "second start with TLS");
        assertArrayEquals(certBytes, Files.readAllBytes(certFile), "the certificate file is reused, not regenerated");
        assertArrayEquals(keyBytes, Files.readAllBytes(keyFile), "the key file is reused, not regenerated");
        assertEquals(onDisk, liveOverHttps(vertx, running.baseUrl(), certFile),
                "the restarted node serves the same certificate");
    }

    /** GETs /health/live trusting only {@code certFile}, checks the answer, returns the certificate the server presented. */
    private static Certificate liveOverHttps(Vertx vertx, String baseUrl, Path certFile) {
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(certFile.toString())));
        try {
            Served served = Await.result(get(client, baseUrl), "HTTPS GET /health/live");
            assertEquals(200, served.status(), "health answer: " + served.body());
            assertEquals("UP", new JsonObject(served.body()).getString("status"));
            return served.certificate();
        } finally {
            Await.result(client.close(), "closing the HTTPS client");
        }
    }

    private static Future<Served> get(HttpClientAgent client, String baseUrl) {
        URI base = URI.create(baseUrl);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(base.getHost()).setPort(base.getPort()).setURI("/health/live");
        return client.request(options).compose(request -> request.send()
                .compose(response -> response.body()
                        .map(body -> new Served(response.statusCode(), body.toString(), presented(request)))));
    }

    private static Certificate presented(HttpClientRequest request) {
        try {
            return request.connection().peerCertificates().get(0);
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalStateException("the connection is not TLS-authenticated", e);
        }
    }

    private static Certificate readPem(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static boolean causedBySsl(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private record Served(int status, String body, Certificate certificate) {
    }
}
