package io.meridian.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.DataEgress;
import io.meridian.spi.EgressRefusedException;
import io.meridian.translation.ResidencyPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The residency rule judged from resolved addresses, with a resolver the test scripts (no real DNS). */
@Timeout(10)
class EgressRuleTest {

    private final ScriptedResolver dns = new ScriptedResolver()
            .answer("localhost", "127.0.0.1", "::1")
            .answer("127.anything.example.com", "203.0.113.9")
            .answer("mixed.example.com", "127.0.0.1", "203.0.113.9")
            .answer("apy.site.example", "10.20.3.4")
            .answer("apy.elsewhere.example", "10.21.0.1")
            .answer("api.engine.example", "198.51.100.7");
    private final EgressRule rule = new EgressRule(dns, OnSiteAddresses.parse(List.of("10.20.0.0/16", "fd00:1::/48")));
    private final ResidencyPolicy policy = new ResidencyPolicy(Set.of("eu"));

    private static final ConnectorDescriptor ENGINE = ConnectorDescriptor.builder("translation-engine", "Engine")
            .property(ConfigProperty.url("baseUrl", "Base URL", null))
            .egress(DataEgress.fromConfig("baseUrl")).build();

    /** The egress an instance configured with this URL gets from the plugin host when it starts. */
    private DataEgress started(String baseUrl) throws Exception {
        return rule.classify(ConnectorConfig.of(ENGINE, Map.of("baseUrl", baseUrl)).egress());
    }

    /**
     * Verifies that a name that reads like loopback but resolves to a remote address is off site: the instance is not
     * local, the residency policy refuses it for a region that forbids egress, and a local instance may not connect.
     */
    @Test
    void loopbackLookingNameResolvingRemoteIsRefused() throws Exception {
        DataEgress egress = started("http://127.anything.example.com:2737/");
        assertFalse(egress.isLocal());
        assertEquals(Set.of("127.anything.example.com"), egress.remoteHosts());
        assertFalse(policy.allows("eu", Optional.of(egress)));
        assertTrue(policy.allows("us", Optional.of(egress)));
        EgressRefusedException e = assertThrows(EgressRefusedException.class,
                () -> rule.check("127.anything.example.com", DataEgress.localOnly()));
        assertTrue(e.getMessage().contains("203.0.113.9"), e.getMessage());
    }

    /** Verifies that a name resolving to loopback and to a public address is off site, and refused when connecting. */
    @Test
    void nameResolvingToLoopbackAndPublicIsOffSite() throws Exception {
        DataEgress egress = started("http://mixed.example.com/");
        assertFalse(egress.isLocal());
        assertFalse(policy.allows("eu", Optional.of(egress)));
        assertFalse(rule.resolve("mixed.example.com").isOnSite());
        assertThrows(EgressRefusedException.class, () -> rule.check("mixed.example.com", DataEgress.localOnly()));
    }

    /** Verifies that loopback written in any form, and localhost resolving to loopback, are local. */
    @Test
    void loopbackInAnyFormIsLocal() throws Exception {
        for (String url : List.of("http://[::ffff:127.0.0.1]:2737/", "http://[::1]:2737/", "http://localhost:2737/",
                "http://127.0.0.1:2737/", "http://127.8.9.10/")) {
            DataEgress egress = started(url);
            assertTrue(egress.isLocal(), url);
            assertTrue(policy.allows("eu", Optional.of(egress)), url);
        }
        assertEquals(ScriptedResolver.ip("127.0.0.1"), rule.check("[::ffff:127.0.0.1]", DataEgress.localOnly()));
        assertEquals(ScriptedResolver.ip("::1"), rule.check("[::1]", DataEgress.localOnly()));
    }

    /** Verifies that the admin's on-site ranges count as local, and an address just outside them does not. */
    @Test
    void onSiteRangesAreLocal() throws Exception {
        assertTrue(started("http://apy.site.example:2737/").isLocal());
        assertFalse(started("http://apy.elsewhere.example:2737/").isLocal());
        assertTrue(started("http://[fd00:1::5]/").isLocal());
        assertFalse(started("http://[fd00:2::5]/").isLocal());
        assertEquals(ScriptedResolver.ip("10.20.3.4"), rule.check("apy.site.example", DataEgress.localOnly()));
    }

    /** Verifies that a host nobody can resolve counts as off site: when in doubt, nothing leaves. */
    @Test
    void unresolvableHostIsOffSite() throws Exception {
        DataEgress egress = started("http://nowhere.example/");
        assertEquals(Set.of("nowhere.example"), egress.remoteHosts());
        assertFalse(policy.allows("eu", Optional.of(egress)));
    }

    /**
     * Verifies that an instance that is remote reaches the hosts it declares, and is refused an off-site host it
     * does not declare.
     */
    @Test
    void remoteInstanceReachesDeclaredHostsOnly() throws Exception {
        DataEgress egress = started("https://api.engine.example/");
        assertEquals(ScriptedResolver.ip("198.51.100.7"), rule.check("api.engine.example", egress));
        EgressRefusedException e = assertThrows(EgressRefusedException.class,
                () -> rule.check("127.anything.example.com", egress));
        assertTrue(e.getMessage().contains("not a host this instance declares"), e.getMessage());
        assertEquals(ScriptedResolver.ip("127.0.0.1"), rule.check("localhost", egress));
    }

    /** Verifies that on-site entries must be IP literals or CIDR ranges, never names (which would need DNS). */
    @Test
    void onSiteEntriesAreLiteralsOrRanges() {
        assertThrows(IllegalArgumentException.class, () -> OnSiteAddresses.parse(List.of("apy.intranet")));
        assertThrows(IllegalArgumentException.class, () -> OnSiteAddresses.parse(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> OnSiteAddresses.parse(List.of("300.1.1.1")));
        assertThrows(IllegalArgumentException.class, () -> OnSiteAddresses.parse(List.of("10.0.0.0/x")));
        OnSiteAddresses site = OnSiteAddresses.parse(List.of(" 192.0.2.7 ", "fd00:1::/48"));
        assertTrue(site.contains(ScriptedResolver.ip("192.0.2.7")));
        assertFalse(site.contains(ScriptedResolver.ip("192.0.2.8")));
        assertTrue(site.contains(ScriptedResolver.ip("::ffff:127.0.0.1")));
        assertEquals(List.of("192.0.2.7", "fd00:1::/48"), site.listed());
    }
}
