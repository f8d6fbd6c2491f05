package io.meridian.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the language and time zone of each console page: the agent's own choice (settings page), else the browser's
 * {@code Accept-Language} among the console's languages (English if none matches), and the browser's time zone (the
 * {@value #ZONE_COOKIE} cookie console.js keeps), else the node's. Page classes put
 * {@link #messages(RoutingContext, String)} into their template model as {@code t}.
 */
public final class ConsoleLocales {

    private static final String KEY = "meridian.language.console-locales";
    private static final String MESSAGES_KEY = "meridian.language.messages";
    /** The browser's IANA time zone, as console.js reads it from {@code Intl}: not a secret, only a display choice. */
    public static final String ZONE_COOKIE = "meridian_tz";
    private static final int MAX_ZONE_CHARS = 64;

    private final ConsolePreferences preferences;
    private final ZoneId nodeZone;

    public ConsoleLocales(ConsolePreferences preferences, ZoneId nodeZone) {
        this.preferences = Objects.requireNonNull(preferences, "preferences");
        this.nodeZone = Objects.requireNonNull(nodeZone, "nodeZone");
    }

    /** Makes this the source of every request's {@link #messages}; mount before the routes that render pages. */
    public void addRoutes(Router router) {
        Handler<RoutingContext> attach = ctx -> {
            ctx.put(KEY, this);
            ctx.next();
        };
        router.route().handler(attach);
    }

    /** The time zone the browser reported (a valid region id), if it did. */
    public static Optional<ZoneId> browserZone(RoutingContext ctx) {
        io.vertx.core.http.Cookie cookie = ctx.request().getCookie(ZONE_COOKIE);
        String id = cookie == null ? null : URLDecoder.decode(cookie.getValue(),
                StandardCharsets.UTF_8);
        if (id == null || id.isEmpty() || id.length() > MAX_ZONE_CHARS || !id.contains("/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty(); // a made-up value: the node's zone instead
        }
    }

    /** The node's time zone, for agents who did not choose one. */
    public ZoneId nodeZone() {
        return nodeZone;
    }

    public ConsolePreferences preferences() {
        return preferences;
    }

    /**
     * The texts and date format for a page of {@code agentId} (null: nobody signed in). Without this class mounted
     * (a page class used alone), the browser's language and the server's time zone.
     */
    public static Messages messages(RoutingContext ctx, String agentId) {
        Messages cached = ctx.get(MESSAGES_KEY);
        if (cached != null) {
            return cached;
        }
        ConsoleLocales locales = ctx.get(KEY);
        ConsolePreferences.Preference chosen = locales == null
                ? ConsolePreferences.Preference.NONE : locales.preferences.of(agentId);
        ConsoleLanguage language = chosen.language()
                .orElseGet(() -> ConsoleLanguage.fromAcceptLanguage(ctx.request().getHeader("Accept-Language")));
        ZoneId zone = chosen.timeZone().orElseGet(() -> browserZone(ctx)
                .orElse(locales == null ? ZoneId.systemDefault() : locales.nodeZone));
        Messages messages = Messages.of(language, zone);
        if (agentId != null) {
            ctx.put(MESSAGES_KEY, messages); // by then the page knows who is signed in: the same for the whole request
        }
        return messages;
    }
}
