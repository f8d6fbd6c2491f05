package io.meridian.widget;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the widget asks for name and e-mail before the first message ({@code off}, {@code optional},
 * {@code required}), for every site and per site: {@code widget.pre-chat-form} is the default,
 * {@code widget.pre-chat-form-by-site} entries {@code https://shop.example.com=required} override it for the pages of
 * one origin (as the browser sends it with the widget's connection).
 */
public record PreChatForms(String fallback, Map<String, String> bySite) {

    public PreChatForms {
        bySite = Map.copyOf(bySite);
    }

    /** The same form everywhere. */
    public static PreChatForms everywhere(String mode) {
        return new PreChatForms(mode, Map.of());
    }

    /** As configured (MeridianConfig has checked the values when it loaded them). */
    public static PreChatForms from(MeridianConfig config) {
        Map<String, String> bySite = new LinkedHashMap<>();
        for (String entry : config.list(ConfigKeys.WIDGET_PRE_CHAT_FORM_BY_SITE)) {
            int eq = entry.lastIndexOf('=');
            bySite.put(site(entry.substring(0, eq)), entry.substring(eq + 1).strip());
        }
        return new PreChatForms(config.string(ConfigKeys.WIDGET_PRE_CHAT_FORM).strip(), bySite);
    }

    /** The form for a widget on a page of {@code origin} (null when the browser sent none). */
    public String forSite(String origin) {
        return origin == null ? fallback : bySite.getOrDefault(site(origin), fallback);
    }

    /** An origin as browsers send it: lower case, no trailing slash, no default port. */
    private static String site(String origin) {
        return origin.strip().toLowerCase(Locale.ROOT).replaceAll("/+$", "")
                .replaceFirst("^(https://[^/]+):443$", "$1").replaceFirst("^(http://[^/]+):80$", "$1");
    }
}
