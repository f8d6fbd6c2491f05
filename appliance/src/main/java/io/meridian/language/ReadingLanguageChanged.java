package io.meridian.language;

import io.meridian.bus.BusEvent;

/**
 * An agent chose the language to read customer messages in ({@code language} null: follow the console's language),
 * on {@link ReadingLanguages#CHANGED_ADDRESS}, so every node follows the choice.
 */
public record ReadingLanguageChanged(String agentId, String language) implements BusEvent {
}
