package io.meridian.spi.testkit;

/**
 * One line a connector logged through its context's {@link System.Logger}, as recorded by
 * {@link FakeConnectorContext}. Immutable.
 *
 * @param level the level
 * @param message the formatted message, with the stack trace's text appended when a throwable was logged
 */
public record LoggedLine(System.Logger.Level level, String message) {
}
