package io.meridian.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search index on its own: what finds what, what the files on disk hold, and a damaged index. */
class ConversationIndexTest {

    private static final SecretKey KEY = key((byte) 7);
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path dir;

    /** Verifies words, order numbers, phrases, accents, Japanese and Chinese words and names are found. */
    @Test
    void findsWordsOrderNumbersPhrasesAndCjkWords() throws IOException {
        try (ConversationIndex index = new ConversationIndex(dir, KEY)) {
            index.putConversations(List.of(conversation("c1", "OPEN", "web", 1, "Jürgen Müller"),
                    conversation("c2", "OPEN", "web", 2, null), conversation("c3", "CLOSED", "mail", 3, "李小龙")));
            index.addMessages(List.of(
                    message("m1", "c1", "Hello, my order ORD-77341 has not arrived yet"),
                    message("m2", "c1", "Could I get a refund please?"),
                    message("m3", "c2", "注文番号を教えてください。商品がまだ届きません"),
                    message("m4", "c2", "The parcel arrived broken"),
                    message("m5", "c3", "我的订单还没有到")));
            index.refresh();

            assertEquals(List.of("c1"), ids(index, "ORD-77341"), "an order number as written");
            assertEquals(List.of("c1"), ids(index, "ord-77341"), "in another case");
            assertEquals(List.of("c1"), ids(index, "refund"), "a word");
            assertEquals(List.of("c1"), ids(index, "refund ORD-77341"), "words from two messages of one conversation");
            assertEquals(List.of(), ids(index, "refund parcel"), "words from two conversations match neither");
            assertEquals(List.of("c1"), ids(index, "\"not arrived\""), "a phrase");
            assertEquals(List.of(), ids(index, "\"arrived not\""), "words in another order are no phrase");
            assertEquals(List.of("c2", "c1"), ids(index, "arrived"), "newest activity first");
            assertEquals(List.of("c1"), ids(index, "muller"), "a name, accents folded");
            assertEquals(List.of("c1"), ids(index, "Müller"), "a name as written");
            assertEquals(List.of("c2"), ids(index, "注文番号"), "a Japanese word inside a sentence");
            assertEquals(List.of("c2"), ids(index, "届きません"), "Japanese, another word");
            assertEquals(List.of("c3"), ids(index, "订单"), "a Chinese word");
            assertEquals(List.of("c3"), ids(index, "李小龙"), "a Chinese name");
            assertEquals(List.of(), ids(index, "refunds"), "no stemming: a different word");
            assertEquals(List.of("c2", "c1"), ids(index, "!!! arrived"), "a clause without terms is left out");
            assertEquals(List.of(), ids(index, "!!!"), "words asked for, none a word: nothing, not everything");
            assertEquals(List.of("c3"), ids(index, "订"), "one Chinese character alone");
            assertEquals(List.of("c2"), ids(index, "番"), "one Japanese character alone");
        }
    }

