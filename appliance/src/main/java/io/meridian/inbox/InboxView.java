package io.meridian.inbox;

/**
 * One entry of the inbox's rail: {@code key} goes in the URL ({@code ?view=key}); {@code label} is a console message
 * key, or, when {@code literal} is set, a name shown as it is (a team's name); {@code count} is how many open
 * conversations it holds now, or -1 when the rail shows no count (closed); {@code group}, if not null, is the message
 * key of the heading the rail shows it under (views of a group come after the ungrouped ones).
 */
public record InboxView(String key, String label, boolean literal, long count, String group) {

    public static InboxView of(String key, String label, long count) {
        return new InboxView(key, label, false, count, null);
    }

    public static InboxView named(String key, String name, long count, String group) {
        return new InboxView(key, name, true, count, group);
    }

    public boolean counted() {
        return count >= 0;
    }
}
