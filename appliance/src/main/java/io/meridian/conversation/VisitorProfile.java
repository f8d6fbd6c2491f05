package io.meridian.conversation;

/**
 * What a widget visitor tells about themselves; every field may be null (not given). The locale and time zone come
 * from the browser; name, e-mail and phone number from a pre-chat form.
 */
public record VisitorProfile(String locale, String timeZone, String name, String email, String phone) {

    /** Without a phone number. */
    public VisitorProfile(String locale, String timeZone, String name, String email) {
        this(locale, timeZone, name, email, null);
    }

    /** A profile with nothing given. */
    public static VisitorProfile empty() {
        return new VisitorProfile(null, null, null, null, null);
    }
}
