package io.meridian.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name or IP literal into every address it stands for. The node uses the system's resolver; tests give
 * one whose answers they control. Blocking: call it off the event loop.
 */
@FunctionalInterface
public interface HostResolver {

    /** The system resolver (hosts file, then DNS); an IP literal, bracketed or not, is parsed without a lookup. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param host a host name, or an IP literal (IPv6 in brackets or not)
     * @return every address, at least one
     * @throws UnknownHostException if the name resolves to nothing
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
