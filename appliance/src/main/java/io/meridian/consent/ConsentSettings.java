package io.meridian.consent;

import java.util.Set;

/**
 * Where visitors must agree before they chat, and to what: the home regions that require it
 * ({@code consent.regions}), the version of the text in force ({@code consent.version}; change it with the text, and
 * every visitor is asked again) and the address of the privacy notice the widget links to
 * ({@code consent.privacy-notice-url}, empty: no link).
 */
public record ConsentSettings(Set<String> regions, String version, String privacyNoticeUrl) {

    public ConsentSettings {
        regions = Set.copyOf(regions);
    }

    /** No region requires consent. */
    public static ConsentSettings none() {
        return new ConsentSettings(Set.of(), "1", "");
    }

    /** Whether visitors homed in {@code region} must agree before they chat. */
    public boolean requiredIn(String region) {
        return regions.contains(region);
    }
}
