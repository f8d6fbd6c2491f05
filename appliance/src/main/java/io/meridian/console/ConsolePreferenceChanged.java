package io.meridian.console;

import io.meridian.bus.BusEvent;

/**
 * An agent chose a console language or time zone (null: not chosen), on {@link ConsolePreferences#CHANGED_ADDRESS},
 * so every node follows the choice.
 */
public record ConsolePreferenceChanged(String agentId, String language, String timeZone) implements BusEvent {
}
