package io.meridian.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Picks the language and time zone of each console page: the agent's own choice (settings page), else the browser's
 * {@code Accept-Language} among the console's languages (English if none matches), and the node's time zone. Page
 * classes put {@link #messages(RoutingContext, String)} into their template model as {@code t}.
 */
public final class ConsoleLocales {

    private static final String KEY = "meridian.language.console-locales";
    private static final String MESSAGES_KEY = "meridian.language.messages";

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
        ZoneId zone = chosen.timeZone().orElse(locales == null ? ZoneId.systemDefault() : locales.nodeZone);
        Messages messages = Messages.of(language, zone);
        if (agentId != null) {
            ctx.put(MESSAGES_KEY, messages); // by then the page knows who is signed in: the same for the whole request
        }
        return messages;
    }
}
