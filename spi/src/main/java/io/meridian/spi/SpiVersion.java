package io.meridian.spi;

import java.util.Objects;
import org.pf4j.DefaultVersionManager;

/**
 * The semantic version of this SPI, which a plugin's {@code Plugin-Requires} (or {@code plugin.requires}) is matched
 * against when the appliance loads it.
 *
 * <p>Rules: the patch number changes for documentation and fixes; the minor number when types or {@code default}
 * methods are added (a plugin built against 1.0 loads on 1.3); the major number when anything is removed or
 * changed incompatibly. A plugin therefore declares a range such as {@code >=1.0.0 & <2.0.0}.
 *
 * <p>The same version is written to the spi jar's manifest as {@code Meridian-Spi-Version}.
 *
 * <p>Thread-safe: stateless.
 */
public final class SpiVersion {

    /** The version of the SPI this jar implements. */
    public static final String CURRENT = "1.4.0";

    /** The manifest attribute of the spi jar that carries {@link #CURRENT}. */
    public static final String MANIFEST_ATTRIBUTE = "Meridian-Spi-Version";

    private SpiVersion() {
    }

    /**
     * Tells whether this SPI satisfies a plugin's requirement, with exactly the rules PF4J's plugin manager applies to
     * {@code Plugin-Requires} when its system version is set to {@link #CURRENT} (its {@link DefaultVersionManager},
     * exact versions not allowed): SemVer expressions such as {@code >=1.0.0}, {@code >=1.0.0 & <2.0.0},
     * {@code 1.x}; a bare version {@code 1.2.0} means {@code >=1.2.0}. An empty requirement or {@code *} accepts any
     * version.
     *
     * @param requires the plugin's requirement, may be {@code null} or empty (no requirement)
     * @return {@code true} if {@link #CURRENT} satisfies it
     * @throws IllegalArgumentException if the expression cannot be parsed
     */
    public static boolean satisfies(String requires) {
        return satisfies(CURRENT, requires);
    }

    /**
     * Tells whether {@code version} satisfies {@code requires}; see {@link #satisfies(String)}.
     *
     * @param version a SemVer version such as {@code 1.2.0}
     * @param requires a SemVer expression, may be {@code null} or empty
     * @return {@code true} if it is satisfied
     * @throws IllegalArgumentException if either cannot be parsed
     */
    public static boolean satisfies(String version, String requires) {
        Objects.requireNonNull(version, "version");
        if (requires == null || requires.isBlank() || requires.trim().equals("*")) {
            return true;
        }
        String constraint = requires.trim();
        if (constraint.matches("^\\d+\\.\\d+\\.\\d+$")) {
            constraint = ">=" + constraint; // as PF4J's AbstractPluginManager.isPluginValid does
        }
        try {
            return new DefaultVersionManager().checkVersionConstraint(version, constraint);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Plugin-Requires '" + requires
                    + "' is not a SemVer expression such as '>=1.0.0 & <2.0.0': " + e.getMessage(), e);
        }
    }
}
