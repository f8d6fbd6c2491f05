package io.meridian.conversation;

/**
 * The length of a chat message as the product documents it: in characters, that is Unicode code points, so that an
 * emoji or any other character outside the Basic Multilingual Plane counts once, not as the two UTF-16 units Java
 * stores it in.
 */
public final class MessageLength {

    private MessageLength() {
    }

    /** The number of characters (code points) in {@code text}. */
    public static int of(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Whether {@code text} has more than {@code max} characters (code points). */
    public static boolean exceeds(String text, int max) {
        // A string of at most max UTF-16 units cannot have more than max code points: skip the count.
        return text.length() > max && of(text) > max;
    }
}
