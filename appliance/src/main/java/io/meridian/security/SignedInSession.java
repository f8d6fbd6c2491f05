package io.meridian.security;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A signed-in session as its owner sees it in the list of where they are signed in: its handle (not the session id),
 * when it signed in and was last used, from which address and browser. Public for the console's templates.
 */
public record SignedInSession(String handle, Instant signedInAt, Instant lastSeenAt, String address, String browser) {

    JsonObject toJson(String current) {
        return new JsonObject().put("id", handle).put("signedInAt", signedInAt.toString())
                .put("lastSeenAt", lastSeenAt.toString()).put("address", address).put("browser", browser)
                .put("current", handle.equals(current));
    }
}
