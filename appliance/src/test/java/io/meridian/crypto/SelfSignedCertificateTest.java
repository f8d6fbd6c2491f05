package io.meridian.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelfSignedCertificateTest {

    @TempDir
    Path dir;

    /** Verifies the certificate: EC P-256, v3, self-signed, the SubjectAltNames asked for, valid about 825 days. */
    @Test
    void describesTheServer() throws Exception {
        Path cert = dir.resolve("tls/server.crt");
        Path key = dir.resolve("tls/server.key");
        SelfSignedCertificate.generate(cert, key, "node-1", List.of("localhost", "node-1.example"), List.of("127.0.0.1", "::1"));
        X509Certificate x509;
        try (InputStream in = Files.newInputStream(cert)) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals(3, x509.getVersion());
        assertTrue(x509.getSubjectX500Principal().getName().contains("CN=node-1"));
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
        x509.verify(x509.getPublicKey());
        assertEquals(256, ((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        Duration validity = Duration.between(x509.getNotBefore().toInstant(), x509.getNotAfter().toInstant());
        assertTrue(validity.toDays() >= 825 && validity.toDays() <= 826, validity.toString());
        Collection<List<?>> sans = x509.getSubjectAlternativeNames();
        String names = sans.stream().map(san -> san.get(1).toString()).collect(Collectors.joining(","));
        assertTrue(names.contains("localhost") && names.contains("node-1.example") && names.contains("127.0.0.1"), names);
        assertTrue(x509.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");

        String keyPem = Files.readString(key);
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"), keyPem.lines().findFirst().orElse(""));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }
    }

    /** Verifies that Vert.x serves HTTPS with the PEM files and a client trusting the certificate connects to "localhost". */
    @Test
    void servesHttpsInVertx(Vertx vertx, VertxTestContext test) throws Exception {
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        SelfSignedCertificate.generate(cert, key, "localhost", List.of("localhost"), List.of("127.0.0.1"));
        HttpServerOptions serverOptions = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
        HttpClientOptions clientOptions = new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString()));
        // Held in a variable: Vert.x closes a client that is no longer referenced.
        HttpClientAgent client = vertx.createHttpClient(clientOptions);
        vertx.createHttpServer(serverOptions)
                .requestHandler(request -> request.response().end("secure hello"))
                .listen()
                .compose((HttpServer server) -> client
                        .request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
                                .setPort(server.actualPort()).setURI("/"))
                        .compose(request -> request.send())
                        .compose(response -> response.body()))
                .onComplete(test.succeeding(body -> test.verify(() -> {
                    assertEquals("secure hello", body.toString());
                    client.close();
                    test.completeNow();
                })));
    }
}
