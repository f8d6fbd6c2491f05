package io.meridian.widget;

/**
 * What one visitor connection may send.
 *
 * @param maxFrameBytes   largest text message accepted; larger ones get a {@code too_large} error frame
 * @param maxPerMinute    messages per rolling minute before {@code rate_limited} errors
 * @param maxTextChars    longest chat message text, in characters (code points: an emoji counts once)
 * @param preChatForms    whether the widget asks name and e-mail before the first message, per site
 */
public record WidgetLimits(int maxFrameBytes, int maxPerMinute, int maxTextChars, PreChatForms preChatForms) {

    /** Without a pre-chat form. */
    public WidgetLimits(int maxFrameBytes, int maxPerMinute, int maxTextChars) {
        this(maxFrameBytes, maxPerMinute, maxTextChars, PreChatForms.everywhere("off"));
    }

    /** Past this many frames a minute the connection is closed, not just refused. */
    public int closeThresholdPerMinute() {
        return maxPerMinute * 2;
    }
}
