package io.meridian.egress;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses data may go to without leaving the site: loopback always, plus the addresses and CIDR ranges the
 * admin lists in {@code residency.on-site-addresses} (e.g. {@code 10.20.0.0/16}, {@code fd00:1::/48},
 * {@code 192.0.2.7}). An IPv4 address written as IPv6 ({@code ::ffff:127.0.0.1}) is judged as the IPv4 address it is.
 * Immutable and thread-safe.
 */
public final class OnSiteAddresses {

    private final List<IpSubnetFilterRule> ranges;
    private final List<String> listed;

    private OnSiteAddresses(List<IpSubnetFilterRule> ranges, List<String> listed) {
        this.ranges = ranges;
        this.listed = listed;
    }

    /** Loopback only. */
    public static OnSiteAddresses loopbackOnly() {
        return new OnSiteAddresses(List.of(), List.of());
    }

    /**
     * @param entries IP addresses or CIDR ranges, as the admin wrote them
     * @return the on-site addresses
     * @throws IllegalArgumentException naming the first entry that is not an IP literal or CIDR range
     */
    public static OnSiteAddresses parse(List<String> entries) {
        List<IpSubnetFilterRule> ranges = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String ip = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address = literal(ip).orElseThrow(() -> new IllegalArgumentException("'" + entry
                    + "' is not an IP address or CIDR range such as 10.20.0.0/16 or fd00:1::/48"));
            int max = address instanceof Inet4Address ? 32 : 128;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + entry + "': the prefix length must be 0 to " + max);
            }
            ranges.add(new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
            listed.add(entry);
        }
        return new OnSiteAddresses(List.copyOf(ranges), List.copyOf(listed));
    }

    /** Whether data sent to this address stays on site: loopback, or in a listed range. */
    public boolean contains(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule range : ranges) {
            if (range.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    /** The entries as listed, for messages. */
    public List<String> listed() {
        return listed;
    }

    /** Parses an IP literal without ever asking DNS: anything that is not one is refused before the JDK sees it. */
    private static java.util.Optional<InetAddress> literal(String ip) {
        String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        boolean dotted = bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (dotted ? !java.util.Arrays.stream(bare.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255)
                : !bare.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return java.util.Optional.empty(); // the JDK would look a malformed dotted quad up as a name
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }
}
