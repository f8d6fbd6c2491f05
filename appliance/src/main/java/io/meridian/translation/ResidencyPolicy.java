package io.meridian.translation;

import io.meridian.spi.DataEgress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which translation engines a region may use. A region listed in {@code residency.forbid-egress-regions} keeps its
 * customers' text on site: only engines whose declared data egress is local may translate it. An engine whose egress
 * is unknown (not running, nothing declared) counts as remote: when in doubt, nothing leaves.
 */
public final class ResidencyPolicy {

    private final Set<String> forbidEgress;

    public ResidencyPolicy(Set<String> forbidEgressRegions) {
        this.forbidEgress = forbidEgressRegions.stream().map(ResidencyPolicy::normal).filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether text of a customer in {@code region} may go to an engine with this egress. */
    public boolean allows(String region, Optional<DataEgress> egress) {
        if (!forbidsEgress(region)) {
            return true;
        }
        return egress.map(DataEgress::isLocal).orElse(false);
    }

    /** Whether the region's policy forbids sending its customers' text off site. */
    public boolean forbidsEgress(String region) {
        return region != null && forbidEgress.contains(normal(region));
    }

    public Set<String> forbiddenRegions() {
        return forbidEgress;
    }

    private static String normal(String region) {
        return region == null ? "" : region.strip().toLowerCase(Locale.ROOT);
    }
}
