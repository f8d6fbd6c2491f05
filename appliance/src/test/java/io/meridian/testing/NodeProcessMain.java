package io.meridian.testing;

import io.meridian.boot.Main;
import java.io.IOException;

/**
 * Entry point of the node process a benchmark starts: {@code Main run}, plus a guard that ends the node when the
 * benchmark's JVM goes away. The benchmark holds the other end of this process's standard input; when that JVM exits,
 * even killed, the pipe closes and the guard exits, so Main's shutdown hook stops the node cleanly. No node outlives
 * the run that started it.
 */
public final class NodeProcessMain {

    private NodeProcessMain() {
    }

    public static void main(String[] args) {
        Thread guard = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // Nothing is ever sent; only the end of the stream matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same as its end: the benchmark is gone.
            }
            System.exit(0);
        }, "bench-parent-guard");
        guard.setDaemon(true);
        guard.start();
        Main.main(new String[] {"run"});
    }
}
