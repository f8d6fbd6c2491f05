package io.meridian.spi.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A {@link System.Logger} that keeps every line, so tests can check what a connector logs (and that no secret is). */
final class RecordingLogger implements System.Logger {

    private final String name;
    private final List<LoggedLine> lines = new CopyOnWriteArrayList<>();

    RecordingLogger(String name) {
        this.name = name;
    }

    List<LoggedLine> lines() {
        return List.copyOf(lines);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        String text = String.valueOf(msg);
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            text = text + System.lineSeparator() + trace;
        }
        lines.add(new LoggedLine(level, text));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        String text = params == null || params.length == 0 ? String.valueOf(format)
                : new MessageFormat(String.valueOf(format)).format(params);
        lines.add(new LoggedLine(level, text));
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        lines.add(new LoggedLine(level, msgSupplier.get()));
    }
}
