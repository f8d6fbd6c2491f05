package io.meridian.spi.channel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of an HTML message body: scripts, styles, comments and the document head dropped, paragraphs and
 * line breaks kept, list items as "- " lines, tags removed and the common entities decoded; lines trimmed, at most
 * one empty line in a row. For a connector whose remote side sends HTML only (a mail without a text part) and for the
 * text alternative of HTML it sends. The appliance renders the HTML of an {@link InboundMessage} that has no text the
 * same way.
 * <p>
 * Not a sanitiser: the result is text, to be shown escaped, never as HTML.
 *
 * @since 1.3.0
 */
public final class HtmlText {

    private static final Pattern INVISIBLE = Pattern.compile(
            "(?is)<(script|style|head|title|template|noscript)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern LINE_BREAK = Pattern.compile("(?i)<\\s*(br|/tr|hr)\\b[^>]*>");
    private static final Pattern BLOCK = Pattern.compile(
            "(?i)<\\s*/?\\s*(p|div|h[1-6]|blockquote|table|ul|ol|pre)\\b[^>]*>");
    private static final Pattern LIST_ITEM = Pattern.compile("(?i)<\\s*li\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

    private HtmlText() {
    }

    /**
     * @param html an HTML document or fragment, not {@code null}
     * @return its visible text, lines trimmed, at most one empty line in a row
     */
    public static String toText(String html) {
        String s = INVISIBLE.matcher(html).replaceAll(" ");
        s = LINE_BREAK.matcher(s).replaceAll("\n");
        s = BLOCK.matcher(s).replaceAll("\n\n");
        s = LIST_ITEM.matcher(s).replaceAll("\n- ");
        s = TAG.matcher(s).replaceAll("");
        s = decodeEntities(s);
        StringBuilder out = new StringBuilder(s.length());
        boolean blank = true;
        for (String line : s.split("\\R")) {
            String t = line.replace('\u00a0', ' ').replaceAll("[ \\t\\x0B\\f]+", " ").strip();
            if (t.isEmpty()) {
                if (!blank) {
                    out.append('\n');
                }
                blank = true;
            } else {
                out.append(t).append('\n');
                blank = false;
            }
        }
        return out.toString().strip();
    }

    private static String decodeEntities(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(entity(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String entity(String name, String whole) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return whole;
        }
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "nbsp":
                return " ";
            case "euro":
                return "\u20ac";
            case "copy":
                return "\u00a9";
            case "hellip":
                return "\u2026";
            case "mdash":
                return "\u2014";
            case "ndash":
                return "\u2013";
            default:
                return whole;
        }
    }
}
