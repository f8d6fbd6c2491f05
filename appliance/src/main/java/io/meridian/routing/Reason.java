package io.meridian.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;

/**
 * Why routing did something, as sentences of the console's bundles ({@code reason.*} keys) with their values, so each
 * agent reads it in their console's language ({@link ReasonText}). Stored in {@code routing_events.reason} as JSON:
 * {@code [{"k":"team-open","a":[…]}, …]}; a value is text, a number, a team ({@code {"team":id,"n":name}}, shown by
 * its name in the reader's language), a local time ({@code {"t":millis,"z":zone}}), a duration ({@code {"s":seconds}}),
 * a list ({@code {"list":[…]}}) or a phrase of its own ({@code {"k":…,"a":[…]}}). Rows from before hold English text
 * and are shown as they are.
 */
final class Reason {

    private final JsonArray sentences = new JsonArray();

    /** Adds a sentence: the bundle key {@code reason.<key>} and its values. */
    Reason add(String key, Object... values) {
        sentences.add(phrase(key, values));
        return this;
    }

    /** Adds the sentences of {@code other} after these. */
    Reason add(Reason other) {
        sentences.addAll(other.sentences);
        return this;
    }

    boolean isEmpty() {
        return sentences.isEmpty();
    }

    /** What is stored. */
    String stored() {
        return sentences.encode();
    }

    @Override
    public String toString() {
        return stored();
    }

    /** A phrase inside a sentence: the bundle key {@code reason.<key>} and its values. */
    static JsonObject phrase(String key, Object... values) {
        JsonArray args = new JsonArray();
        for (Object v : values) {
            args.add(v instanceof Collection<?> c ? list(c) : v);
        }
        return new JsonObject().put("k", key).put("a", args);
    }

    static JsonObject team(Team team) {
        return new JsonObject().put("team", team.id()).put("n", team.name());
    }

    static JsonObject time(Instant at, ZoneId zone) {
        return new JsonObject().put("t", at.toEpochMilli()).put("z", zone.getId());
    }

    static JsonObject duration(Duration d) {
        return new JsonObject().put("s", Math.max(0, d.getSeconds()));
    }

    static JsonObject list(Collection<?> items) {
        JsonArray out = new JsonArray();
        items.forEach(out::add);
        return new JsonObject().put("list", out);
    }
}
