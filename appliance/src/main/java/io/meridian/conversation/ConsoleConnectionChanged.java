package io.meridian.conversation;

import io.meridian.bus.BusEvent;

/**
 * An agent's console live connection opened or closed on this node ({@link ChatHub#CONSOLE_CONNECTIONS_ADDRESS}):
 * routing's presence follows it.
 */
public record ConsoleConnectionChanged(String agentId, String username, boolean connected) implements BusEvent {
}
