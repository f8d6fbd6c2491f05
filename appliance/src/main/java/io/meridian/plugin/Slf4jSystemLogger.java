package io.meridian.plugin;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link System.Logger} a connector gets from its context, writing to the node's log (SLF4J, logback) under
 * {@code io.meridian.plugin.<plugin id>.<instance id>}, so plugin lines land where the admin looks and obey the same
 * levels, without the SPI depending on a logging library.
 */
final class Slf4jSystemLogger implements System.Logger {

    private final Logger log;

    Slf4jSystemLogger(String name) {
        this.log = LoggerFactory.getLogger(name);
    }

    @Override
    public String getName() {
        return log.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (level) {
            case ALL, TRACE -> log.isTraceEnabled();
            case DEBUG -> log.isDebugEnabled();
            case INFO -> log.isInfoEnabled();
            case WARNING -> log.isWarnEnabled();
            case ERROR -> log.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        write(level, msg, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            write(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params), null);
        }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        if (isLoggable(level)) {
            write(level, msgSupplier.get(), null);
        }
    }

    private void write(Level level, String msg, Throwable thrown) {
        switch (level) {
            case ALL, TRACE -> log.trace(msg, thrown);
            case DEBUG -> log.debug(msg, thrown);
            case INFO -> log.info(msg, thrown);
            case WARNING -> log.warn(msg, thrown);
            case ERROR -> log.error(msg, thrown);
            case OFF -> {
            }
        }
    }
}
