package io.meridian.residency;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an agent on a node of another region may read of a conversation homed here, per pair of regions
 * ({@code residency.cross-region}, entries {@code eu>us=masked}: data homed in eu, read from us): {@link Access#ALLOW}
 * the conversation as it is, {@link Access#MASKED} with names, e-mail addresses, phone numbers and other numbers
 * masked, {@link Access#DENY} its metadata only. The home region's node applies it; a pair not listed gets the
 * default ({@code residency.cross-region-default}). Within one region everything is allowed.
 */
public final class CrossRegionPolicy {

    /** What a reader from another region gets. */
    public enum Access {
        ALLOW, MASKED, DENY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Access> byPair;
    private final Access fallback;

    public CrossRegionPolicy(Map<String, Access> byPair, Access fallback) {
        this.byPair = Map.copyOf(byPair);
        this.fallback = fallback;
    }

    /** From entries {@code home>reader=allow|masked|deny} (checked when the configuration loaded). */
    public static CrossRegionPolicy parse(List<String> entries, String fallback) {
        Map<String, Access> byPair = new TreeMap<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            byPair.put(entry.substring(0, eq).replace(" ", ""), access(entry.substring(eq + 1)));
        }
        return new CrossRegionPolicy(byPair, access(fallback));
    }

    /** {@code allow}, {@code masked} or {@code deny}, in any case. */
    public static Access access(String text) {
        return Access.valueOf(text.strip().toUpperCase(Locale.ROOT));
    }

    /** What a reader in {@code readerRegion} gets of data homed in {@code homeRegion}. */
    public Access of(String homeRegion, String readerRegion) {
        if (homeRegion.equals(readerRegion)) {
            return Access.ALLOW;
        }
        return byPair.getOrDefault(homeRegion + ">" + readerRegion, fallback);
    }
}
