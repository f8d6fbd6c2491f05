package io.meridian.conversation;

/**
 * The checks the conversation classes make on what callers hand them, before any work is queued: a failure is an
 * {@link IllegalArgumentException} that names the argument.
 */
final class Arguments {

    private Arguments() {
    }

    static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A message needs text");
        }
        checkLength(text, ConversationService.MAX_TEXT_CHARS, "text");
    }

    static void checkLength(String value, int max, String what) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(what + " is longer than " + max + " characters");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
