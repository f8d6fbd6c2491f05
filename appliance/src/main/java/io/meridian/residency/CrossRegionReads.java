package io.meridian.residency;

import io.meridian.store.Store;
import io.meridian.store.TimeOrderedIds;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The access records of the home region: which agent of which other region read or answered which conversation, under
 * which policy, and when (table {@code cross_region_reads}, migration V18). Staff data and ids only: no customer text.
 */
public final class CrossRegionReads {

    /** One read or reply from another region. {@code what}: {@code list}, {@code messages} or {@code reply}. */
    public record Read(String conversationId, String readerId, String readerName, String readerRegion,
            CrossRegionPolicy.Access access, String what, Instant at) {
    }

    static final int MAX_LISTED = 500;

    private final Store store;
    private final Clock clock;

    public CrossRegionReads(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records one read ({@code what}) of each of the conversations, in one write. */
    Future<Void> record(List<String> conversationIds, Reader reader, CrossRegionPolicy.Access access, String what) {
        Instant now = clock.instant();
        return store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO cross_region_reads (id, conversation_id, "
                    + "reader_id, reader_name, reader_region, access, what, read_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (String conversationId : conversationIds) {
                    s.setString(1, TimeOrderedIds.next());
                    s.setString(2, conversationId);
                    s.setString(3, reader.id());
                    s.setString(4, reader.name());
                    s.setString(5, reader.region());
                    s.setString(6, access.label());
                    s.setString(7, what);
                    s.setTimestamp(8, Timestamp.from(now));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /** Who took each conversation last (agent id, name and region), from the take records. */
    Future<Map<String, TakenConversations.Taker>> takers() {
        return store.read(c -> {
            Map<String, TakenConversations.Taker> takers = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT conversation_id, reader_id, reader_name, "
                    + "reader_region FROM cross_region_reads WHERE what = 'take' ORDER BY read_at, id")) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        takers.put(rs.getString(1), new TakenConversations.Taker(rs.getString(2), rs.getString(3),
                                rs.getString(4)));
                    }
                }
            }
            return takers;
        });
    }

    /** The conversation's reads from other regions, newest first (at most {@value #MAX_LISTED}). */
    public Future<List<Read>> of(String conversationId) {
        return store.read(c -> list(c, conversationId));
    }

    private static List<Read> list(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT reader_id, reader_name, reader_region, access, what, "
                + "read_at FROM cross_region_reads WHERE conversation_id = ? ORDER BY read_at DESC, id DESC "
                + "FETCH FIRST " + MAX_LISTED + " ROWS ONLY")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                List<Read> reads = new ArrayList<>();
                while (rs.next()) {
                    reads.add(new Read(conversationId, rs.getString(1), rs.getString(2), rs.getString(3),
                            CrossRegionPolicy.access(rs.getString(4)), rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
                return reads;
            }
        }
    }

    /** Who reads from another region: an agent's id and display name (staff data), and their node's region. */
    record Reader(String id, String name, String region) {
    }
}
