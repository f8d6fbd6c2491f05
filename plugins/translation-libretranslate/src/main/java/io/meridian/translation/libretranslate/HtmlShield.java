package io.meridian.translation.libretranslate;

import io.meridian.spi.translation.ProtectedSpan;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a plain text to LibreTranslate as HTML so that protected spans survive, and turns the answer back into
 * plain text.
 *
 * <p>LibreTranslate's {@code format=html} translates the text nodes of the document and leaves alone every element
 * marked with the HTML5 attribute {@code translate="no"} (its translate-html layer checks it). So each protected span
 * becomes {@code <span translate="no" id="mN">…</span>} and line breaks become {@code <br>} (that layer collapses
 * white space, which would lose them). The server HTML-unescapes its whole answer (current versions do, older ones
 * do not), so an escaped {@code &lt;} typed by the customer could not be told from a tag on the way back: the text's
 * own {@code < > &} are therefore sent as protected spans too, and no text node carries an entity.
 *
 * <p>On the way back each span is replaced by its protected output, found by its id (whatever the engine did inside
 * it), {@code <br>} becomes a line break, other tags are dropped and entities an older server left are decoded.
 * Runs of white space come back as single spaces.
 *
 * <p>Immutable once built; thread-safe.
 */
final class HtmlShield {

    private static final Pattern SPAN = Pattern.compile(
            "<span\\b[^>]*?\\bid=[\"']?m(\\d+)[\"']?[^>]*>.*?</span\\s*>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern BREAK = Pattern.compile("[ \\t]*<br\\s*/?>[ \\t]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^>]*>");
    private static final Pattern MARKUP = Pattern.compile("[<>&]+");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});");

    private final String html;
    private final List<String> outputs;

    private HtmlShield(String html, List<String> outputs) {
        this.html = html;
        this.outputs = outputs;
    }

    /**
     * @param text the plain source text
     * @param spans non-overlapping spans in text order
     * @return the HTML to send
     */
    static HtmlShield shield(String text, List<ProtectedSpan> spans) {
        StringBuilder out = new StringBuilder(text.length() + 32 * spans.size());
        List<String> outputs = new ArrayList<>();
        int at = 0;
        for (ProtectedSpan span : spans) {
            plain(text.substring(at, span.start()), out, outputs);
            protect(span.output(), out, outputs);
            at = span.end();
        }
        plain(text.substring(at), out, outputs);
        return new HtmlShield(out.toString(), List.copyOf(outputs));
    }

    private static void protect(String output, StringBuilder out, List<String> outputs) {
        out.append("<span translate=\"no\" id=\"m").append(outputs.size()).append("\">");
        // only shown to the engine as context: the output itself comes back by the id
        out.append(MARKUP.matcher(output).replaceAll(" ").strip());
        out.append("</span>");
        outputs.add(output);
    }

    private static void plain(String text, StringBuilder out, List<String> outputs) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '<' || c == '>' || c == '&') {
                int end = i;
                while (end < text.length() && "<>&".indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                protect(text.substring(i, end), out, outputs);
                i = end;
                continue;
            }
            if (c == '\r') {
                out.append("<br>");
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                out.append("<br>");
            } else {
                out.append(c);
            }
            i++;
        }
    }

    /** @return the HTML to send as {@code q} with {@code format=html} */
    String html() {
        return html;
    }

    /**
     * @param translated the engine's HTML
     * @return plain text with the protected outputs in place
     * @throws LostSpanException if a protected span did not come back
     */
    String restore(String translated) throws LostSpanException {
        BitSet seen = new BitSet(outputs.size());
        StringBuilder out = new StringBuilder(translated.length());
        Matcher span = SPAN.matcher(translated);
        int at = 0;
        while (span.find()) {
            out.append(toPlain(translated.substring(at, span.start())));
            int index;
            try {
                index = Integer.parseInt(span.group(1));
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index >= 0 && index < outputs.size()) {
                out.append(outputs.get(index));
                seen.set(index);
            }
            at = span.end();
        }
        out.append(toPlain(translated.substring(at)));
        if (seen.cardinality() != outputs.size()) {
            throw new LostSpanException(outputs.size() - seen.cardinality(), outputs.size());
        }
        return out.toString();
    }

    private static String toPlain(String html) {
        String text = BREAK.matcher(html).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        Matcher entity = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (entity.find()) {
            entity.appendReplacement(out, Matcher.quoteReplacement(decode(entity.group(1), entity.group())));
        }
        entity.appendTail(out);
        return out.toString();
    }

    private static String decode(String name, String whole) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return whole;
        }
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> "\u00A0";
            default -> whole;
        };
    }

    /** The engine lost a protected span, so a protected term or token would have changed. */
    static final class LostSpanException extends Exception {
        private static final long serialVersionUID = 1L;

        LostSpanException(int lost, int total) {
            super(lost + " of " + total + " protected terms or tokens did not come back from the engine");
        }
    }
}
