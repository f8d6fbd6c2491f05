package io.meridian.crypto;

import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The node's cryptographic primitives in one place: the Bouncy Castle provider (registered once per JVM) and one
 * shared {@link SecureRandom} for keys, nonces, salts and tokens.
 */
public final class Crypto {

    private static final Provider PROVIDER = registerOnce();
    // SecureRandom is thread-safe; the platform default seeds from the OS and never blocks after boot.
    private static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {
    }

    /** The registered Bouncy Castle provider ("BC"); registers it on first use. */
    public static Provider provider() {
        return PROVIDER;
    }

    /** The shared cryptographically strong random source. */
    public static SecureRandom random() {
        return RANDOM;
    }

    /** {@code length} fresh random bytes. */
    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static synchronized Provider registerOnce() {
        // Another component (or a test) may have registered BC already: reuse it rather than add a second copy.
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing != null) {
            return existing;
        }
        Security.addProvider(new BouncyCastleProvider());
        return Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    }
}
