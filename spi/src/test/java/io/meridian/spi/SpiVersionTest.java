package io.meridian.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiVersionTest {

    /** Verifies that the constant and the version the pom writes into the jar manifest agree. */
    @Test
    void constantMatchesThePom() {
        assertEquals(System.getProperty("meridian.spi.semver"), SpiVersion.CURRENT,
                "SpiVersion.CURRENT and <meridian.spi.semver> in spi/pom.xml must be changed together");
    }

    /** Verifies SemVer ranges as plugins write them in Plugin-Requires. */
    @Test
    void rangesAreMatched() {
        assertTrue(SpiVersion.satisfies("1.3.2", ">=1.0.0 & <2.0.0"));
        assertFalse(SpiVersion.satisfies("2.0.0", ">=1.0.0 & <2.0.0"));
        assertFalse(SpiVersion.satisfies("1.0.0", ">=1.1.0"));
        assertTrue(SpiVersion.satisfies(">=1.0.0"));
        assertFalse(SpiVersion.satisfies(">=2.0.0"));
    }

    /** Verifies that a bare version means "at least", as in PF4J's plugin manager. */
    @Test
    void bareVersionMeansAtLeast() {
        assertTrue(SpiVersion.satisfies("1.4.0", "1.2.0"));
        assertFalse(SpiVersion.satisfies("1.1.0", "1.2.0"));
    }

    /** Verifies that no requirement accepts any version. */
    @Test
    void emptyOrStarAcceptsAll() {
        assertTrue(SpiVersion.satisfies(null));
        assertTrue(SpiVersion.satisfies(""));
        assertTrue(SpiVersion.satisfies(" * "));
    }

    /** Verifies that a malformed expression is an IllegalArgumentException naming it. */
    @Test
    void malformedExpressionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiVersion.satisfies(">=one"));
        assertTrue(e.getMessage().contains(">=one"), e.getMessage());
    }
}
