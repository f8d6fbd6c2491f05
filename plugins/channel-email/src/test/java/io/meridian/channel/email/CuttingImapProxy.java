package io.meridian.channel.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an IMAP server that behaves like a server crashing on one mail: when a server line carries
 * a {@code BODYSTRUCTURE} with {@code marker} in it (e.g. a boundary only that mail has), the connection is cut
 * instead of passing it on; or, built with {@code anyLine}, when any server line carries it (a server that breaks on
 * sending one mail's header or text). Server lines are passed on whole (IMAP responses end with CRLF), so the check
 * never misses a marker split across reads.
 */
final class CuttingImapProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final String marker;
    private final boolean anyLine;
    private final AtomicInteger cuts = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CuttingImapProxy(int serverPort, String marker) throws IOException {
        this(serverPort, marker, false);
    }

    CuttingImapProxy(int serverPort, String marker, boolean anyLine) throws IOException {
        this.serverPort = serverPort;
        this.marker = marker;
        this.anyLine = anyLine;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "imap-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** @return how often a connection was cut on the marked mail */
    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                sockets.add(client);
                sockets.add(server);
                start(() -> pump(client, server, false));
                start(() -> pump(server, client, true));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(Runnable work) {
        Thread t = new Thread(work, "imap-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b != '\n' && (fromServer || line.size() < 1)) {
                    continue;
                }
                if (fromServer) {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    if ((anyLine || text.contains("BODYSTRUCTURE")) && text.contains(marker)) {
                        cuts.incrementAndGet();
                        break; // the "server" dies on this mail
                    }
                }
                out.write(line.toByteArray());
                out.flush();
                line.reset();
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(CuttingImapProxy::closeQuietly);
    }
}
