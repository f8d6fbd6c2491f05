package io.meridian.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.QueryBuilder;

/**
 * The search index of conversations, a Lucene index in its own directory: one document per conversation (what it is
 * filtered and sorted by, the contact's name as keyed terms) and one per message (its words as keyed terms, its
 * conversation). No text is stored, only keyed fingerprints of words ({@link KeyedTerms}) and the unsealed facts the
 * database holds in clear too (ids, status, channel, team, agent, language, region, times). It is derived data: a
 * damaged or missing index is rebuilt from the store.
 * <p>
 * Every method blocks (file I/O): call them from a worker thread. Writes are visible to searches after
 * {@link #refresh()}, and durable after {@link #commit(Instant)}.
 */
final class ConversationIndex implements Closeable {

    private static final String KEY = "key";
    private static final String KIND = "kind";
    private static final String CONVERSATION = "conversation";
    private static final String MESSAGE = "message";
    static final String CONTACT = "contact";
    static final String STATUS = "status";
    static final String CHANNEL = "channel";
    static final String TEAM = "team";
    static final String AGENT = "agent";
    static final String LANGUAGE = "language";
    static final String REGION = "region";
    private static final String CREATED = "created";
    private static final String ACTIVITY = "activity";
    private static final String TEXT = "text";
    private static final String NAME = "name";
    private static final String INDEXED_UNTIL = "indexed-until";
    private static final String REBUILD_CURSOR = "rebuild-cursor";
    /** Above this many candidates, the filter pass checks each conversation against them instead of looking them up. */
    private static final int LOOKED_UP = 1024;

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final SearchAnalyzer analyzer;
    private final SearchAnalyzer queries;
    private final boolean fresh;

