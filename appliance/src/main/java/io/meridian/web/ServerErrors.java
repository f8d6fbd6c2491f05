package io.meridian.web;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of unexpected server errors. Each gets one short line with an id, which the client also gets in its error
 * answer, so a report can be matched to the line. The stack trace is written once per distinct cause (the root
 * exception's class and the code line it was thrown from) per minute, and at most {@value #MAX_TRACES_PER_MINUTE}
 * in any minute: however many requests hit the same fault, the log grows by a line each, never by a stack trace each.
 * Lines name the method, the path (shortened, printable ASCII only) and the cause's class and location, never request
 * content or the exception's message, which may quote personal data.
 */
public final class ServerErrors {

    static final int MAX_TRACES_PER_MINUTE = 20;
    private static final Duration TRACE_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED_CAUSES = 1_000;
    private static final int MAX_PATH_CHARS = 120;
    private static final Logger LOG = LoggerFactory.getLogger(ServerErrors.class);

    private final Clock clock;
    /** Cause → when its stack trace was last written (epoch millis). Guarded by {@code this}. */
    private final Map<String, Long> lastTraced = new HashMap<>();
    private long windowStart;
    private int tracesInWindow;

    public ServerErrors() {
        this(Clock.systemUTC());
    }

    ServerErrors(Clock clock) {
        this.clock = clock;
    }

    /** Logs the failure of {@code method path} and returns its id (12 hex digits). */
    public String record(String method, String path, Throwable failure) {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        String cause = causeOf(failure);
        String where = printable(path);
        if (failure != null && traceDue(cause)) {
            LOG.error("Server error {} on {} {}: {} (stack trace below, once a minute for this cause)", id, method,
                    where, cause, failure);
        } else {
            LOG.error("Server error {} on {} {}: {}", id, method, where, cause);
        }
        return id;
    }

    /** The root exception's class and the place it was thrown from: what tells one fault from another. */
    static String causeOf(Throwable failure) {
        if (failure == null) {
            return "no exception";
        }
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        StackTraceElement[] frames = root.getStackTrace();
        String at = frames.length == 0 ? "unknown location"
                : frames[0].getClassName() + "." + frames[0].getMethodName() + ":" + frames[0].getLineNumber();
        return root.getClass().getName() + " at " + at;
    }

    private synchronized boolean traceDue(String cause) {
        long now = clock.millis();
        long interval = TRACE_INTERVAL.toMillis();
        if (now - windowStart >= interval) {
            windowStart = now;
            tracesInWindow = 0;
        }
        Long last = lastTraced.get(cause);
        if (last != null && now - last < interval || tracesInWindow >= MAX_TRACES_PER_MINUTE) {
            return false;
        }
        if (lastTraced.size() >= MAX_REMEMBERED_CAUSES) {
            lastTraced.values().removeIf(time -> now - time >= interval);
        }
        if (lastTraced.size() < MAX_REMEMBERED_CAUSES) {
            lastTraced.put(cause, now);
        }
        tracesInWindow++;
        return true;
    }

    /** The path as a log can safely carry it: printable ASCII, shortened. */
    static String printable(String path) {
        if (path == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(path.length(), MAX_PATH_CHARS) + 1);
        for (int i = 0; i < path.length() && b.length() < MAX_PATH_CHARS; i++) {
            char c = path.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (path.length() > MAX_PATH_CHARS) {
            b.append('…');
        }
        return b.toString();
    }
}
