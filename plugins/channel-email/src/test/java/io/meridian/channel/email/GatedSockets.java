package io.meridian.channel.email;

import io.meridian.spi.EgressRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * A socket factory standing in for the appliance's residency-checked one: every connect is recorded (host as the
 * caller named it, and port) and then either made or refused with {@link EgressRefusedException}, as the test says
 * at that moment. The appliance's factory itself is tested against real resolvers in the appliance.
 */
final class GatedSockets extends SocketFactory {

    /** One connect the plugin asked for: the host name as given, and the port. */
    record Connect(String host, int port) {
    }

    private final List<Connect> connects = new CopyOnWriteArrayList<>();
    private final List<Socket> made = new CopyOnWriteArrayList<>();
    private volatile String refusal;

    /** From now on every connect is refused with this reason. */
    void refuse(String reason) {
        this.refusal = reason;
    }

    /** Every connect asked for so far, refused ones included. */
    List<Connect> connects() {
        return List.copyOf(connects);
    }

    /** Closes every socket connected so far, as a server or network dropping the connections would. */
    void dropAll() throws IOException {
        for (Socket socket : made) {
            socket.close();
        }
    }

    @Override
    public Socket createSocket() {
        return new GatedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress remote) throws IOException {
        Socket socket = createSocket();
        socket.connect(remote);
        return socket;
    }

    private final class GatedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetSocketAddress remote = (InetSocketAddress) endpoint;
            connects.add(new Connect(remote.getHostString(), remote.getPort()));
            String reason = refusal;
            if (reason != null) {
                throw new EgressRefusedException("host '" + remote.getHostString() + "' " + reason);
            }
            super.connect(new InetSocketAddress(InetAddress.getByName(remote.getHostString()), remote.getPort()),
                    timeout);
            made.add(this);
        }
    }
}
