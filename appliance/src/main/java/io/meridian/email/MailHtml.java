package io.meridian.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.owasp.html.Handler;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.HtmlStreamEventReceiver;
import org.owasp.html.HtmlStreamRenderer;

/**
 * Makes the HTML part of a customer's mail safe to show an agent, with the OWASP Java HTML Sanitizer: only text
 * formatting, lists, tables, quotes and links survive; no script, style, form, frame, event handler or CSS. Links keep
 * their address and gain {@code rel="nofollow noopener noreferrer"} and {@code target="_blank"}. A remote image is
 * never loaded: it becomes a link "[image: alt]" to its address, so the agent chooses to open it (a tracking pixel
 * stays silent). Quoted history (a {@code blockquote}, Gmail's {@code gmail_quote}, an "On ... wrote:" line) and
 * everything after it in the same block goes into a collapsed {@code <details>}. Thread-safe.
 */
public final class MailHtml {

    /** The summary line of the collapsed quoted history. */
    public static final String QUOTED_SUMMARY = "Quoted history";

    /** "On Mon, 3 Jun 2024 Ana wrote:" and its usual translations (es, fr, de, pt, it, nl). */
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?is)^\\s*(on\\s.{1,300}\\swrote|el\\s.{1,300}\\sescribi\u00f3|le\\s.{1,300}\\sa\\s\u00e9crit"
                    + "|am\\s.{1,300}\\sschrieb|em\\s.{1,300}\\sescreveu|il\\s.{1,300}\\sha\\sscritto"
                    + "|op\\s.{1,300}\\sschreef)\\s*.{0,80}:\\s*$");

    private static final HtmlPolicyBuilder POLICY = new HtmlPolicyBuilder()
            .allowCommonInlineFormattingElements()
            .allowCommonBlockElements()
            .allowElements("a", "img", "br", "hr", "pre", "code", "blockquote", "table", "thead", "tbody", "tfoot",
                    "tr", "td", "th", "caption", "dl", "dt", "dd", "span", "div", "font")
            .allowAttributes("href").onElements("a")
            .allowAttributes("src", "alt").onElements("img")
            .allowAttributes("class").matching(Pattern.compile("gmail_quote|moz-cite-prefix")).onElements("div")
            .allowAttributes("colspan", "rowspan").matching(Pattern.compile("[0-9]{1,3}")).onElements("td", "th")
            .allowUrlProtocols("http", "https", "mailto")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer");

    private MailHtml() {
    }

    /** The safe form of a mail's HTML part; an empty string for null or blank input. */
    public static String sanitise(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder(html.length());
        // Markup the sanitiser itself cannot make sense of is dropped silently: the plain-text part is kept anyway.
        HtmlStreamRenderer renderer = HtmlStreamRenderer.create(out, Handler.DO_NOTHING);
        HtmlSanitizer.sanitize(html, POLICY.build(new ConsoleShaping(renderer)));
        return out.toString();
    }

    /**
     * Receives the sanitiser's already safe events and shapes them for the console: images become links, quoted
     * history goes into a details element that closes before the block holding it closes, so nesting stays valid.
     */
    private static final class ConsoleShaping implements HtmlStreamEventReceiver {

        private final HtmlStreamEventReceiver out;
        private final List<String> open = new ArrayList<>();
        private int quoteDepth = -1;

        ConsoleShaping(HtmlStreamEventReceiver out) {
            this.out = out;
        }

        @Override
        public void openDocument() {
            out.openDocument();
        }

        @Override
        public void closeDocument() {
            if (quoteDepth >= 0) {
                out.closeTag("details");
                quoteDepth = -1;
            }
            out.closeDocument();
        }

        @Override
        public void openTag(String name, List<String> attrs) {
            String element = name.toLowerCase(Locale.ROOT);
            if (element.equals("img")) {
                remoteImage(attrs);
                return;
            }
            if (quoteDepth < 0 && (element.equals("blockquote") || isQuoteDiv(element, attrs))) {
                startQuote();
            }
            if (element.equals("a") && attribute(attrs, "href") != null) {
                List<String> withTarget = new ArrayList<>(attrs);
                withTarget.add("target");
                withTarget.add("_blank"); // never replaces the console page itself
                attrs = withTarget;
            }
            out.openTag(name, attrs);
            open.add(element);
        }

        @Override
        public void closeTag(String name) {
            if (!open.isEmpty()) {
                open.remove(open.size() - 1);
                if (quoteDepth >= 0 && open.size() < quoteDepth) {
                    out.closeTag("details");
                    quoteDepth = -1;
                }
            }
            out.closeTag(name);
        }

        @Override
        public void text(String text) {
            if (quoteDepth < 0 && ATTRIBUTION.matcher(text).matches()) {
                startQuote();
            }
            out.text(text);
        }

        private void startQuote() {
            quoteDepth = open.size();
            out.openTag("details", List.of("class", "quoted-history"));
            out.openTag("summary", List.of());
            out.text(QUOTED_SUMMARY);
            out.closeTag("summary");
        }

        private void remoteImage(List<String> attrs) {
            String src = attribute(attrs, "src");
            String alt = attribute(attrs, "alt");
            String label = "[image" + (alt == null || alt.isBlank() ? "" : ": " + alt.strip()) + "]";
            if (src == null || src.isBlank()) {
                out.text(label); // an inline (cid:) or data image: nothing to load from outside
                return;
            }
            out.openTag("a", List.of("href", src, "class", "remote-image", "rel", "nofollow noopener noreferrer",
                    "target", "_blank", "title", "Remote image, not loaded: opens in a new tab"));
            out.text(label);
            out.closeTag("a");
        }

        private static boolean isQuoteDiv(String element, List<String> attrs) {
            if (!element.equals("div")) {
                return false;
            }
            String cls = attribute(attrs, "class");
            return cls != null && (cls.equals("gmail_quote") || cls.equals("moz-cite-prefix"));
        }

        private static String attribute(List<String> attrs, String name) {
            for (int i = 0; i + 1 < attrs.size(); i += 2) {
                if (attrs.get(i).equalsIgnoreCase(name)) {
                    return attrs.get(i + 1);
                }
            }
            return null;
        }
    }
}
