package io.meridian.routing;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edits of the setup document (the tree of conf/routing.yaml: teams, agents, queue) made by the console and the API:
 * put or remove one team or agent profile. Each returns a new tree; the caller checks it whole before it applies.
 */
final class SetupDocument {

    private SetupDocument() {
    }

    /** A deep, mutable copy. */
    static Map<String, Object> copy(Map<String, Object> document) {
        return toMap(new JsonObject(Json.encode(document)));
    }

    /** The document with {@code item} added to {@code listName}, or replacing the entry with the same {@code key}. */
    static Map<String, Object> withItem(Map<String, Object> document, String listName, String key,
            Map<String, Object> item) {
        Map<String, Object> doc = copy(document);
        List<Object> next = new ArrayList<>();
        boolean replaced = false;
        for (Object o : list(doc, listName)) {
            if (o instanceof Map<?, ?> m && String.valueOf(m.get(key)).equals(String.valueOf(item.get(key)))) {
                next.add(item);
                replaced = true;
            } else {
                next.add(o);
            }
        }
        if (!replaced) {
            next.add(item);
        }
        doc.put(listName, next);
        return doc;
    }

    /** The document without the entries of {@code listName} whose {@code key} is {@code value}. */
    static Map<String, Object> withoutItem(Map<String, Object> document, String listName, String key, String value) {
        Map<String, Object> doc = copy(document);
        List<Object> next = new ArrayList<>();
        for (Object o : list(doc, listName)) {
            if (!(o instanceof Map<?, ?> m && value.equals(String.valueOf(m.get(key))))) {
                next.add(o);
            }
        }
        doc.put(listName, next);
        return doc;
    }

    /** Whether {@code listName} has an entry whose {@code key} is {@code value}. */
    static boolean hasItem(Map<String, Object> document, String listName, String key, String value) {
        return list(document, listName).stream()
                .anyMatch(o -> o instanceof Map<?, ?> m && value.equals(String.valueOf(m.get(key))));
    }

    /**
     * The document without team {@code teamId}, and without it in each agent profile's teams. Agents for whom it was
     * the only team are left as they are (listing a team that no longer exists), so the whole-document check names them.
     */
    static Map<String, Object> withoutTeam(Map<String, Object> document, String teamId) {
        Map<String, Object> doc = withoutItem(document, "teams", "id", teamId);
        for (Object o : list(doc, "agents")) {
            if (o instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<String, Object> agent = (Map<String, Object>) raw;
                if (agent.get("teams") instanceof List<?> teams && teams.contains(teamId) && teams.size() > 1) {
                    List<Object> rest = new ArrayList<>(teams);
                    rest.remove(teamId);
                    agent.put("teams", rest);
                }
            }
        }
        return doc;
    }

    /** Usernames of the agent profiles whose only team is {@code teamId}. */
    static List<String> onlyIn(Map<String, Object> document, String teamId) {
        List<String> out = new ArrayList<>();
        for (Object o : list(document, "agents")) {
            if (o instanceof Map<?, ?> agent && agent.get("teams") instanceof List<?> teams
                    && teams.size() == 1 && teamId.equals(String.valueOf(teams.get(0)))) {
                out.add(String.valueOf(agent.get("username")));
            }
        }
        return out;
    }

    /** A JSON tree as plain maps and lists, as the parser expects. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(JsonObject json) {
        return (Map<String, Object>) plain(json);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> doc, String name) {
        return doc.get(name) instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
    }

    @SuppressWarnings("unchecked")
    private static Object plain(Object value) {
        if (value instanceof JsonObject o) {
            Map<String, Object> out = new LinkedHashMap<>();
            o.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (value instanceof JsonArray a) {
            List<Object> out = new ArrayList<>();
            a.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            return plain(new JsonObject((Map<String, Object>) m));
        }
        if (value instanceof List<?> l) {
            return plain(new JsonArray((List<Object>) l));
        }
        return value;
    }
}
