package io.meridian.conversation;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.store.StoreEngine;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NoPlaintextAtRestTest {

    private static final List<Charset> ENCODINGS =
            List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);

    @TempDir
    Path dataDir;

    /**
     * Verifies that after a conversation whose text, contact name, e-mail and visitor token carry a unique marker is
     * stored and the store is closed, no file under the data directory (database pages, transaction log, Derby's
     * log, everything) contains the marker in UTF-8 or UTF-16 either byte order, in its own case or lower case.
     * A control file proves the scan finds the marker where it is.
     */
    @Test
    void leavesNoPersonalDataInPlaintext(Vertx vertx) throws IOException {
        String marker = "ZQX" + UUID.randomUUID().toString().replace("-", "");
        Path control = dataDir.resolve("control.txt");
        Files.write(control, ("before " + marker + " after").getBytes(StandardCharsets.UTF_16LE));
        assertTrue(hits(dataDir, marker).contains("control.txt: UTF-16LE " + marker), "the scan finds a planted marker");
        Files.delete(control);

        // Derby's own files; EncryptedAtRestTest scans PostgreSQL's.
        try (ConversationFixture fixture = new ConversationFixture(vertx, dataDir, StoreEngine.DERBY)) {
            ConversationService service = fixture.newService();
            VisitorIdentity visitor = await(service.identifyVisitor(null,
                    new VisitorProfile("en-GB", "Europe/London", "Name " + marker, marker + "@Example.com")));
            await(service.identifyVisitor(visitor.visitorToken(),
                    new VisitorProfile(null, null, "Renamed " + marker, "again." + marker + "@example.com")));
            Appended first = await(service.appendVisitorMessage(visitor.contactId(), "m1", "My secret is " + marker));
            String conversation = first.message().conversationId();
            await(service.appendAgentMessage(conversation, "agent-1", "Agent", "a1", "Noted: " + marker));
            await(service.appendVisitorMessage(visitor.contactId(), "m2", marker.repeat(50)));
            await(service.close(conversation));
            await(service.appendVisitorMessage(visitor.contactId(), "m3", "日本語 " + marker));
            // The data really is there and readable through the service.
            assertTrue(await(service.messages(conversation, 0, 10)).get(0).text().contains(marker));
            assertTrue(await(service.latestConversation(visitor.contactId())).orElseThrow().contactName().contains(marker));
        }

        assertTrue(countFiles(dataDir) > 10, "the scan must cover the database files");
        assertTrue(Files.isRegularFile(dataDir.resolve("derby.log")), "Derby's log is inside the scanned directory");
        assertEquals(List.of(), hits(dataDir, marker));
    }

    /** Every file and encoding in which the marker (or its lower-case form) occurs, as "relative/path: ENCODING marker". */
    private static List<String> hits(Path root, String marker) throws IOException {
        List<String> hits = new ArrayList<>();
        List<String> variants = List.of(marker, marker.toLowerCase(Locale.ROOT));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] content = Files.readAllBytes(file);
                for (String variant : variants) {
                    for (Charset charset : ENCODINGS) {
                        String hit = root.relativize(file) + ": " + charset.name() + " " + variant;
                        if (indexOf(content, variant.getBytes(charset)) >= 0 && !hits.contains(hit)) {
                            hits.add(hit);
                        }
                    }
                }
            }
        }
        return hits;
    }

    private static long countFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
