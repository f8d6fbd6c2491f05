package io.meridian.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every signed-in session of this node, by a handle that is not the session id (the id is the cookie's secret; the
 * handle may be shown and sent back): its account, when it signed in, when it was last used, from which address and
 * browser. An agent lists and ends their own sessions ("sign out of my other devices"), an admin ends all of an
 * account's. Kept in the node's memory, like the sessions themselves; an entry goes when its session ends, expires,
 * or passes the absolute limit.
 */
final class SignedInSessions {

    private static final String MAP = "meridian.security.signed-in";
    private static final String ENDED = "meridian.security.sessions-ended";
    /** A session's last use is written at most this often (not on every request). */
    static final long TOUCH_EVERY_MILLIS = 60_000;
    static final int MAX_BROWSER_CHARS = 200;

    private SignedInSessions() {
    }

    static void register(Vertx vertx, String handle, String agentId, long signedInAt, String address, String browser) {
        sessions(vertx).put(handle, new JsonObject().put("agent", agentId).put("signedInAt", signedInAt)
                .put("lastSeenAt", signedInAt).put("address", address == null ? "" : address)
                .put("browser", cut(browser)));
    }

    /** Records a use of the session, at most once a minute. */
    static void touch(Vertx vertx, String handle, long now) {
        LocalMap<String, JsonObject> all = sessions(vertx);
        JsonObject entry = all.get(handle);
        if (entry != null && now - entry.getLong("lastSeenAt") >= TOUCH_EVERY_MILLIS) {
            all.put(handle, entry.copy().put("lastSeenAt", now));
        }
    }

    /** Whether the session with this handle was ended (by its owner or an admin). */
    static boolean ended(Vertx vertx, String handle) {
        return ended(vertx).containsKey(handle);
    }

    /** The account's sessions still in use: none idle for {@code idleMillis} nor older than {@code absoluteMillis}. */
    static List<SignedInSession> of(Vertx vertx, String agentId, long now, long idleMillis, long absoluteMillis) {
        List<SignedInSession> out = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : sessions(vertx).entrySet()) {
            JsonObject s = e.getValue();
            if (now - s.getLong("lastSeenAt") > idleMillis || now - s.getLong("signedInAt") > absoluteMillis) {
                sessions(vertx).remove(e.getKey());
                continue;
            }
            if (agentId.equals(s.getString("agent"))) {
                out.add(new SignedInSession(e.getKey(), Instant.ofEpochMilli(s.getLong("signedInAt")),
                        Instant.ofEpochMilli(s.getLong("lastSeenAt")), s.getString("address"), s.getString("browser")));
            }
        }
        out.sort(Comparator.comparing(SignedInSession::lastSeenAt).reversed());
        return out;
    }

    /** Ends one session of the account; false when the account has no session with this handle. */
    static boolean end(Vertx vertx, String agentId, String handle) {
        JsonObject entry = sessions(vertx).get(handle);
        if (entry == null || !agentId.equals(entry.getString("agent"))) {
            return false;
        }
        ended(vertx).put(handle, System.currentTimeMillis());
        sessions(vertx).remove(handle);
        // Live connections of the account close and reconnect: the ended one cannot.
        vertx.eventBus().publish(SessionRevocations.ADDRESS, agentId);
        return true;
    }

    /** Ends every session of the account but {@code keep}; how many. */
    static int endOthers(Vertx vertx, String agentId, String keep, long now, long idleMillis, long absoluteMillis) {
        int ended = 0;
        for (SignedInSession s : of(vertx, agentId, now, idleMillis, absoluteMillis)) {
            if (!s.handle().equals(keep) && end(vertx, agentId, s.handle())) {
                ended++;
            }
        }
        return ended;
    }

    /** Forgets a session that signed out or expired. */
    static void forget(Vertx vertx, String handle) {
        sessions(vertx).remove(handle);
    }

    private static String cut(String browser) {
        if (browser == null) {
            return "";
        }
        String clean = browser.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > MAX_BROWSER_CHARS ? clean.substring(0, MAX_BROWSER_CHARS) : clean;
    }

    private static LocalMap<String, JsonObject> sessions(Vertx vertx) {
        return vertx.sharedData().getLocalMap(MAP);
    }

    private static LocalMap<String, Long> ended(Vertx vertx) {
        return vertx.sharedData().getLocalMap(ENDED);
    }
}
