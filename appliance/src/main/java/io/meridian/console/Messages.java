package io.meridian.console;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's texts in one agent's language, and dates in that agent's time zone: what templates call {@code $t}.
 * <pre>
 *   $t.get("inbox.heading")                      a text
 *   $t.get("password.new", $minChars)            with arguments: {0}, {1}... in the text
 *   $t.count("inbox.messages", $n)               the key's .one or .other form
 *   $t.dateTime($instant)                        medium date, short time, in the agent's zone and locale
 *   $t.text($error)                              a sentence the server wrote in English, translated if known
 *   #foreach($p in $t.pieces("agents.created"))  a text with markup around its arguments (see {@link Piece})
 *   $t.lang()  $t.zone()                         for the page's lang attribute and the script's time zone
 * </pre>
 * Templates HTML-escape everything these return, so texts are plain text. Arguments are placed literally: an
 * apostrophe is just an apostrophe (no {@link java.text.MessageFormat} quoting). A key missing from a bundle shows as
 * {@code ??key??}; a test keeps every bundle complete.
 */
public final class Messages {

    static final String BUNDLE = "i18n/console";
    private static final String SERVER_PREFIX = "server.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");
    private static final Map<ConsoleLanguage, ResourceBundle> BUNDLES = new EnumMap<>(ConsoleLanguage.class);
    private static final Map<String, String> SERVER_SENTENCES = new HashMap<>();
    private static final Map<Pattern, ServerPattern> SERVER_PATTERNS = new LinkedHashMap<>();

    static {
        ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES);
        for (ConsoleLanguage language : ConsoleLanguage.values()) {
            // No fallback to the JVM's default locale: a missing translation falls back to the English base bundle.
            BUNDLES.put(language, ResourceBundle.getBundle(BUNDLE,
                    language == ConsoleLanguage.EN ? Locale.ROOT : language.locale(), noFallback));
        }
        ResourceBundle english = BUNDLES.get(ConsoleLanguage.EN);
        for (String key : english.keySet()) {
            if (!key.startsWith(SERVER_PREFIX)) {
                continue;
            }
            String sentence = english.getString(key);
            if (PLACEHOLDER.matcher(sentence).find()) {
                List<Integer> order = new ArrayList<>();
                SERVER_PATTERNS.put(reversePattern(sentence, order), new ServerPattern(key, order));
            } else {
                SERVER_SENTENCES.put(sentence, key);
            }
        }
    }

    private final ConsoleLanguage language;
    private final ZoneId zone;
    private final ResourceBundle bundle;
    private final DateTimeFormatter dateTime;

    private Messages(ConsoleLanguage language, ZoneId zone) {
        this.language = Objects.requireNonNull(language, "language");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.bundle = BUNDLES.get(language);
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(language.locale())
                .withZone(zone);
    }

    public static Messages of(ConsoleLanguage language, ZoneId zone) {
        return new Messages(language, zone);
    }

    /** English in the server's time zone: for pages rendered outside a console request. */
    public static Messages fallback() {
        return new Messages(ConsoleLanguage.EN, ZoneId.systemDefault());
    }

    public ConsoleLanguage language() {
        return language;
    }

    /** The page's {@code lang} attribute, e.g. {@code zh-TW}. */
    public String lang() {
        return language.tag();
    }

    /** The agent's time zone id, e.g. {@code Europe/Berlin}. */
    public String zone() {
        return zone.getId();
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
    }

    public String get(String key, Object arg0) {
        return format(get(key), arg0);
    }

    public String get(String key, Object arg0, Object arg1) {
        return format(get(key), arg0, arg1);
    }

    public String get(String key, Object arg0, Object arg1, Object arg2) {
        return format(get(key), arg0, arg1, arg2);
    }

    public String get(String key, Object arg0, Object arg1, Object arg2, Object arg3) {
        return format(get(key), arg0, arg1, arg2, arg3);
    }

    /** The text of {@code key}, else {@code fallback}: for keys made from data ("channel." + the channel's name). */
    public String or(String key, Object fallback) {
        return bundle.containsKey(key) ? bundle.getString(key) : String.valueOf(fallback);
    }

    /**
     * {@code key.one} or {@code key.other}, as the language's plural rule (CLDR) picks for {@code n}, with {@code n}
     * as {0}: English, German and Spanish say one for 1; French for 0 and 1; Japanese, Korean and Chinese have one
     * form (other) for every number.
     */
    public String count(String key, long n) {
        return format(get(key + "." + pluralCategory(language, n)), n);
    }

    /** The CLDR plural category of a whole number {@code n} in {@code language}: {@code one} or {@code other}. */
    static String pluralCategory(ConsoleLanguage language, long n) {
        return switch (language) {
            case JA, KO, ZH_CN, ZH_TW -> "other";
            case FR -> n == 0 || n == 1 ? "one" : "other";
            default -> n == 1 ? "one" : "other";
        };
    }

    /** A date and time in the agent's zone and locale ("29 Nov 2026, 14:05", "2026/11/29 14:05"); empty for null. */
    public String dateTime(Instant instant) {
        return instant == null ? "" : dateTime.format(instant);
    }

    /**
     * A sentence the server wrote in English (a page title, an error), in this language when the bundle knows it
     * under a {@code server.*} key; otherwise unchanged. Sentences with values in them ("This needs the audit.view permission.")
     * are recognised by the English pattern and the values carried over.
     */
    public String text(String english) {
        if (english == null) {
            return "";
        }
        String key = SERVER_SENTENCES.get(english);
        if (key != null) {
            return get(key);
        }
        for (Map.Entry<Pattern, ServerPattern> e : SERVER_PATTERNS.entrySet()) {
            Matcher m = e.getKey().matcher(english);
            if (m.matches()) {
                List<Integer> order = e.getValue().argumentOrder();
                Object[] args = new Object[order.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
                for (int group = 0; group < order.size(); group++) {
                    args[order.get(group)] = m.group(group + 1);
                }
                return format(get(e.getValue().key()), args);
            }
        }
        return english;
    }

    /**
     * The text of {@code key} cut at its placeholders, for markup around an argument: each piece is some text followed
     * by argument {@code arg} (or -1 after the last piece). A template writes the text, then the markup for the
     * argument, so a translation may put the arguments in any order:
     * {@code #foreach($p in $t.pieces("agents.created"))$p.text()#if($p.arg() == 0)<strong>$name</strong>#end#end}
     */
    public List<Piece> pieces(String key) {
        String text = get(key);
        List<Piece> pieces = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int from = 0;
        while (m.find()) {
            pieces.add(new Piece(text.substring(from, m.start()), Integer.parseInt(m.group(1))));
            from = m.end();
        }
        pieces.add(new Piece(text.substring(from), -1));
        return pieces;
    }

    /** A server sentence with values: its key, and which argument each captured value is. */
    private record ServerPattern(String key, List<Integer> argumentOrder) {
    }

    /** Part of a text: plain text, then the argument number {@code arg} (-1: none). */
    public record Piece(String text, int arg) {
    }

    private String format(String pattern, Object... args) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder(pattern.length() + 16);
        while (m.find()) {
            int index = Integer.parseInt(m.group(1));
            String value = index < args.length ? render(args[index]) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String render(Object arg) {
        if (arg instanceof Integer || arg instanceof Long) {
            return NumberFormat.getIntegerInstance(language.locale()).format(arg);
        }
        if (arg instanceof Instant instant) {
            return dateTime(instant);
        }
        return String.valueOf(arg);
    }

    /** A regular expression matching the English sentence with any values in place of its placeholders. */
    private static Pattern reversePattern(String sentence, List<Integer> argumentOrder) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(sentence);
        int from = 0;
        while (m.find()) {
            regex.append(Pattern.quote(sentence.substring(from, m.start()))).append("(.+?)");
            argumentOrder.add(Integer.parseInt(m.group(1)));
            from = m.end();
        }
        regex.append(Pattern.quote(sentence.substring(from)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
