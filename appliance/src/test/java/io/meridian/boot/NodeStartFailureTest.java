package io.meridian.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.meridian.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose start fails part-way stops what it started, in reverse, before it reports the failure: the store it
 * opened is shut down (Derby removes its lock file only on a clean shutdown), and the data directory serves the next
 * start. Derby's lock file tells whether the store is open, so the test pins the embedded engine.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeStartFailureTest {

    @Test
    void aPortTakenFailsTheStartNamingThePartAndReleasesTheStore(Vertx vertx, @TempDir Path dir) throws Exception {
        Path lock = dir.resolve("db").resolve("db.lck");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Future<TestNode> start = TestNode.start(vertx, dir,
                    Map.of("MERIDIAN_HTTP_PORT", String.valueOf(taken.getLocalPort()), "MERIDIAN_STORE_ENGINE", "derby"));
            Throwable failure = Await.failure(start, "starting on a taken port");
            assertTrue(failure.getMessage().contains("Starting the web server failed"), failure.getMessage());
            assertTrue(Files.isDirectory(dir.resolve("db")), "the store was opened before the web server");
            assertFalse(Files.exists(lock), "the store is shut down after the failed start");
        }
        TestNode node = Await.result(TestNode.start(vertx, dir, Map.of("MERIDIAN_STORE_ENGINE", "derby")),
                "starting again on a free port");
        assertTrue(Files.exists(lock), "the store is open while the node runs");
        Await.result(node.node().stop(), "stopping");
        assertFalse(Files.exists(lock), "the store is shut down when the node stops");
    }
}
