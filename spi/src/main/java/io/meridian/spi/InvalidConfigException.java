package io.meridian.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by {@link ConnectorConfig#of} when the values an admin entered do not fit the descriptor: a required
 * property is missing, a value has the wrong type, or a property is unknown.
 *
 * <p>{@link #property()} names the first offending property and {@link #problems()} lists every one, so the console
 * can mark each field of the form. Messages never contain the value of a secret property.
 */
public class InvalidConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final Map<String, String> problems;

    /**
     * @param property the offending property's name
     * @param message what is wrong and what was expected, without the value of a secret
     */
    public InvalidConfigException(String property, String message) {
        this(Map.of(Objects.requireNonNull(property, "property"), Objects.requireNonNull(message, "message")));
    }

    /**
     * @param problems property name to what is wrong with it, at least one entry; the first is {@link #property()}
     */
    public InvalidConfigException(Map<String, String> problems) {
        super(describe(problems));
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
        this.property = this.problems.keySet().iterator().next();
    }

    private static String describe(Map<String, String> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
        }
        StringBuilder text = new StringBuilder();
        problems.forEach((name, problem) -> {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append("property '").append(name).append("': ").append(problem);
        });
        return text.toString();
    }

    /** @return the name of the first offending property */
    public String property() {
        return property;
    }

    /** @return every offending property with what is wrong, in the descriptor's order */
    public Map<String, String> problems() {
        return problems;
    }
}
