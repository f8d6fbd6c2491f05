package io.meridian.conversation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each connected web-chat visitor is now: the page their widget runs on and the page that led there, as the
 * agent's customer panel shows them. Kept in this node's memory only while a widget of the visitor is connected, and
 * never stored: a page's address can carry personal data, so only scheme, host and path are kept (no query, no
 * fragment, no user info).
 */
public final class VisitorPages {

    static final int MAX_URL_CHARS = 500;

    /** A widget's page: {@code url} where it runs, {@code referrer} (null if none) the page before. */
    public record Page(String url, String referrer, Instant since) {
    }

    private final Map<String, Map<Object, Page>> byContact = new ConcurrentHashMap<>();

    /** A widget of {@code contactId} connected on {@code page}; {@code connection} tells its widgets apart. */
    public void opened(String contactId, Object connection, Page page) {
        byContact.computeIfAbsent(contactId, k -> new ConcurrentHashMap<>()).put(connection, page);
    }

    /** That widget disconnected. */
    public void closed(String contactId, Object connection) {
        byContact.computeIfPresent(contactId, (k, pages) -> {
            pages.remove(connection);
            return pages.isEmpty() ? null : pages;
        });
    }

    /** The page of the visitor's most recently connected widget; empty when none is connected. */
    public Optional<Page> of(String contactId) {
        Map<Object, Page> pages = byContact.get(contactId);
        return pages == null ? Optional.empty()
                : pages.values().stream().max(Comparator.comparing(Page::since));
    }

    /**
     * {@code url} as kept: an http(s) address's scheme, host, port and path; null for anything else (another scheme,
     * not an address, or a kept form longer than {@value #MAX_URL_CHARS} characters).
     */
    public static String kept(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return null;
            }
            String kept = new URI(scheme, null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
            return kept.length() > MAX_URL_CHARS ? null : kept;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
