package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.spi.SpiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The spi jar carries its SemVer in its manifest, for tools and admins who only have the jar. */
class SpiJarManifestTest {

    /** Verifies that the packaged spi jar's Meridian-Spi-Version equals SpiVersion.CURRENT (runs from `mvn verify`). */
    @Test
    void manifestNamesTheSpiVersion() throws Exception {
        Path location = Path.of(SpiVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(location), "the SPI comes from classes, not a jar, in this build phase");
        try (JarFile jar = new JarFile(location.toFile())) {
            assertEquals(SpiVersion.CURRENT, jar.getManifest().getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE));
            assertEquals("io.meridian.spi", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
    }
}
