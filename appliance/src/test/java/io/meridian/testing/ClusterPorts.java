package io.meridian.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Ports for the listeners of clusters and node processes in tests: free now, below Linux's ephemeral range (32768 and
 * up), and not handed out before in this JVM. Outgoing connections (Hazelcast's between members, the test's own clients) and ports picked
 * with {@code new ServerSocket(0)} are ephemeral, so one of them could otherwise take a cluster port in the moment
 * before its node binds it, or again before a restarted node binds it.
 */
public final class ClusterPorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new Random();

    private ClusterPorts() {
    }

    public static synchronized int next() {
        for (int tries = 0; tries < 500; tries++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                HANDED_OUT.add(port);
                return socket.getLocalPort();
            } catch (IOException e) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
