package io.meridian.egress;

import io.meridian.spi.DataEgress;
import io.meridian.spi.EgressRefusedException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The residency rule for one host, decided from the addresses it resolves to, never from how its name reads: a host
 * is on site only if <em>every</em> address is on site ({@link OnSiteAddresses}); {@code 127.example.com} pointing at
 * a server elsewhere is off site, {@code [::ffff:127.0.0.1]} is loopback.
 *
 * <p>Two uses. When a connector instance starts, {@link #classify} takes its on-site hosts out of its egress; an
 * instance left with none counts as local, which is what lets the residency policy give it the text of regions that
 * keep their data on site. At every connection, {@link #check} resolves the host again and returns the one address
 * the caller must connect to; an instance that counts as local is refused any host with an address off site.
 *
 * <p>Blocking (it resolves names): call it off the event loop. Thread-safe.
 */
public final class EgressRule {

    private final HostResolver resolver;
    private final OnSiteAddresses onSite;

    public EgressRule(HostResolver resolver, OnSiteAddresses onSite) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.onSite = Objects.requireNonNull(onSite, "onSite");
    }

    /**
     * One host's addresses, as resolved once.
     *
     * @param host the host, lower case, without IPv6 brackets
     * @param addresses every address, at least one
     * @param offSite the addresses that are not on site; empty if the host is on site
     */
    public record Resolved(String host, List<InetAddress> addresses, List<InetAddress> offSite) {

        public boolean isOnSite() {
            return offSite.isEmpty();
        }
    }

    /**
     * @param host a host name or IP literal
     * @return its addresses, each judged
     * @throws UnknownHostException if it resolves to nothing
     */
    public Resolved resolve(String host) throws UnknownHostException {
        String name = bare(host);
        List<InetAddress> addresses = resolver.resolve(name);
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(name + ": no addresses");
        }
        List<InetAddress> off = addresses.stream().filter(a -> !onSite.contains(a)).toList();
        return new Resolved(name, List.copyOf(addresses), off);
    }

    /**
     * @param egress an instance's egress with its configured hosts resolved ({@link DataEgress#resolve})
     * @return the same egress without the hosts that are on site now; local if none is left. A wildcard or a host
     *         that cannot be resolved stays: when in doubt, off site.
     */
    public DataEgress classify(DataEgress egress) {
        Set<String> offSite = new LinkedHashSet<>();
        for (String host : egress.remoteHosts()) {
            if (host.startsWith("*.")) {
                offSite.add(host);
                continue;
            }
            try {
                if (!resolve(host).isOnSite()) {
                    offSite.add(host);
                }
            } catch (UnknownHostException e) {
                offSite.add(host);
            }
        }
        return new DataEgress(offSite, egress.hostProperties());
    }

    /**
     * Resolves the host now and decides whether the instance may connect to it.
     *
     * @param host the host about to be contacted
     * @param egress the instance's egress as {@link #classify} left it
     * @return the address to connect to: one of the addresses just checked
     * @throws EgressRefusedException if the instance counts as local and the host has an address off site, or the
     *         host is off site and not declared by the instance
     * @throws UnknownHostException if the host resolves to nothing
     */
    public InetAddress check(String host, DataEgress egress) throws EgressRefusedException, UnknownHostException {
        Resolved resolved = resolve(host);
        if (resolved.isOnSite()) {
            return resolved.addresses().get(0);
        }
        String off = resolved.offSite().get(0).getHostAddress();
        if (egress.isLocal()) {
            throw new EgressRefusedException("host '" + resolved.host() + "' resolves to " + off + ", which is off "
                    + "site; this instance counts as on site (it may be given data of regions that keep their data on "
                    + "site), so it may only connect to loopback or residency.on-site-addresses");
        }
        if (!egress.allows(resolved.host())) {
            throw new EgressRefusedException("host '" + resolved.host() + "' resolves to " + off + ", which is off "
                    + "site, and is not a host this instance declares or is configured with");
        }
        return resolved.addresses().get(0);
    }

    private static String bare(String host) {
        String h = Objects.requireNonNull(host, "host").strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
