package io.meridian.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes console passwords with Argon2id (Bouncy Castle) into the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<parallelism>$<salt>$<hash>} (base64 without padding), the format
 * the reference implementation and most libraries read. Verification takes the parameters from the stored string,
 * so the defaults can be raised later without invalidating existing hashes; {@link #needsRehash} tells when a stored
 * hash uses weaker parameters than today's.
 * <p>
 * Hashing deliberately costs about 19 MiB and tens of milliseconds: call it on a worker thread. Thread-safe.
 */
public final class PasswordHasher implements PasswordScheme {

    /** OWASP's recommended Argon2id minimum: 19 MiB, 2 passes, 1 lane. */
    public static final int DEFAULT_MEMORY_KIB = 19_456;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    // Bounds for parsing: a stored string outside them is treated as damaged, not as a request for 100 GiB.
    private static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    /** Hashes with {@link #DEFAULT_MEMORY_KIB}, {@link #DEFAULT_ITERATIONS} and {@link #DEFAULT_PARALLELISM}. */
    public PasswordHasher() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    /** Hashes with the given cost (tests use a small memory cost to stay fast). */
    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id parameters out of range: m=" + memoryKib + " KiB, t="
                    + iterations + ", p=" + parallelism);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** A PHC string for {@code password}, with a fresh random salt. */
    @Override
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = Crypto.randomBytes(SALT_BYTES);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        try {
            return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                    + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    /**
     * Whether {@code password} matches the PHC string {@code encoded}. The comparison takes the same time however
     * many bytes match. A malformed or unsupported string never matches.
     */
    @Override
    public boolean verify(char[] password, String encoded) {
        Objects.requireNonNull(password, "password");
        Parsed stored = parse(encoded);
        if (stored == null) {
            return false;
        }
        byte[] actual = derive(password, stored.salt, stored.memoryKib, stored.iterations, stored.parallelism,
                stored.hash.length);
        try {
            return MessageDigest.isEqual(actual, stored.hash);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    /** Whether {@code encoded} was made with other parameters than this hasher's, so it should be re-hashed at sign-in. */
    @Override
    public boolean needsRehash(String encoded) {
        Parsed stored = parse(encoded);
        return stored == null || stored.memoryKib != memoryKib || stored.iterations != iterations
                || stored.parallelism != parallelism || stored.hash.length != HASH_BYTES;
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        // The char[] overload encodes as UTF-8 internally, so the password never becomes an immutable String.
        generator.generateBytes(password, out);
        return out;
    }

    private record Parsed(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return null;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            return null;
        }
        try {
            return new Parsed(memory, iterations, parallelism,
                    Base64.getDecoder().decode(m.group(4)), Base64.getDecoder().decode(m.group(5)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
