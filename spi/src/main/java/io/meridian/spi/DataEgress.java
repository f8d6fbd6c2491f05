package io.meridian.spi;

import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where a connector sends data: nowhere outside the node ({@link #localOnly()}), or to the remote hosts it names.
 *
 * <p>Why it matters: personal data never leaves its legal region. The appliance's residency policy reads the egress
 * of every connector and refuses to enable a remote connector for a region whose policy forbids sending data to
 * that host (for example a cloud translation engine for the EU region). So declare every host the connector talks
 * to; an undeclared host is a residency breach.
 *
 * <p>Some connectors talk to a host the admin enters (a self-hosted CRM, an SMTP relay). They declare the names of
 * those properties in {@link #hostProperties()} (see {@link #fromConfig(String...)}); such an egress is never local,
 * and {@link #resolve(ConnectorConfig)} turns it into concrete hosts once the instance is configured.
 *
 * <p>Which of those hosts are on site is the appliance's decision, made from addresses, not names: a host counts as
 * on site only if every address it resolves to is loopback or in the admin's list of on-site addresses. The
 * appliance decides it when the instance starts and checks it again at every connection made through
 * {@link ConnectorContext#http()} or {@link ConnectorContext#sockets()}; an instance whose hosts are all on site may translate the text of regions that
 * keep their data on site, and can then connect to on-site addresses only.
 *
 * <p>Immutable and thread-safe. Host names are stored in lower case; a leading {@code *.} allows any sub-domain.
 *
 * @param remoteHosts the fixed remote hosts, e.g. {@code api.telegram.org}; empty if none
 * @param hostProperties names of configuration properties (of type URL, HOST or EMAIL) whose values are further remote
 *        hosts; empty if none
 */
public record DataEgress(Set<String> remoteHosts, Set<String> hostProperties) {

    private static final DataEgress LOCAL = new DataEgress(Set.of(), Set.of());

    /** Validates, lower-cases and copies. */
    public DataEgress {
        Objects.requireNonNull(remoteHosts, "DataEgress remoteHosts (use DataEgress.localOnly() for none)");
        Objects.requireNonNull(hostProperties, "DataEgress hostProperties");
        Set<String> hosts = new LinkedHashSet<>();
        for (String host : remoteHosts) {
            Objects.requireNonNull(host, "DataEgress: a remote host is null");
            String h = host.trim().toLowerCase(Locale.ROOT);
            String bare = h.startsWith("*.") ? h.substring(2) : h;
            if (!PropertyType.isHost(bare)) {
                throw new IllegalArgumentException("DataEgress: '" + host
                        + "' is not a host name, IP address or *.domain wildcard");
            }
            hosts.add(h);
        }
        for (String property : hostProperties) {
            Objects.requireNonNull(property, "DataEgress: a host property name is null");
        }
        remoteHosts = Collections.unmodifiableSet(hosts);
        hostProperties = Collections.unmodifiableSet(new LinkedHashSet<>(hostProperties));
    }

    /**
     * The egress of the contract: a fixed set of remote hosts.
     *
     * @param remoteHosts the remote hosts; empty for local only
     */
    public DataEgress(Set<String> remoteHosts) {
        this(remoteHosts, Set.of());
    }

    /** @return the egress of a connector that sends nothing off the node */
    public static DataEgress localOnly() {
        return LOCAL;
    }

    /**
     * @param hosts the remote hosts the connector talks to, at least one
     * @return an egress to those hosts
     */
    public static DataEgress remote(String... hosts) {
        Objects.requireNonNull(hosts, "hosts");
        if (hosts.length == 0) {
            throw new IllegalArgumentException("DataEgress.remote needs at least one host; use localOnly() for none");
        }
        return new DataEgress(new LinkedHashSet<>(Arrays.asList(hosts)), Set.of());
    }

    /**
     * @param propertyNames properties of type URL, HOST or EMAIL whose values name the remote hosts, at least one
     * @return an egress to hosts the admin configures
     */
    public static DataEgress fromConfig(String... propertyNames) {
        Objects.requireNonNull(propertyNames, "propertyNames");
        if (propertyNames.length == 0) {
            throw new IllegalArgumentException("DataEgress.fromConfig needs at least one property name");
        }
        return new DataEgress(Set.of(), new LinkedHashSet<>(Arrays.asList(propertyNames)));
    }

    /**
     * @param propertyNames further properties naming remote hosts
     * @return this egress plus hosts the admin configures
     */
    public DataEgress andFromConfig(String... propertyNames) {
        Set<String> properties = new LinkedHashSet<>(hostProperties);
        properties.addAll(Arrays.asList(propertyNames));
        return new DataEgress(remoteHosts, properties);
    }

    /** @return {@code true} if the connector sends nothing off the node */
    public boolean isLocal() {
        return remoteHosts.isEmpty() && hostProperties.isEmpty();
    }

    /**
     * Resolves configured hosts into concrete ones.
     *
     * <p>Since 1.1.0 every configured host is kept, whatever its name says: whether a host is on site is decided by
     * the appliance from the addresses the name resolves to, when the instance starts and again at every connection
     * through {@link ConnectorContext#http()}, never from the text of the name ({@code 127.example.com} may point
     * anywhere).
     *
     * @param config a validated configuration of the connector this egress belongs to
     * @return an egress whose {@link #remoteHosts()} include the hosts named by {@link #hostProperties()} (unset
     *         optional properties add nothing) and whose {@code hostProperties} is empty
     */
    public DataEgress resolve(ConnectorConfig config) {
        Objects.requireNonNull(config, "config");
        if (hostProperties.isEmpty()) {
            return this;
        }
        Set<String> hosts = new LinkedHashSet<>(remoteHosts);
        for (String property : hostProperties) {
            config.optional(property).map(DataEgress::hostOf).ifPresent(hosts::add);
        }
        return new DataEgress(hosts, Set.of());
    }

    /**
     * Tells whether a host is written as a loopback IP literal ({@code 127.0.0.1}, {@code [::1]},
     * {@code [::ffff:127.0.0.1]}), without asking DNS. A name, {@code localhost} included, is never judged by its
     * text: only the addresses it resolves to can tell, and the appliance checks those.
     *
     * @param host a host name or IP literal
     * @return whether it is a loopback IP literal
     * @deprecated since 1.1.0: residency is decided from resolved addresses by the appliance; this looks at text only
     */
    @Deprecated(since = "1.1.0")
    public static boolean isLoopback(String host) {
        String h = Objects.requireNonNull(host, "host").trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        // Only an IP literal is parsed, so no lookup happens: dotted digits, or hex groups with colons.
        boolean dotted = h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (dotted ? !Arrays.stream(h.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255)
                : !h.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false; // the JDK would look a malformed dotted quad up as a name
        }
        try {
            return java.net.InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String hostOf(String value) {
        String v = value.trim();
        if (v.contains("://")) {
            String host = URI.create(v).getHost();
            return host == null ? v : host;
        }
        int at = v.lastIndexOf('@');
        return at >= 0 ? v.substring(at + 1) : v;
    }

    /**
     * @param host a host the connector is about to contact
     * @return whether it is declared (directly or by a {@code *.} wildcard); hosts of {@link #hostProperties()} count
     *         only after {@link #resolve(ConnectorConfig)}
     */
    public boolean allows(String host) {
        String h = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        for (String declared : remoteHosts) {
            if (declared.equals(h) || (declared.startsWith("*.") && h.endsWith(declared.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
