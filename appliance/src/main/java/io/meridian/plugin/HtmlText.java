package io.meridian.plugin;

import java.util.regex.Pattern;

/**
 * The readable text of an HTML message body, for agents: scripts and styles dropped, tags removed, block ends turned
 * into line breaks and the common entities decoded. The result is shown as text (escaped), never as HTML.
 */
final class HtmlText {

    private static final Pattern SCRIPTS = Pattern.compile("(?is)<(script|style|head)[^>]*>.*?</\\1\\s*>");
    private static final Pattern BREAKS = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/tr|/h[1-6])\\s*/?\\s*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");

    private HtmlText() {
    }

    static String of(String html) {
        String s = SCRIPTS.matcher(html).replaceAll(" ");
        s = BREAKS.matcher(s).replaceAll("\n");
        s = TAGS.matcher(s).replaceAll("");
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return s.replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n[ \\n]*", "\n").strip();
    }
}
