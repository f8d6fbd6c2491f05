package io.meridian.plugin;

/**
 * The outcome of checking a plugin zip's detached signature: {@code detail} names the trusted key that verified it,
 * or says why it did not.
 */
public record SignatureCheck(Status status, String detail) {

    public enum Status {
        /** The {@code .sig} file verifies with a trusted key. */
        VERIFIED,
        /** There is no {@code .sig} file. */
        UNSIGNED,
        /** There is a {@code .sig} file, but no trusted key verifies it (or it cannot be read). */
        INVALID
    }

    static SignatureCheck verified(String keyName) {
        return new SignatureCheck(Status.VERIFIED, "signed, verified with trusted key " + keyName);
    }

    static SignatureCheck unsigned() {
        return new SignatureCheck(Status.UNSIGNED, "unsigned (no .sig file)");
    }

    static SignatureCheck invalid(String why) {
        return new SignatureCheck(Status.INVALID, why);
    }
}
