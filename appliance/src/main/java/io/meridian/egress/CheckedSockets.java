package io.meridian.egress;

import io.meridian.spi.DataEgress;
import io.vertx.core.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * The socket factories connectors get ({@link io.meridian.spi.ConnectorContext#sockets()}) for connections that are
 * not HTTP (IMAP, SMTP): every socket, when it connects, resolves the host name it was given and checks every address
 * with the {@link EgressRule}, then connects to the address it checked. The address the caller may have resolved
 * beforehand (an {@link InetSocketAddress} made from a name resolves it at once) is ignored, so there is no gap
 * between check and connection for DNS to change the answer in. TLS is layered over these plain sockets by the caller,
 * with the host name.
 *
 * <p>Connecting blocks; it refuses to run on an event loop. Thread-safe.
 */
public final class CheckedSockets {

    private final EgressRule rule;

    public CheckedSockets(EgressRule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The factory as one instance sees it: checked against {@code egress} (as {@link EgressRule#classify} left it). */
    public SocketFactory forInstance(DataEgress egress) {
        return new InstanceSockets(rule, Objects.requireNonNull(egress, "egress"));
    }

    private static final class InstanceSockets extends SocketFactory {

        private final EgressRule rule;
        private final DataEgress egress;

        InstanceSockets(EgressRule rule, DataEgress egress) {
            this.rule = rule;
            this.egress = egress;
        }

        @Override
        public Socket createSocket() {
            return new CheckedSocket(rule, egress);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(InetSocketAddress.createUnresolved(host, port), null);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(InetSocketAddress.createUnresolved(host, port),
                    new InetSocketAddress(localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
        }

        private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
            Socket socket = createSocket();
            try {
                if (local != null) {
                    socket.bind(local);
                }
                socket.connect(remote);
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    /** A plain socket whose every connect goes through the rule. */
    private static final class CheckedSocket extends Socket {

        private final EgressRule rule;
        private final DataEgress egress;

        CheckedSocket(EgressRule rule, DataEgress egress) {
            this.rule = rule;
            this.egress = egress;
        }

        /** {@link Socket#connect(SocketAddress)} comes here too, with no timeout. */
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress remote)) {
                throw new IllegalArgumentException("only an InetSocketAddress can be checked, got " + endpoint);
            }
            if (Context.isOnEventLoopThread()) {
                throw new IllegalStateException("a checked socket connects blocking; connect on a plugin thread, not "
                        + "an event loop");
            }
            // The name as the caller wrote it (or the literal): never the address the caller's lookup produced.
            InetAddress address = rule.check(remote.getHostString(), egress);
            super.connect(new InetSocketAddress(address, remote.getPort()), timeout);
        }
    }
}
