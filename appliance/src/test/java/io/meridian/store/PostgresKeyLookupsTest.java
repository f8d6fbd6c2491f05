package io.meridian.store;

import static io.meridian.store.StoreTesting.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL the driver types a string parameter {@code varchar}, while the keys are {@code CHAR(36)}: the server
 * must cast the parameter, not the column, or no key's index could serve a lookup. Checked on the plans PostgreSQL
 * makes for the statements as the repositories send them (a generic plan, as a statement prepared once gets), with
 * sequential scans priced out so that only an index that cannot be used would show one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresKeyLookupsTest {

    @TempDir
    Path dir;

    @Test
    void keyLookupsWithStringParametersUseTheKeysIndexes(Vertx vertx) {
        try (Store store = TestStores.place(StoreEngine.POSTGRESQL, dir).open(vertx, 8)) {
            for (String lookup : List.of(
                    "SELECT seq FROM messages WHERE conversation_id = ? AND seq > 0",
                    "SELECT status FROM conversations WHERE id = ?",
                    "SELECT region FROM contacts WHERE id = ?",
                    "SELECT contact_id FROM contact_identities WHERE kind = 'visitor' AND blind_index = ?",
                    "SELECT id FROM messages WHERE contact_id = ? AND author = 'VISITOR' AND client_msg_id = ?")) {
                String plan = await(store.read(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET plan_cache_mode = force_generic_plan");
                        s.execute("SET enable_seqscan = off");
                    }
                    try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + lookup)) {
                        int parameters = (int) lookup.chars().filter(ch -> ch == '?').count();
                        for (int i = 1; i <= parameters; i++) {
                            explain.setString(i, "0190a5f0-0000-7000-8000-000000000000");
                        }
                        StringBuilder lines = new StringBuilder();
                        try (ResultSet rs = explain.executeQuery()) {
                            while (rs.next()) {
                                lines.append(rs.getString(1)).append('\n');
                            }
                        }
                        return lines.toString();
                    } finally {
                        try (Statement s = c.createStatement()) {
                            s.execute("RESET ALL");
                        }
                    }
                }));
                assertTrue(plan.contains("Index"), lookup + " uses an index:\n" + plan);
                assertFalse(plan.contains("Seq Scan"), lookup + " reads no table whole:\n" + plan);
            }
        }
    }
}
