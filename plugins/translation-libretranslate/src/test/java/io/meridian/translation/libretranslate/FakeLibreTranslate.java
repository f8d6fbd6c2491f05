package io.meridian.translation.libretranslate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LibreTranslate server on loopback, port 0, following its documented API and the behaviour of its code:
 * {@code GET /languages} lists {@code [{code, name, targets}]}; {@code POST /translate} takes JSON or a form with
 * {@code q, source, target, format, api_key} and answers {@code {translatedText}}; errors are {@code {error}}
 * with 400 (missing parameter, unsupported language or format, key required), 403 (invalid key, or a ban after
 * too many limit violations), 429 and 500. {@code format=html} works like its translate-html layer: white space
 * collapsed, text nodes translated except inside {@code translate="no"} elements, tags re-serialised the way
 * BeautifulSoup does ({@code <br/>}), and the whole answer HTML-unescaped, as LibreTranslate does.
 *
 * <p>The "model" is a word list, enough to tell a translation from an echo. Test scripts switch its
 * {@link Behaviour}.
 */
final class FakeLibreTranslate implements AutoCloseable {

    /** What {@code /translate} does next. */
    enum Behaviour { NORMAL, FAIL_500, SLOW, GARBAGE, NO_TRANSLATED_TEXT, RATE_LIMITED, BANNED, DROP_SPANS }

