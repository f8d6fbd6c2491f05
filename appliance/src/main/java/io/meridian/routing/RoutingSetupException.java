package io.meridian.routing;

/**
 * A routing setup that cannot be used, with where (the file or console form, and the field path such as
 * {@code teams[americas].time-zone}) and what was expected. The setup in force stays unchanged.
 */
public final class RoutingSetupException extends RuntimeException {

    private final String source;
    private final String field;

    public RoutingSetupException(String source, String field, String problem) {
        super(source + (field == null || field.isEmpty() ? "" : ", " + field) + ": " + problem);
        this.source = source;
        this.field = field;
    }

    public String source() {
        return source;
    }

    public String field() {
        return field;
    }
}
