package io.meridian.plugin;

import io.meridian.crypto.Crypto;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a plugin zip's detached signature {@code <zip>.sig} against the public keys the admin trusts (every
 * {@code *.pem} in {@code plugins.trusted-keys-dir}), with Bouncy Castle.
 * <p>
 * Format: the signature is over the zip file's exact bytes; the {@code .sig} file holds it in base64 (whitespace
 * ignored) or raw. Keys are PEM {@code PUBLIC KEY} blocks (SubjectPublicKeyInfo): Ed25519 (signature "Ed25519", as
 * {@code openssl pkeyutl -sign -rawin} makes it) or ECDSA on P-256 ("SHA256withECDSA", DER, as
 * {@code openssl dgst -sha256 -sign} makes it). A key file that cannot be read is logged and skipped, never trusted.
 */
final class PluginSignatures {

    private static final Logger LOG = LoggerFactory.getLogger(PluginSignatures.class);
    private static final int MAX_SIGNATURE_FILE_BYTES = 4096;

    private final List<TrustedKey> keys;

    private PluginSignatures(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    record TrustedKey(String name, PublicKey key, String algorithm) {
    }

    /** Reads the trusted keys; a missing folder means none. BLOCKING (file I/O). */
    static PluginSignatures load(Path trustedKeysDir) {
        List<TrustedKey> keys = new ArrayList<>();
        if (trustedKeysDir != null && Files.isDirectory(trustedKeysDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(trustedKeysDir, "*.pem")) {
                for (Path file : files) {
                    try {
                        keys.add(readKey(file));
                    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                        LOG.error("Trusted plugin key {} is not used: {}", file, e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.error("Cannot list the trusted plugin keys in {}: {}", trustedKeysDir, e.getMessage());
            }
        }
        keys.sort((a, b) -> a.name().compareTo(b.name()));
        LOG.info("{} trusted plugin signing key(s) in {}", keys.size(), trustedKeysDir);
        return new PluginSignatures(keys);
    }

    static PluginSignatures of(List<TrustedKey> keys) {
        return new PluginSignatures(keys);
    }

    int keyCount() {
        return keys.size();
    }

    static TrustedKey readKey(Path file) throws IOException, GeneralSecurityException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (!(object instanceof SubjectPublicKeyInfo info)) {
                throw new IllegalArgumentException("expected a PEM 'PUBLIC KEY' block, found "
                        + (object == null ? "none" : object.getClass().getSimpleName()));
            }
            PublicKey key = new JcaPEMKeyConverter().setProvider(Crypto.provider()).getPublicKey(info);
            return new TrustedKey(file.getFileName().toString(), key, algorithmFor(key));
        }
    }

    private static String algorithmFor(PublicKey key) {
        String algorithm = key.getAlgorithm().toUpperCase(Locale.ROOT);
        if (algorithm.equals("ED25519") || algorithm.equals("EDDSA")) {
            return "Ed25519";
        }
        if ((algorithm.equals("EC") || algorithm.equals("ECDSA")) && key instanceof ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return "SHA256withECDSA";
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm()
                + "; use Ed25519 or ECDSA P-256");
    }

    /** Checks {@code zipBytes} (the content of {@code zip}) against {@code <zip>.sig}. BLOCKING (reads the .sig). */
    SignatureCheck check(Path zip, byte[] zipBytes) {
        Path sigFile = zip.resolveSibling(zip.getFileName() + ".sig");
        if (!Files.exists(sigFile)) {
            return SignatureCheck.unsigned();
        }
        byte[] signature;
        try {
            if (Files.size(sigFile) > MAX_SIGNATURE_FILE_BYTES) {
                return SignatureCheck.invalid("signature file " + sigFile.getFileName() + " is larger than "
                        + MAX_SIGNATURE_FILE_BYTES + " bytes");
            }
            signature = decode(Files.readAllBytes(sigFile));
        } catch (IOException e) {
            return SignatureCheck.invalid("signature file " + sigFile.getFileName() + " cannot be read: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            return SignatureCheck.invalid("signed, but no trusted key is configured (plugins.trusted-keys-dir)");
        }
        for (TrustedKey key : keys) {
            if (verifies(key, zipBytes, signature)) {
                return SignatureCheck.verified(key.name());
            }
        }
        return SignatureCheck.invalid("signature does not verify with any of the " + keys.size()
                + " trusted key(s): the zip was changed after signing, or signed with a key that is not trusted");
    }

    private static boolean verifies(TrustedKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(key.algorithm(), Crypto.provider());
            verifier.initVerify(key.key());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed signature for this key type is simply "not verified by this key".
            return false;
        }
    }

    /** Base64 text (whitespace ignored) if it is that, otherwise the raw bytes. */
    static byte[] decode(byte[] file) {
        String text = new String(file, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
        if (!text.isEmpty() && text.matches("[A-Za-z0-9+/=_-]+")) {
            try {
                return text.contains("-") || text.contains("_")
                        ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                return file;
            }
        }
        return file;
    }
}
