package io.meridian.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything logged at INFO or above while it is attached to the root logger, formatted as the node's own log file
 * formats it ({@code conf/logback.xml}'s pattern, with stack traces): what a test needs to say how much an exchange
 * made the log grow, and what it wrote.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private final PatternLayout layout = new PatternLayout();
    private final List<String> lines = new ArrayList<>();
    private final List<ILoggingEvent> events = new ArrayList<>();
    private long bytes;

    private LogCapture() {
    }

    /** Starts capturing from every logger. */
    public static LogCapture attach() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LoggerContext context = root.getLoggerContext();
        LogCapture capture = new LogCapture();
        capture.setContext(context);
        capture.layout.setContext(context);
        capture.layout.setPattern(PATTERN);
        capture.layout.start();
        capture.start();
        root.addAppender(capture);
        return capture;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.INFO)) {
            return;
        }
        String text = layout.doLayout(event);
        bytes += text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        lines.add(text);
        events.add(event);
    }

    /** UTF-8 bytes written so far, stack traces included. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The formatted entries so far (an entry with a stack trace spans several lines). */
    public synchronized List<String> entries() {
        return List.copyOf(lines);
    }

    /** The events so far, at INFO or above. */
    public synchronized List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The events so far that carried a stack trace. */
    public synchronized List<ILoggingEvent> withStackTrace() {
        return events.stream().filter(e -> e.getThrowableProxy() != null).toList();
    }

    /** Forgets what was captured so far, to measure from now on. */
    public synchronized void clear() {
        lines.clear();
        events.clear();
        bytes = 0;
    }

    @Override
    public void close() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
        stop();
    }
}
