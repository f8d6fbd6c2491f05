package io.meridian.routing;

import java.util.Locale;

/** How well an agent speaks a language. Routing uses any level; the console shows it. */
public enum Proficiency {
    BASIC,
    FLUENT,
    NATIVE;

    static Proficiency parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("expected basic, fluent or native, got '" + text + "'");
        }
    }
}