    /** Verifies each filter, the contact restriction, the candidates restriction, the limit and the total. */
    @Test
    void filtersNarrowAndTheTotalCountsAll() throws IOException {
        try (ConversationIndex index = new ConversationIndex(dir, KEY)) {
            List<IndexedConversation> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(new IndexedConversation("c" + i, "contact" + (i % 3), i % 2 == 0 ? "OPEN" : "CLOSED",
                        i % 5 == 0 ? "mail" : "web", "team" + (i % 2), i % 4 == 0 ? "agent-a" : null,
                        i < 10 ? "de" : "ja", i < 15 ? "eu" : "apac", null, T0.plusSeconds(86_400L * i),
                        T0.plusSeconds(86_400L * i + 60)));
            }
            index.putConversations(all);
            index.addMessages(List.of(message("m1", "c4", "refund"), message("m2", "c7", "refund"),
                    message("m3", "c20", "refund")));
            index.refresh();

            assertEquals(15, count(index, new ConversationQuery("", "OPEN", null, null, null, null, null, null,
                    null, null), null));
            assertEquals(6, count(index, new ConversationQuery("", null, null, "mail", null, null, null, null,
                    null, null), null));
            assertEquals(8, count(index, new ConversationQuery("", null, null, null, null, null, "agent-a", null,
                    null, null), null));
            assertEquals(10, count(index, new ConversationQuery("", null, null, null, "de", null, null, null,
                    null, null), null));
            assertEquals(15, count(index, new ConversationQuery("", null, "team1", null, null, null, null, null,
                    null, null), null));
            assertEquals(15, count(index, new ConversationQuery("", null, null, null, null, "apac", null, null,
                    null, null), null));
            // Started on days 3, 4 and 5 (to is exclusive).
            assertEquals(3, count(index, new ConversationQuery("", null, null, null, null, null, null, null,
                    T0.plusSeconds(86_400L * 3), T0.plusSeconds(86_400L * 6)), null));
            assertEquals(10, count(index, new ConversationQuery("", null, null, null, null, null, null, null,
                    null, null), Set.of("contact1")));
            assertEquals(2, count(index, new ConversationQuery("refund", "OPEN", null, null, null, null, null,
                    null, null, null), null), "c4 and c20 are open, c7 closed");
            assertEquals(1, count(index, new ConversationQuery("refund", "OPEN", null, null, null, "eu", null,
                    null, null, null), null));

            ConversationIndex.Found page = index.search(new ConversationQuery("", "OPEN", null, null, null, null,
                    null, null, null, null), null, null, 4);
            assertEquals(List.of("c28", "c26", "c24", "c22"), page.ids(), "the newest four");
            assertEquals(15, page.total(), "and how many in all");
            assertEquals(List.of("c4"), index.search(new ConversationQuery("refund", null, null, null, null, null,
                    null, null, null, null), null, Set.of("c4", "c5"), 10).ids(), "only among the candidates");
            assertEquals(Set.of("mail", "web"), index.values(ConversationIndex.CHANNEL));
            index.putConversations(all.stream().map(c -> new IndexedConversation(c.id(), c.contactId(), c.status(),
                    "web", c.team(), c.agent(), c.language(), c.region(), null, c.createdAt(), c.lastActivityAt()))
                    .toList());
            index.refresh();
            assertEquals(Set.of("web"), index.values(ConversationIndex.CHANNEL), "values no document holds any more");
            assertEquals(Set.of("apac", "eu"), index.values(ConversationIndex.REGION));
        }
    }

    /**
     * Verifies that no word, order number, name or Japanese text is readable in the index files after a commit, that
     * the committed index finds them after reopening, and that an index opened with another key finds nothing.
     */
    @Test
    void filesHoldNoWordsAndAnotherKeyFindsNothing() throws IOException {
        List<String> markers = List.of("zebrafinch", "ord-90210", "quokkaname", "注文番号");
        try (ConversationIndex index = new ConversationIndex(dir, KEY)) {
            index.putConversations(List.of(conversation("c1", "OPEN", "web", 1, "Quokkaname Smith")));
            index.addMessages(List.of(message("m1", "c1", "A zebrafinch ate ORD-90210 and the 注文番号")));
            index.commit(T0, "0190-cursor");
        }
        long files;
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> regular = all.filter(Files::isRegularFile).toList();
            files = regular.size();
            for (Path file : regular) {
                byte[] content = Files.readAllBytes(file);
                for (String marker : markers) {
                    for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
                            StandardCharsets.UTF_16BE)) {
                        assertFalse(contains(content, marker.getBytes(charset)),
                                file.getFileName() + " holds '" + marker + "' in " + charset);
                    }
                }
            }
        }
        assertTrue(files > 3, "the scan read the index's files: " + files);
        try (ConversationIndex index = new ConversationIndex(dir, KEY)) {
            assertFalse(index.fresh());
            assertEquals(T0, index.indexedUntil().orElseThrow());
            assertEquals("0190-cursor", index.rebuildCursor().orElseThrow(), "where a rebuild had got to");
            assertEquals(List.of("c1"), ids(index, "zebrafinch"));
            assertEquals(List.of("c1"), ids(index, "ORD-90210"));
            assertEquals(List.of("c1"), ids(index, "quokkaname"));
            assertEquals(List.of("c1"), ids(index, "注文番号"));
        }
        try (ConversationIndex index = new ConversationIndex(dir, key((byte) 8))) {
            assertEquals(List.of(), ids(index, "zebrafinch"), "another key's fingerprints match nothing");
            assertEquals(1, index.conversationCount(), "though the conversation is there");
        }
    }

    /** Verifies that an index whose files were damaged is made new (to be rebuilt), not a node that cannot start. */
    @Test
    void aDamagedIndexIsMadeNew() throws IOException {
        try (ConversationIndex index = new ConversationIndex(dir, KEY)) {
            assertTrue(index.fresh());
            index.putConversations(List.of(conversation("c1", "OPEN", "web", 1, null)));
            index.commit(T0);
        }
        try (Stream<Path> all = Files.list(dir)) {
            for (Path segments : all.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(segments, "not an index".getBytes(StandardCharsets.UTF_8));
            }
        }
        try (ConversationIndex index = new ConversationIndex(dir, KEY)) {
            assertTrue(index.fresh(), "made new");
            assertEquals(0, index.conversationCount());
            assertTrue(index.indexedUntil().isEmpty());
        }
    }

    private static List<String> ids(ConversationIndex index, String text) throws IOException {
        return index.search(new ConversationQuery(text, null, null, null, null, null, null, null, null, null),
                null, null, 50).ids();
    }

    private static int count(ConversationIndex index, ConversationQuery query, Set<String> contacts)
            throws IOException {
        return index.search(query, contacts, null, 200).total();
    }

    private static IndexedConversation conversation(String id, String status, String channel, int minute,
            String name) {
        return new IndexedConversation(id, "contact-" + id, status, channel, null, null, null, null, name, T0,
                T0.plusSeconds(60L * minute));
    }

    private static IndexedMessage message(String id, String conversation, String text) {
        return new IndexedMessage(id, conversation, text, T0);
    }

    private static SecretKey key(byte fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, fill);
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
