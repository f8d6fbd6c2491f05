package io.meridian.channel.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal SMTP server on a loopback port that accepts the connection and answers RCPT TO with a chosen reply,
 * so tests can see how a temporary (4xx) and a permanent (5xx) refusal are reported. One connection at a time.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String rcptReply;
    private final Thread thread;

    /** @param rcptReply the full reply line to RCPT TO, e.g. {@code 550 5.1.1 <x@y> user unknown} */
    ScriptedSmtpServer(String rcptReply) throws IOException {
        this.socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.rcptReply = rcptReply;
        this.thread = new Thread(this::serve, "scripted-smtp");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.US_ASCII));
                Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
                reply(out, "220 scripted.test ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.toUpperCase(Locale.ROOT);
                    if (command.startsWith("EHLO")) {
                        reply(out, "250-scripted.test\r\n250 8BITMIME");
                    } else if (command.startsWith("HELO") || command.startsWith("MAIL FROM")
                            || command.startsWith("RSET") || command.startsWith("NOOP")) {
                        reply(out, "250 OK");
                    } else if (command.startsWith("RCPT TO")) {
                        reply(out, rcptReply);
                    } else if (command.startsWith("QUIT")) {
                        reply(out, "221 bye");
                        break;
                    } else {
                        reply(out, "502 not implemented");
                    }
                }
            } catch (IOException e) {
                // the test closed the socket, or the client went away
            }
        }
    }

    private static void reply(Writer out, String text) throws IOException {
        out.write(text + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
