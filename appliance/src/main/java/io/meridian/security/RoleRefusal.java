package io.meridian.security;

/**
 * A change of roles that the rules refuse: an invalid field (400 {@code invalid-field}), a name another role has (409
 * {@code name-taken}), or a role accounts still hold (409 {@code role-in-use}). The message says it in plain English.
 */
public final class RoleRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why it was refused, with the HTTP status and problem type the API answers. */
    public enum Kind {
        INVALID(400, "invalid-field"),
        NAME_TAKEN(409, "name-taken"),
        IN_USE(409, "role-in-use");

        private final int status;
        private final String problemType;

        Kind(int status, String problemType) {
            this.status = status;
            this.problemType = problemType;
        }

        public int status() {
            return status;
        }

        public String problemType() {
            return problemType;
        }
    }

    private final Kind kind;
    private final String sentence;

    /** {@code message}: the API's detail; {@code sentence}: the console's, which its bundles translate. */
    public RoleRefusal(Kind kind, String message, String sentence) {
        super(message);
        this.kind = kind;
        this.sentence = sentence;
    }

    public Kind kind() {
        return kind;
    }

    /** What the console says (English; translated where the bundles have it as a {@code server.*} text). */
    public String sentence() {
        return sentence;
    }

    /** A field refused: the detail starts with the field's name, as the accounts API's do. */
    static RoleRefusal invalid(String field, String reason, String sentence) {
        return new RoleRefusal(Kind.INVALID, field + ": " + reason, sentence);
    }
}
