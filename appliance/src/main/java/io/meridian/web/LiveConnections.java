package io.meridian.web;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the WebSockets open on this node, for JMX and the benchmark. */
public final class LiveConnections {

    private final AtomicInteger visitors = new AtomicInteger();
    private final AtomicInteger consoles = new AtomicInteger();

    public void visitorOpened() {
        visitors.incrementAndGet();
    }

    public void visitorClosed() {
        visitors.decrementAndGet();
    }

    public void consoleOpened() {
        consoles.incrementAndGet();
    }

    public void consoleClosed() {
        consoles.decrementAndGet();
    }

    public int visitors() {
        return visitors.get();
    }

    public int consoles() {
        return consoles.get();
    }

    public int total() {
        return visitors() + consoles();
    }
}
