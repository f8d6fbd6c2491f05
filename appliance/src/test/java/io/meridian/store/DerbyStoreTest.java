package io.meridian.store;

import static io.meridian.store.StoreTesting.await;
import static io.meridian.store.TestNotes.createNotes;
import static io.meridian.store.TestNotes.insertNote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded Derby store does: its storage key, its encrypted files, its log beside the database. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DerbyStoreTest {

    @TempDir
    Path dir;

    private final byte[] key = StoreTesting.newStorageKey();

    /** Verifies that a database created with one key refuses to boot with another, and still boots with its own. */
    @Test
    void refusesAWrongStorageKey(Vertx vertx) throws Exception {
        Path db = dir.resolve("db");
        try (Store store = Store.open(vertx, db, key, 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "kept")));
        }
        byte[] otherKey = StoreTesting.newStorageKey();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Store.open(vertx, db, otherKey, 16));
        assertTrue(refused.getMessage().contains("storage key does not match"), refused.getMessage());
        try (Store store = Store.open(vertx, db, key, 16)) {
            assertEquals(List.of("kept"), await(store.read(TestNotes::notes)));
        }
        String hex = HexFormat.of().formatHex(otherKey);
        String log = Files.readString(dir.resolve("derby.log"));
        assertFalse(log.toLowerCase(Locale.ROOT).contains(hex) || log.contains(HexFormat.of().formatHex(key)),
                "Derby's log must never contain a storage key");
    }

    /** Verifies that Flyway created the schema, that Derby's log sits beside the database, and that data survives a reboot. */
    @Test
    void migratesAndKeepsDataAcrossRestarts(Vertx vertx) {
        Path db = dir.resolve("db");
        try (Store store = Store.open(vertx, db, key, 16)) {
            assertTrue(await(store.<Boolean>read(c -> StoreTest.tableExists(c, "flyway_schema_history"))));
            assertTrue(await(store.<Boolean>read(c -> StoreTest.tableExists(c, "messages"))));
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, "before restart")));
        }
        assertTrue(Files.isRegularFile(dir.resolve("derby.log")), "derby.log beside the database directory");
        assertTrue(Files.isRegularFile(db.resolve("service.properties")));
        try (Store store = Store.open(vertx, db, key, 16)) {
            assertEquals(List.of("before restart"), await(store.read(TestNotes::notes)));
        }
    }

    /**
     * Verifies that Derby's own encryption is on: a value stored in plaintext through SQL appears in no file of the
     * database (pages or transaction log), while the same scan finds it in a control file.
     */
    @Test
    void encryptsTheDatabaseFiles(Vertx vertx) throws Exception {
        String marker = "PLAIN" + UUID.randomUUID().toString().replace("-", "");
        Path db = dir.resolve("db");
        try (Store store = Store.open(vertx, db, key, 16)) {
            createNotes(store);
            await(store.write(c -> insertNote(c, 1, marker)));
        }
        Path control = dir.resolve("control.bin");
        Files.write(control, ("x" + marker + "x").getBytes(StandardCharsets.UTF_8));
        assertTrue(filesContaining(dir, marker).contains(control), "the scan finds a planted value");
        Files.delete(control);
        assertEquals(List.of(), filesContaining(dir, marker));
    }

    static List<Path> filesContaining(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] content = Files.readAllBytes(file);
                outer:
                for (int i = 0; i <= content.length - needle.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (content[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    hits.add(file);
                    break;
                }
            }
        }
        return hits;
    }

}