    private static final Map<String, Map<String, String>> WORDS = Map.of(
            "en>es", words("hello hola", "the la", "house casa", "is es", "big grande", "dog perro",
                    "small pequeño", "your su", "order pedido", "has ha", "arrived llegado", "thank gracias",
                    "you usted", "and y", "please por_favor", "send envíe", "with con", "keys llaves", "from de",
                    "see vea", "write escriba", "to a", "paid pagó", "today hoy"),
            "es>en", words("hola hello", "la the", "el the", "casa house", "es is", "grande big", "perro dog",
                    "pequeño small", "y and", "gracias thanks"),
            "fr>en", words("bonjour hello", "la the", "maison house", "est is", "grande big"));
    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*?)(/?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z-]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private final HttpServer server;
    private final String requiredKey;
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();

    /**
     * @param requiredKey the only API key accepted, as with {@code --api-keys --require-api-key-secret}; {@code null}
     *        for a server without keys
     */
    FakeLibreTranslate(String requiredKey) throws IOException {
        this.requiredKey = requiredKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/languages", this::languages);
        server.createContext("/translate", this::translate);
        server.start();
    }

    private static Map<String, String> words(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] p = pair.split(" ");
            map.put(p[0], p[1].replace('_', ' '));
        }
        return map;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void behaviour(Behaviour value) {
        behaviour = value;
    }

    /** @return the parameters of every {@code /translate} request, as received */
    List<Map<String, Object>> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void languages(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            send(exchange, 405, "text/html", "<h1>Method Not Allowed</h1>");
            return;
        }
        send(exchange, 200, "application/json", "[{\"code\":\"en\",\"name\":\"English\",\"targets\":[\"es\",\"fr\","
                + "\"pb\",\"zt\"]},{\"code\":\"es\",\"name\":\"Spanish\",\"targets\":[\"en\"]},{\"code\":\"fr\","
                + "\"name\":\"French\",\"targets\":[\"en\"]},{\"code\":\"pb\",\"name\":\"Portuguese (Brazil)\","
                + "\"targets\":[\"en\"]},{\"code\":\"zt\",\"name\":\"Chinese (traditional)\",\"targets\":[\"en\"]}]");
    }

    private void translate(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "text/html", "<h1>Method Not Allowed</h1>");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, Object> params;
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Object json;
            try {
                json = Json.parse(body);
            } catch (IOException e) {
                error(exchange, 400, "Invalid JSON format");
                return;
            }
            if (!(json instanceof Map<?, ?> map)) {
                error(exchange, 400, "Invalid JSON format");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            params = typed;
        } else {
            params = new LinkedHashMap<>();
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        requests.add(params);
        Behaviour now = behaviour;
        if (now == Behaviour.BANNED) {
            error(exchange, 403, "Too many request limits violations");
            return;
        }
        Object key = params.get("api_key");
        if (requiredKey != null && key instanceof String k && !k.isEmpty() && !k.equals(requiredKey)) {
            error(exchange, 403, "Invalid API key");
            return;
        }
        if (requiredKey != null && !requiredKey.equals(key)) {
            error(exchange, 400, "Please contact the server operator to get an API key");
            return;
        }
        for (String name : List.of("q", "source", "target")) {
            Object value = params.get(name);
            if (!(value instanceof String s) || s.isEmpty()) {
                error(exchange, 400, "Invalid request: missing " + name + " parameter");
                return;
            }
        }
        String source = (String) params.get("source");
        String target = (String) params.get("target");
        if (!List.of("en", "es", "fr", "pb", "zt").contains(source)) {
            error(exchange, 400, source + " is not supported");
            return;
        }
        if (!List.of("en", "es", "fr", "pb", "zt").contains(target)) {
            error(exchange, 400, target + " is not supported");
            return;
        }
        Object format = params.getOrDefault("format", "text");
        if (!"text".equals(format) && !"html".equals(format)) {
            error(exchange, 400, format + " format is not supported");
            return;
        }
        switch (now) {
            case FAIL_500 -> error(exchange, 500, "Cannot translate text: model crashed");
            case RATE_LIMITED -> {
                exchange.getResponseHeaders().set("Retry-After", "7");
                error(exchange, 429, "Slowdown: 30 per 1 minute");
            }
            case GARBAGE -> send(exchange, 200, "text/html", "<html><body>Welcome to the captive portal</body></html>");
            case NO_TRANSLATED_TEXT -> send(exchange, 200, "application/json", "{\"translated\": \"x\"}");
            case SLOW -> {
                try {
                    Thread.sleep(2500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, "application/json", "{\"translatedText\": \"late\"}");
            }
            default -> {
                Map<String, String> words = WORDS.getOrDefault(source + ">" + target, Map.of());
                String q = (String) params.get("q");
                String out = format.equals("html") ? html(q, words, now == Behaviour.DROP_SPANS) : text(q, words);
                StringBuilder json = new StringBuilder("{\"translatedText\": ");
                quote(out, json);
                send(exchange, 200, "application/json", json.append('}').toString());
            }
        }
    }

    private static String text(String q, Map<String, String> words) {
        Matcher word = WORD.matcher(q);
        StringBuilder out = new StringBuilder();
        while (word.find()) {
            String w = word.group();
            String t = words.get(w.toLowerCase(Locale.ROOT));
            if (t != null && Character.isUpperCase(w.charAt(0))) {
                t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
            }
            word.appendReplacement(out, Matcher.quoteReplacement(t == null ? w : t));
        }
        return word.appendTail(out).toString();
    }

    // translate-html: minify, translate text nodes outside translate="no", re-serialise; then unescape it all
    private static String html(String q, Map<String, String> words, boolean dropSpans) {
        String minified = String.join(" ", q.strip().split("\\s+"));
        StringBuilder out = new StringBuilder();
        List<Boolean> translatable = new ArrayList<>();
        Matcher tag = TAG.matcher(minified);
        int at = 0;
        boolean skipping = false;
        while (tag.find()) {
            String textNode = decode(minified.substring(at, tag.start()));
            boolean inside = translatable.contains(Boolean.FALSE);
            if (!skipping) {
                out.append(escape(inside ? textNode : text(textNode, words)));
            }
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            boolean closing = !tag.group(1).isEmpty();
            boolean isVoid = name.equals("br") || name.equals("img") || name.equals("hr") || !tag.group(4).isEmpty();
            if (closing) {
                if (!translatable.isEmpty()) {
                    translatable.remove(translatable.size() - 1);
                }
                if (skipping && !translatable.contains(Boolean.FALSE)) {
                    skipping = false;
                } else if (!skipping) {
                    out.append("</").append(name).append('>');
                }
            } else {
                StringBuilder start = new StringBuilder("<").append(name);
                boolean no = false;
                Matcher attribute = ATTRIBUTE.matcher(tag.group(3));
                while (attribute.find()) {
                    start.append(' ').append(attribute.group(1)).append("=\"").append(attribute.group(2)).append('"');
                    no |= attribute.group(1).equalsIgnoreCase("translate") && attribute.group(2).equals("no");
                }
                if (isVoid) {
                    if (!skipping) {
                        out.append(start).append("/>");
                    }
                } else {
                    translatable.add(!no);
                    if (no && dropSpans) {
                        skipping = true; // a "model" that loses untranslatable elements
                    } else if (!skipping) {
                        out.append(start).append('>');
                    }
                }
            }
            at = tag.end();
        }
        String rest = decode(minified.substring(at));
        out.append(escape(translatable.contains(Boolean.FALSE) ? rest : text(rest, words)));
        return decode(out.toString()); // LibreTranslate: unescape(translated_text)
    }

    private static String decode(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        StringBuilder json = new StringBuilder("{\"error\": ");
        quote(message, json);
        send(exchange, status, "application/json", json.append('}').toString());
    }

    private static void quote(String value, StringBuilder json) {
        json.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
