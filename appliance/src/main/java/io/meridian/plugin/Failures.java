package io.meridian.plugin;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;

/** How the host words and logs a plugin's failures: one line for people, a stack trace only when it adds something. */
final class Failures {

    private Failures() {
    }

    /** A failure as one line for the console and the log: no stack trace, the plugin's own message first. */
    static String describe(Throwable t) {
        Throwable cause = unwrap(t);
        String text;
        if (cause instanceof PluginCallTimeoutException || cause instanceof PluginBusyException
                || cause instanceof ConnectorUnavailableException || cause instanceof IllegalArgumentException) {
            text = cause.getMessage();
        } else {
            String message = cause.getMessage();
            text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
            if (cause.getCause() != null && cause.getCause() != cause && cause.getCause().getMessage() != null
                    && (message == null || !message.contains(cause.getCause().getMessage()))) {
                text += " (" + cause.getCause().getClass().getSimpleName() + ": " + cause.getCause().getMessage() + ")";
            }
        }
        text = text.replaceAll("[\\r\\n]+", " ");
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }

    /** The failure itself, without the reflection and executor wrappers around it. */
    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof InvocationTargetException || cause instanceof ExceptionInInitializerError
                || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Logs one start failure of a retried plugin or instance as an error line. The stack trace goes with the first
     * failure of a run of failures, and again only if the reason changes: a plugin retried every few minutes for a
     * day would otherwise bury the log in identical traces.
     *
     * @param previousReason the reason logged for the previous attempt of this run, or null on the first
     */
    static void logStartFailure(Logger log, String line, String reason, String previousReason, Throwable cause) {
        if (previousReason == null || !previousReason.equals(reason)) {
            log.error(line, unwrap(cause));
        } else {
            log.error(line);
        }
    }
}
