package io.meridian.retention;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy of every home region: the node's default ({@code privacy.retention.*-days}) and the regions that differ
 * ({@code privacy.retention.regions}, entries like {@code eu:transcripts=730}). One kind per entry, so the list stays
 * a plain list of strings that an environment variable can override with commas.
 */
public record RetentionPolicies(RetentionPolicy defaults, Map<String, RetentionPolicy> byRegion) {

    private static final Pattern ENTRY = Pattern.compile(
            "([a-z0-9][a-z0-9-]{0,31})\\s*:\\s*([a-z-]+)\\s*=\\s*([0-9]{1,6})");

    public RetentionPolicies {
        byRegion = Map.copyOf(byRegion);
    }

    /**
     * The policies from the default days and the region entries; {@link IllegalArgumentException} naming the entry
     * that is not {@code REGION:KIND=DAYS} or whose days are out of range.
     */
    public static RetentionPolicies parse(RetentionPolicy defaults, List<String> regionEntries) {
        Map<String, RetentionPolicy> byRegion = new TreeMap<>();
        for (String entry : regionEntries) {
            Matcher m = ENTRY.matcher(entry.strip());
            RetentionKind kind = m.matches() ? RetentionKind.ofWord(m.group(2)).orElse(null) : null;
            if (kind == null) {
                throw new IllegalArgumentException("expected entries like eu:transcripts=730 (a region, then "
                        + "transcripts, attachments or closed-tickets, then days; 0 keeps for ever), got '" + entry
                        + "'");
            }
            int days = Integer.parseInt(m.group(3));
            if (days > RetentionPolicy.MAX_DAYS) {
                throw new IllegalArgumentException("expected 0 to " + RetentionPolicy.MAX_DAYS + " days, got '"
                        + entry + "'");
            }
            byRegion.put(m.group(1), byRegion.getOrDefault(m.group(1), defaults).with(kind, days));
        }
        return new RetentionPolicies(defaults, byRegion);
    }

    /** The policy for customers homed in this region. */
    public RetentionPolicy forRegion(String region) {
        return byRegion.getOrDefault(region, defaults);
    }

    /** Whether no region limits anything: the job then has nothing to do. */
    public boolean keepsAll() {
        return defaults.keepsAll() && byRegion.values().stream().allMatch(RetentionPolicy::keepsAll);
    }

    /** Each region that differs from the default, in name order. */
    public Map<String, RetentionPolicy> regions() {
        return new TreeMap<>(byRegion);
    }
}
