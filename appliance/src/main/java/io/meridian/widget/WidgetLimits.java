package io.meridian.widget;

/**
 * What one visitor connection may send.
 *
 * @param maxFrameBytes   largest text message accepted; larger ones get a {@code too_large} error frame
 * @param maxPerMinute    messages per rolling minute before {@code rate_limited} errors
 * @param maxTextChars    longest chat message text, in characters (code points: an emoji counts once)
 * @param preChatForm     whether the widget asks name and e-mail before the first message: off, optional, required
 */
public record WidgetLimits(int maxFrameBytes, int maxPerMinute, int maxTextChars, String preChatForm) {

    /** Without a pre-chat form. */
    public WidgetLimits(int maxFrameBytes, int maxPerMinute, int maxTextChars) {
        this(maxFrameBytes, maxPerMinute, maxTextChars, "off");
    }

    /** Past this many frames a minute the connection is closed, not just refused. */
    public int closeThresholdPerMinute() {
        return maxPerMinute * 2;
    }
}