    /** Opens the index in {@code dir}, or makes a new one there (throwing away one that cannot be read). */
    ConversationIndex(Path dir, SecretKey key) throws IOException {
        Files.createDirectories(dir);
        this.analyzer = SearchAnalyzer.forIndex(key);
        this.queries = SearchAnalyzer.forQueries(key);
        this.directory = FSDirectory.open(dir);
        boolean existed = DirectoryReader.indexExists(directory);
        IndexWriter opened;
        try {
            opened = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        } catch (LockObtainFailedException e) {
            directory.close();
            throw e; // another node or process has this index open: not damage
        } catch (IOException e) {
            // Damaged, truncated or of another version: it is derived data, so start again and let the caller
            // rebuild it from the store.
            for (String file : directory.listAll()) {
                directory.deleteFile(file);
            }
            opened = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE));
            existed = false;
        }
        this.writer = opened;
        this.fresh = !existed;
        this.searchers = new SearcherManager(writer, null);
    }

    private IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
        return new IndexWriterConfig(analyzer).setOpenMode(mode).setRAMBufferSizeMB(32);
    }

    /** Whether the index was made new when opened: everything in the store must be indexed again. */
    boolean fresh() {
        return fresh;
    }

    /** Up to when every message was indexed at the last commit; empty for a new index. */
    Optional<Instant> indexedUntil() {
        return committed(INDEXED_UNTIL).flatMap(v -> {
            try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Where a rebuild from the store had got to at the last commit (a message id); empty when none was running. */
    Optional<String> rebuildCursor() {
        return committed(REBUILD_CURSOR);
    }

    private Optional<String> committed(String name) {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (name.equals(e.getKey())) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return Optional.empty();
    }

    void addMessages(Collection<IndexedMessage> messages) throws IOException {
        for (IndexedMessage m : messages) {
            Document doc = new Document();
            doc.add(new StringField(KEY, MESSAGE + ":" + m.id(), Field.Store.NO));
            doc.add(new StringField(KIND, MESSAGE, Field.Store.NO));
            conversationOf(doc, m.conversationId());
            doc.add(new LongPoint(CREATED, m.createdAt().toEpochMilli()));
            doc.add(new TextField(TEXT, m.text(), Field.Store.NO));
            writer.updateDocument(new Term(KEY, MESSAGE + ":" + m.id()), doc);
        }
    }

    void putConversations(Collection<IndexedConversation> conversations) throws IOException {
        for (IndexedConversation c : conversations) {
            Document doc = new Document();
            doc.add(new StringField(KEY, CONVERSATION + ":" + c.id(), Field.Store.NO));
            doc.add(new StringField(KIND, CONVERSATION, Field.Store.NO));
            conversationOf(doc, c.id());
            keyword(doc, CONTACT, c.contactId());
            keyword(doc, STATUS, c.status());
            keyword(doc, CHANNEL, c.channel());
            keyword(doc, TEAM, c.team());
            keyword(doc, AGENT, c.agent());
            keyword(doc, LANGUAGE, c.language());
            keyword(doc, REGION, c.region());
            doc.add(new LongPoint(CREATED, c.createdAt().toEpochMilli()));
            doc.add(new NumericDocValuesField(ACTIVITY, c.lastActivityAt().toEpochMilli()));
            if (c.name() != null && !c.name().isBlank()) {
                doc.add(new TextField(NAME, c.name(), Field.Store.NO));
            }
            writer.updateDocument(new Term(KEY, CONVERSATION + ":" + c.id()), doc);
        }
    }

    /** Removes a conversation and its messages from the index. */
    void forget(String conversationId) throws IOException {
        writer.deleteDocuments(new Term(CONVERSATION, conversationId));
    }

    private static void conversationOf(Document doc, String conversationId) {
        doc.add(new StringField(CONVERSATION, conversationId, Field.Store.NO));
        doc.add(new SortedDocValuesField(CONVERSATION, new BytesRef(conversationId)));
    }

    private static void keyword(Document doc, String field, String value) {
        if (value != null && !value.isEmpty()) {
            doc.add(new StringField(field, value, Field.Store.NO));
        }
    }

    /** Makes what was written so far visible to searches. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /**
     * Makes what was written so far durable, recording that every message written before {@code until} is in and,
     * while a rebuild from the store runs ({@code rebuildCursor} not null), the id it has read up to.
     */
    void commit(Instant until, String rebuildCursor) throws IOException {
        Map<String, String> data = new java.util.HashMap<>();
        data.put(INDEXED_UNTIL, Long.toString(until.toEpochMilli()));
        if (rebuildCursor != null) {
            data.put(REBUILD_CURSOR, rebuildCursor);
        }
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
    }

    /** As {@link #commit(Instant, String)}, with no rebuild running. */
    void commit(Instant until) throws IOException {
        commit(until, null);
    }

    /**
     * The ids of up to {@code limit} conversations matching {@code query}, most recent activity first, and how many
     * match in all. {@code contacts}, if not null, keeps only the conversations of those contacts; {@code among}, if
     * not null, only those conversations.
     */
    Found search(ConversationQuery query, Set<String> contacts, Set<String> among, int limit) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            Set<BytesRef> candidates = among == null ? null : bytes(among);
            boolean searchedWords = false;
            for (String clause : query.clauses()) {
                Set<BytesRef> having = conversationsWith(searcher, clause);
                if (having == null) {
                    continue;
                }
                searchedWords = true;
                if (candidates != null) {
                    having.retainAll(candidates);
                }
                candidates = having;
                if (candidates.isEmpty()) {
                    return new Found(List.of(), 0);
                }
            }
            if (!searchedWords && !query.clauses().isEmpty()) {
                return new Found(List.of(), 0); // words were asked for, but none is a word ("!!!")
            }
            return ranked(searcher, filters(query, contacts, candidates), candidates, limit);
        } finally {
            searchers.release(searcher);
        }
    }

    /** The conversations whose messages or contact name hold the clause as a phrase; null if it has no terms. */
    private Set<BytesRef> conversationsWith(IndexSearcher searcher, String clause) throws IOException {
        QueryBuilder builder = new QueryBuilder(queries);
        Query inText = builder.createPhraseQuery(TEXT, clause);
        Query inName = builder.createPhraseQuery(NAME, clause);
        if (inText == null && inName == null) {
            return null;
        }
        BooleanQuery.Builder either = new BooleanQuery.Builder();
        if (inText != null) {
            either.add(inText, Occur.SHOULD);
        }
        if (inName != null) {
            either.add(inName, Occur.SHOULD);
        }
        ConversationsCollector collector = new ConversationsCollector();
        searcher.search(either.build(), collector);
        return collector.conversations();
    }

    private static Query filters(ConversationQuery q, Set<String> contacts, Set<BytesRef> candidates) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(KIND, CONVERSATION)), Occur.FILTER);
        filter(b, STATUS, q.status());
        filter(b, TEAM, q.team());
        filter(b, CHANNEL, q.channel());
        filter(b, LANGUAGE, q.language());
        filter(b, REGION, q.region());
        filter(b, AGENT, q.agent());
        if (q.from() != null || q.to() != null) {
            long from = q.from() == null ? Long.MIN_VALUE : q.from().toEpochMilli();
            long to = q.to() == null ? Long.MAX_VALUE : q.to().toEpochMilli() - 1;
            b.add(LongPoint.newRangeQuery(CREATED, from, to), Occur.FILTER);
        }
        if (contacts != null) {
            b.add(new TermInSetQuery(CONTACT, bytes(contacts)), Occur.FILTER);
        }
        if (candidates != null && candidates.size() <= LOOKED_UP) {
            b.add(new TermInSetQuery(CONVERSATION, candidates), Occur.FILTER);
        }
        return b.build();
    }

    private static void filter(BooleanQuery.Builder b, String field, String value) {
        if (value != null) {
            b.add(new TermQuery(new Term(field, value)), Occur.FILTER);
        }
    }

    /** The newest {@code limit} conversations matching {@code filters} that are among {@code candidates} (if set). */
    private static Found ranked(IndexSearcher searcher, Query filters, Set<BytesRef> candidates, int limit)
            throws IOException {
        record Hit(String id, long activity) {
        }
        Comparator<Hit> newestFirst = Comparator.comparingLong(Hit::activity).reversed().thenComparing(Hit::id);
        PriorityQueue<Hit> kept = new PriorityQueue<>(newestFirst.reversed());
        int[] total = {0};
        searcher.search(filters, new SimpleCollector() {
            private SortedDocValues ids;
            private NumericDocValues activity;

            @Override
            protected void doSetNextReader(LeafReaderContext context) throws IOException {
                ids = DocValues.getSorted(context.reader(), CONVERSATION);
                activity = DocValues.getNumeric(context.reader(), ACTIVITY);
            }

            @Override
            public void collect(int doc) throws IOException {
                if (!ids.advanceExact(doc)) {
                    return;
                }
                BytesRef id = ids.lookupOrd(ids.ordValue());
                if (candidates != null && !candidates.contains(id)) {
                    return;
                }
                total[0]++;
                long at = activity.advanceExact(doc) ? activity.longValue() : 0L;
                Hit hit = new Hit(id.utf8ToString(), at);
                if (kept.size() < limit) {
                    kept.add(hit);
                } else if (newestFirst.compare(hit, kept.peek()) < 0) {
                    kept.poll();
                    kept.add(hit);
                }
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        List<Hit> hits = new ArrayList<>(kept);
        hits.sort(newestFirst);
        return new Found(hits.stream().map(Hit::id).toList(), total[0]);
    }

    /** The values a filter can take, as found in the index (channels, languages, regions, teams, agents). */
    Set<String> values(String field) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            Set<String> out = new TreeSet<>();
            Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), field);
            if (terms != null) {
                TermsEnum e = terms.iterator();
                for (BytesRef t = e.next(); t != null; t = e.next()) {
                    // docFreq still counts replaced documents: ask whether a live one holds the value.
                    if (searcher.count(new TermQuery(new Term(field, BytesRef.deepCopyOf(t)))) > 0) {
                        out.add(t.utf8ToString());
                    }
                }
            }
            return out;
        } finally {
            searchers.release(searcher);
        }
    }

    /** How many conversations the index holds (as of the last refresh). */
    int conversationCount() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(new Term(KIND, CONVERSATION)));
        } finally {
            searchers.release(searcher);
        }
    }

    private static Set<BytesRef> bytes(Collection<String> values) {
        Set<BytesRef> out = new HashSet<>();
        values.forEach(v -> out.add(new BytesRef(v)));
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.close();
            } finally {
                directory.close();
            }
        }
    }

    /** A page of matching conversation ids and how many match in all. */
    record Found(List<String> ids, int total) {
    }

    /** Collects the distinct conversations of the matching documents, one segment's ordinals at a time. */
    private static final class ConversationsCollector extends SimpleCollector {
        private final Set<BytesRef> found = new HashSet<>();
        private SortedDocValues ids;
        private FixedBitSet ords;

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            flush();
            ids = DocValues.getSorted(context.reader(), CONVERSATION);
            ords = new FixedBitSet(Math.max(1, ids.getValueCount()));
        }

        @Override
        public void collect(int doc) throws IOException {
            if (ids.advanceExact(doc)) {
                ords.set(ids.ordValue());
            }
        }

        private void flush() throws IOException {
            if (ords == null) {
                return;
            }
            for (int ord = ords.nextSetBit(0); ord != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                    ord = ord + 1 < ords.length() ? ords.nextSetBit(ord + 1)
                            : org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS) {
                found.add(BytesRef.deepCopyOf(ids.lookupOrd(ord)));
            }
            ords = null;
        }

        Set<BytesRef> conversations() throws IOException {
            flush();
            return found;
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
