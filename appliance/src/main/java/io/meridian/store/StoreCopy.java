package io.meridian.store;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Copies every record of a stopped node's Derby store into an empty PostgreSQL database ({@code bin/meridian
 * store-copy}): row by row, values as they are (sealed columns stay the same ciphertext under the same keys, which
 * stay in the node's key store; times to the microsecond, PostgreSQL's precision), in an order that satisfies the
 * foreign keys. Then it reads both back and compares,
 * per table, the row count and a checksum of the rows (independent of order, which the two engines may sort
 * differently).
 * <p>
 * The target is marked in {@code store_copies} before the first row and after the last check: a copy that was
 * interrupted is found at the next run, which empties the target and starts again; a finished copy is never
 * overwritten; a database with data of its own is refused.
 */
public final class StoreCopy {

    /** Rows sent to PostgreSQL in one batch. */
    static final int BATCH = 500;
    /** Tables of Flyway and of the copy itself: each database keeps its own. */
    private static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "store_copies");
    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(
            () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    /** One table: its rows, and the checksum both engines gave for them. */
    public record TableReport(String table, long rows, String checksum) {
    }

    /** The copy: its tables in the order copied, how long it took, whether an interrupted copy was undone first. */
    public record Report(List<TableReport> tables, Duration took, boolean restartedInterruptedCopy) {

        public long rows() {
            return tables.stream().mapToLong(TableReport::rows).sum();
        }

        /** A table of tables, rows and checksums, then the totals. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            if (restartedInterruptedCopy) {
                text.append("An interrupted earlier copy was found and emptied; copied again from scratch.\n");
            }
            text.append(String.format(Locale.ROOT, "%-32s %10s  %s%n", "table", "rows", "checksum (same on both)"));
            for (TableReport t : tables) {
                text.append(String.format(Locale.ROOT, "%-32s %10d  %s%n", t.table(), t.rows(), t.checksum()));
            }
            text.append(String.format(Locale.ROOT, "%d tables, %d rows, copied and verified in %.1f s", tables.size(),
                    rows(), took.toMillis() / 1000.0));
            return text.toString();
        }
    }

    private StoreCopy() {
    }

    /**
     * Copies the Derby store at {@code derbyDir} (opened with {@code storageKey}; its schema brought up to date first)
     * into the PostgreSQL database of {@code target} (migrated to the same version). BLOCKING; the node must be
     * stopped.
     *
     * @throws IllegalStateException when a database cannot be opened, the target already holds data or a finished
     *                               copy, or a table's rows differ after the copy (the copy stays marked
     *                               interrupted, so a rerun starts again)
     */
    public static Report toPostgres(Path derbyDir, byte[] storageKey, PostgresSettings target, Clock clock) {
        Instant started = clock.instant();
        DerbyDatabase derby = DerbyDatabase.boot(derbyDir, storageKey, DerbyDatabase.DEFAULT_PAGE_CACHE_PAGES);
        try {
            Migrations.apply(derby.dataSource(), StoreEngine.DERBY);
            PostgresDatabase postgres = PostgresDatabase.open(target);
            Migrations.apply(postgres.dataSource(), StoreEngine.POSTGRESQL);
            try (Connection from = derby.connect(); Connection to = postgres.connect()) {
                from.setReadOnly(true);
                List<String> tables = inCopyOrder(from);
                boolean restarted = prepare(to, tables);
                String copyId = UUID.randomUUID().toString();
                mark(to, copyId, derbyDir.toAbsolutePath().toString(), clock);
                to.setAutoCommit(false);
                List<TableReport> reports = new ArrayList<>();
                for (String table : tables) {
                    long copied = copyTable(from, to, table);
                    Checksum source = checksum(from, table);
                    Checksum copy = checksum(to, table);
                    if (source.rows != copied || !source.equals(copy)) {
                        throw new IllegalStateException("Table " + table + " differs after the copy: " + source.rows
                                + " rows (checksum " + source.hex() + ") in Derby, " + copy.rows + " rows (checksum "
                                + copy.hex() + ") in PostgreSQL; run store-copy again to start from scratch");
                    }
                    reports.add(new TableReport(table, copy.rows, copy.hex()));
                }
                finish(to, copyId, clock);
                return new Report(reports, Duration.between(started, clock.instant()), restarted);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The copy failed: " + e.getMessage()
                    + " (run store-copy again: it starts from scratch)", e);
        } finally {
            derby.shutdown();
        }
    }

    /** The node's tables (Derby's names, lower case), each after the tables its foreign keys point to. */
    static List<String> inCopyOrder(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!NOT_COPIED.contains(table)) {
                    tables.add(table);
                }
            }
        }
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String table : tables) {
            Set<String> referenced = new LinkedHashSet<>();
            try (ResultSet rs = meta.getImportedKeys(null, schema, table.toUpperCase(Locale.ROOT))) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(table)) {
                        referenced.add(parent);
                    }
                }
            }
            parents.put(table, referenced);
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < tables.size()) {
            int before = ordered.size();
            for (String table : tables) {
                if (!ordered.contains(table) && ordered.containsAll(parents.get(table))) {
                    ordered.add(table);
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("The foreign keys between these tables form a cycle: "
                        + tables.stream().filter(t -> !ordered.contains(t)).toList());
            }
        }
        return ordered;
    }

    /**
     * Makes sure the target may be filled: empty, or holding only an interrupted copy (emptied here). Returns whether
     * an interrupted copy was emptied.
     */
    private static boolean prepare(Connection to, List<String> tables) throws SQLException {
        String interrupted = null;
        try (Statement s = to.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, source, started_at FROM store_copies")) {
            while (rs.next()) {
                if ("DONE".equals(rs.getString(1))) {
                    throw new IllegalStateException("This PostgreSQL database already holds a finished copy of "
                            + rs.getString(2) + " (made " + rs.getTimestamp(3, UTC.get()).toInstant() + "); "
                            + "store-copy fills only an empty database");
                }
                interrupted = rs.getString(2);
            }
        }
        if (interrupted == null) {
            for (String table : tables) {
                try (Statement s = to.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        throw new IllegalStateException("This PostgreSQL database is not empty (" + rs.getLong(1)
                                + " rows in " + table + "); store-copy fills only an empty database");
                    }
                }
            }
            return false;
        }
        try (Statement s = to.createStatement()) {
            s.execute("TRUNCATE " + String.join(", ", tables));
            s.execute("DELETE FROM store_copies");
        }
        return true;
    }

    private static void mark(Connection to, String copyId, String source, Clock clock) throws SQLException {
        try (PreparedStatement s = to.prepareStatement(
                "INSERT INTO store_copies (id, source, state, started_at) VALUES (?, ?, 'COPYING', ?)")) {
            s.setString(1, copyId);
            s.setString(2, source.length() > 1024 ? source.substring(source.length() - 1024) : source);
            s.setTimestamp(3, Timestamp.from(clock.instant()), UTC.get());
            s.executeUpdate();
        }
    }

    private static void finish(Connection to, String copyId, Clock clock) throws SQLException {
        try (PreparedStatement s = to.prepareStatement(
                "UPDATE store_copies SET state = 'DONE', finished_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()), UTC.get());
            s.setString(2, copyId);
            s.executeUpdate();
        }
        to.commit();
    }

    /** Copies one table's rows in batches and commits; returns how many. */
    private static long copyTable(Connection from, Connection to, String table) throws SQLException {
        List<String> identity = identityColumns(to, table);
        long rows = 0;
        try (Statement read = from.createStatement()) {
            ResultSet rs = read.executeQuery("SELECT * FROM " + table);
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            // A Derby identity value is copied as it was, so PostgreSQL must take it instead of making its own.
            String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ")"
                    + (identity.isEmpty() ? "" : " OVERRIDING SYSTEM VALUE")
                    + " VALUES (" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
            try (PreparedStatement write = to.prepareStatement(insert)) {
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        bind(write, i, meta.getColumnType(i), rs);
                    }
                    write.addBatch();
                    if (++rows % BATCH == 0) {
                        write.executeBatch();
                    }
                }
                if (rows % BATCH != 0) {
                    write.executeBatch();
                }
            }
        }
        for (String column : identity) {
            // The next generated value follows the copied ones.
            try (Statement s = to.createStatement()) {
                s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), "
                        + "COALESCE((SELECT MAX(" + column + ") FROM " + table + "), 0) + 1, false)");
            }
        }
        to.commit();
        return rows;
    }

    private static List<String> identityColumns(Connection to, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement s = to.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    /** Passes column {@code i} of Derby's row on, keeping its exact value. */
    private static void bind(PreparedStatement write, int i, int type, ResultSet rs) throws SQLException {
        switch (type) {
            case Types.BLOB, Types.VARBINARY, Types.BINARY, Types.LONGVARBINARY -> write.setBytes(i, rs.getBytes(i));
            case Types.TIMESTAMP -> write.setTimestamp(i, rs.getTimestamp(i, UTC.get()), UTC.get());
            case Types.BOOLEAN, Types.BIT -> {
                boolean value = rs.getBoolean(i);
                if (rs.wasNull()) {
                    write.setNull(i, Types.BOOLEAN);
                } else {
                    write.setBoolean(i, value);
                }
            }
            case Types.CLOB, Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR -> write.setString(i, rs.getString(i));
            default -> write.setObject(i, rs.getObject(i));
        }
    }

    /** A table's row count and an order-independent checksum of its rows. */
    record Checksum(long rows, long sum) {
        String hex() {
            return HexFormat.of().toHexDigits(sum);
        }
    }

    /**
     * Sums the first eight bytes of each row's SHA-256 (over its values in a form both engines give alike: bytes,
     * text, UTC times to the microsecond, numbers in plain decimal), so the order rows come in does not matter.
     */
    static Checksum checksum(Connection c, String table) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long rows = 0;
        long sum = 0;
        try (Statement s = c.createStatement()) {
            // PostgreSQL's driver streams rows only in a transaction with a fetch size; else it holds them all.
            s.setFetchSize(BATCH);
            ResultSet rs = s.executeQuery("SELECT * FROM " + table);
            ResultSetMetaData meta = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            // Columns in name order: the engines list them alike, but nothing requires it.
            List<Integer> order = new ArrayList<>();
            names.stream().sorted().forEach(n -> order.add(names.indexOf(n) + 1));
            while (rs.next()) {
                sha.reset();
                for (int i : order) {
                    byte[] value = canonical(rs, i, meta.getColumnType(i));
                    sha.update(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
                    if (value != null) {
                        sha.update(value);
                    }
                }
                sum += ByteBuffer.wrap(sha.digest(), 0, 8).getLong();
                rows++;
            }
        }
        return new Checksum(rows, sum);
    }

    private static byte[] canonical(ResultSet rs, int i, int type) throws SQLException {
        Object value = switch (type) {
            case Types.TIMESTAMP -> rs.getTimestamp(i, UTC.get());
            case Types.BLOB, Types.VARBINARY, Types.BINARY, Types.LONGVARBINARY -> rs.getBytes(i);
            case Types.CLOB -> rs.getString(i);
            default -> rs.getObject(i);
        };
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        String text;
        if (value instanceof Timestamp t) {
            // PostgreSQL keeps times to the microsecond (rounding finer ones); Derby to the nanosecond.
            text = t.toInstant().plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
        } else if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
            text = new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        } else if (value instanceof Blob || value instanceof Clob) {
            throw new IllegalStateException("large object read as " + value.getClass().getName());
        } else {
            text = value.toString();
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
