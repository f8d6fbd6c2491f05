package io.meridian.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.testkit.PluginZipBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detached-signature check of plugin zips: Ed25519 and ECDSA P-256 keys in PEM, base64 signatures. */
class PluginSignaturesTest {

    @TempDir
    Path dir;

    private Path keys;
    private Path zip;
    private byte[] bytes;
    private KeyPair ed;
    private KeyPair ec;

    @BeforeEach
    void setUp() throws Exception {
        keys = Files.createDirectories(dir.resolve("keys"));
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGen.generateKeyPair();
        Files.writeString(keys.resolve("ed.pem"), PluginZipBuilder.publicKeyPem(ed.getPublic()));
        Files.writeString(keys.resolve("ec.pem"), PluginZipBuilder.publicKeyPem(ec.getPublic()));
        zip = dir.resolve("p-1.0.0.zip");
        bytes = "pretend zip bytes".getBytes(StandardCharsets.US_ASCII);
        Files.write(zip, bytes);
    }

    private void signature(String text) throws Exception {
        Files.writeString(zip.resolveSibling(zip.getFileName() + ".sig"), text);
    }

    /** Verifies that an Ed25519 signature and an ECDSA P-256 one each verify and name the key that verified them. */
    @Test
    void trustedSignaturesVerify() throws Exception {
        PluginSignatures signatures = PluginSignatures.load(keys);
        assertEquals(2, signatures.keyCount());
        signature(PluginZipBuilder.sign(bytes, ed.getPrivate()) + "\n");
        SignatureCheck check = signatures.check(zip, bytes);
        assertEquals(SignatureCheck.Status.VERIFIED, check.status());
        assertTrue(check.detail().contains("ed.pem"), check.detail());
        signature(PluginZipBuilder.sign(bytes, ec.getPrivate()));
        assertEquals("signed, verified with trusted key ec.pem", signatures.check(zip, bytes).detail());
    }

    /** Verifies that changed bytes, an untrusted key and garbage are INVALID, and no .sig file is UNSIGNED. */
    @Test
    void everythingElseIsRefused() throws Exception {
        PluginSignatures signatures = PluginSignatures.load(keys);
        assertEquals(SignatureCheck.Status.UNSIGNED, signatures.check(zip, bytes).status());

        signature(PluginZipBuilder.sign(bytes, ed.getPrivate()));
        byte[] changed = bytes.clone();
        changed[0] ^= 1;
        assertEquals(SignatureCheck.Status.INVALID, signatures.check(zip, changed).status());

        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        signature(PluginZipBuilder.sign(bytes, stranger.getPrivate()));
        assertEquals(SignatureCheck.Status.INVALID, signatures.check(zip, bytes).status());

        signature("not a signature at all");
        assertEquals(SignatureCheck.Status.INVALID, signatures.check(zip, bytes).status());

        signature(PluginZipBuilder.sign(bytes, ed.getPrivate()));
        SignatureCheck noKeys = PluginSignatures.load(dir.resolve("missing")).check(zip, bytes);
        assertEquals(SignatureCheck.Status.INVALID, noKeys.status(), "a signature no trusted key can check");
        assertTrue(noKeys.detail().contains("no trusted key"), noKeys.detail());
    }

    /** Verifies that a PEM file that is not a public key is skipped, never trusted, and the others still work. */
    @Test
    void unreadableKeyFileIsSkipped() throws Exception {
        Files.writeString(keys.resolve("broken.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        PluginSignatures signatures = PluginSignatures.load(keys);
        assertEquals(2, signatures.keyCount());
        signature(PluginZipBuilder.sign(bytes, ed.getPrivate()));
        assertEquals(SignatureCheck.Status.VERIFIED, signatures.check(zip, bytes).status());
    }
}
