package io.meridian.translation;

import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The glossary per language pair (table translation_glossary): staff configuration, kept in the clear. Every change
 * bumps the pair's version, which is part of the translation cache key.
 */
public final class GlossaryStore {

    private final Store store;

    public GlossaryStore(Store store) {
        this.store = store;
    }

    /** The pair's terms, ordered by source term. */
    public Future<List<GlossaryEntry>> entries(LanguagePair pair) {
        return store.read(c -> entries(c, pair));
    }

    /** Every term of every pair. */
    public Future<List<GlossaryEntry>> all() {
        return store.read(c -> query(c, "SELECT id, source_lang, target_lang, source_term, target_term, do_not_translate"
                + " FROM translation_glossary ORDER BY source_lang, target_lang, source_term", null));
    }

    /** The pair's terms as the engines take them. */
    public Future<List<GlossaryTerm>> terms(LanguagePair pair) {
        return entries(pair).map(list -> list.stream().map(GlossaryEntry::term).toList());
    }

    /** The pair's glossary version (0 before the first change). */
    public Future<Long> version(LanguagePair pair) {
        return store.read(c -> version(c, pair));
    }

    /** Adds the terms, replacing a term with the same source; one transaction. Returns how many were written. */
    public Future<Integer> put(LanguagePair pair, List<GlossaryTerm> terms) {
        return store.write(c -> {
            int n = 0;
            for (GlossaryTerm term : terms) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM translation_glossary"
                        + " WHERE source_lang = ? AND target_lang = ? AND source_term = ?")) {
                    d.setString(1, pair.source());
                    d.setString(2, pair.target());
                    d.setString(3, term.source());
                    d.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO translation_glossary (id, source_lang,"
                        + " target_lang, source_term, target_term, do_not_translate, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, UUID.randomUUID().toString());
                    s.setString(2, pair.source());
                    s.setString(3, pair.target());
                    s.setString(4, term.source());
                    s.setString(5, term.doNotTranslate() ? null : term.target());
                    s.setBoolean(6, term.doNotTranslate());
                    s.setTimestamp(7, Timestamp.from(Instant.now()));
                    n += s.executeUpdate();
                }
            }
            bump(c, pair);
            return n;
        });
    }

    /** What an import did to a pair's glossary. */
    public record Merged(int added, int updated, int unchanged) {
    }

    /**
     * Adds the terms, replacing the target or do-not-translate flag of a term with the same source; one transaction,
     * so a failure changes nothing. The pair's version is bumped only when something changed (the cache stays valid
     * when a term base is imported again as it was).
     */
    public Future<Merged> merge(LanguagePair pair, List<GlossaryTerm> terms) {
        return store.write(c -> {
            java.util.Map<String, GlossaryEntry> existing = new java.util.HashMap<>();
            for (GlossaryEntry e : entries(c, pair)) {
                existing.put(e.term().source(), e);
            }
            int added = 0;
            int updated = 0;
            int unchanged = 0;
            Timestamp now = Timestamp.from(Instant.now());
            for (GlossaryTerm term : terms) {
                String target = term.doNotTranslate() ? null : term.target();
                GlossaryEntry old = existing.get(term.source());
                if (old != null && old.term().doNotTranslate() == term.doNotTranslate()
                        && java.util.Objects.equals(old.term().doNotTranslate() ? null : old.term().target(), target)) {
                    unchanged++;
                } else if (old != null) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE translation_glossary SET target_term = ?,"
                            + " do_not_translate = ?, updated_at = ? WHERE id = ?")) {
                        s.setString(1, target);
                        s.setBoolean(2, term.doNotTranslate());
                        s.setTimestamp(3, now);
                        s.setString(4, old.id());
                        s.executeUpdate();
                    }
                    existing.put(term.source(), new GlossaryEntry(old.id(), pair, term));
                    updated++;
                } else {
                    String id = UUID.randomUUID().toString();
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO translation_glossary (id, source_lang,"
                            + " target_lang, source_term, target_term, do_not_translate, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        s.setString(1, id);
                        s.setString(2, pair.source());
                        s.setString(3, pair.target());
                        s.setString(4, term.source());
                        s.setString(5, target);
                        s.setBoolean(6, term.doNotTranslate());
                        s.setTimestamp(7, now);
                        s.executeUpdate();
                    }
                    existing.put(term.source(), new GlossaryEntry(id, pair, term));
                    added++;
                }
            }
            if (added + updated > 0) {
                bump(c, pair);
            }
            return new Merged(added, updated, unchanged);
        });
    }

    /** Removes one term; false if there was none with this id. */
    public Future<Boolean> delete(String id) {
        return store.write(c -> {
            LanguagePair pair = null;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT source_lang, target_lang FROM translation_glossary WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        pair = LanguagePair.of(r.getString(1), r.getString(2));
                    }
                }
            }
            if (pair == null) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM translation_glossary WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            bump(c, pair);
            return true;
        });
    }

    static List<GlossaryEntry> entries(Connection c, LanguagePair pair) throws SQLException {
        return query(c, "SELECT id, source_lang, target_lang, source_term, target_term, do_not_translate"
                + " FROM translation_glossary WHERE source_lang = ? AND target_lang = ? ORDER BY source_term", pair);
    }

    static long version(Connection c, LanguagePair pair) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM translation_glossary_versions"
                + " WHERE source_lang = ? AND target_lang = ?")) {
            s.setString(1, pair.source());
            s.setString(2, pair.target());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        }
    }

    private static void bump(Connection c, LanguagePair pair) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE translation_glossary_versions SET version = version + 1"
                + " WHERE source_lang = ? AND target_lang = ?")) {
            s.setString(1, pair.source());
            s.setString(2, pair.target());
            if (s.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO translation_glossary_versions"
                + " (source_lang, target_lang, version) VALUES (?, ?, 1)")) {
            s.setString(1, pair.source());
            s.setString(2, pair.target());
            s.executeUpdate();
        }
    }

    private static List<GlossaryEntry> query(Connection c, String sql, LanguagePair pair) throws SQLException {
        List<GlossaryEntry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (pair != null) {
                s.setString(1, pair.source());
                s.setString(2, pair.target());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    boolean keep = r.getBoolean(6);
                    GlossaryTerm term = keep ? GlossaryTerm.keep(r.getString(4))
                            : GlossaryTerm.translate(r.getString(4), r.getString(5));
                    out.add(new GlossaryEntry(r.getString(1), LanguagePair.of(r.getString(2), r.getString(3)), term));
                }
            }
        }
        return out;
    }
}
