package io.meridian.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small rules behind threading and loop protection: Message-IDs, the subject token, automatic mail. */
class ThreadingHelpersTest {

    private static final String CONVERSATION = "3F2A9C1E-77b0-4d7e-9a51-0c7e2f6b1a90";

    /** Verifies the documented token format: the first 8 letters/digits of the conversation id, lower case. */
    @Test
    void tokenIsTheShortConversationReference() {
        assertEquals("[#3f2a9c1e]", ThreadToken.token(CONVERSATION));
        assertEquals("[#conv42]", ThreadToken.token("conv-42"));
        assertEquals(Optional.of("3f2a9c1e"), ThreadToken.find("AW: Re: Lieferung [#3F2A9C1E]"));
        assertEquals(Optional.of("bbbbbbbb"), ThreadToken.find("[#aaaaaaaa] forwarded [#bbbbbbbb]"), "the last wins");
        assertEquals(Optional.empty(), ThreadToken.find("Order #1234"));
        assertEquals(Optional.empty(), ThreadToken.find(null));
    }

    /** Verifies that replies get one Re:, never two, and one token. */
    @Test
    void replySubjectKeepsReAndAddsTheTokenOnce() {
        assertEquals("Re: Order late [#3f2a9c1e]", ThreadToken.subject("Order late", CONVERSATION, true));
        assertEquals("Re: Order late [#3f2a9c1e]", ThreadToken.subject("Re: Order late", CONVERSATION, true));
        assertEquals("AW: Bestellung [#3f2a9c1e]", ThreadToken.subject("AW: Bestellung", CONVERSATION, true));
        assertEquals("Re: Order late [#3f2a9c1e]",
                ThreadToken.subject("Re: Order late [#3f2a9c1e]", CONVERSATION, true));
        assertEquals("Order late [#3f2a9c1e]", ThreadToken.subject("Order late", CONVERSATION, false));
        assertEquals("Re: [#3f2a9c1e]", ThreadToken.subject(null, CONVERSATION, true));
        assertEquals("回复：订单 [#3f2a9c1e]", ThreadToken.subject("回复：订单", CONVERSATION, true));
    }

    /** Verifies that Message-IDs are kept in angle brackets and outbox ids map to stable ids. */
    @Test
    void messageIdsAreNormalisedAndStable() {
        assertEquals("<a@b>", MessageIds.first("  <a@b> (comment)"));
        assertEquals("<a@b>", MessageIds.normalise("a@b"));
        assertEquals(List.of("<1@x>", "<2@x>", "<3@x>"), MessageIds.all("<1@x>\r\n <2@x> <1@x><3@x>"));
        assertEquals(List.of(), MessageIds.all("   "));
        assertNull(MessageIds.first("no id here"));
        assertEquals("<meridian.outbox-1@example.com>", MessageIds.forOutbox("outbox-1", "Example.COM"));
        String odd = MessageIds.forOutbox("outbox id with spaces/and slashes", "example.com");
        assertTrue(odd.matches("<meridian\\.[0-9a-f]{40}@example\\.com>"), odd);
        assertEquals(odd, MessageIds.forOutbox("outbox id with spaces/and slashes", "example.com"));
    }

    /** Verifies the signals of automatic mail, and that a person's mail carries none. */
    @Test
    void automaticMailIsClassified() {
        assertEquals(Optional.of("auto-reply"), classify(Map.of("auto-submitted", "auto-replied"), null, "a@b.c"));
        assertEquals(Optional.of("auto-reply"), classify(Map.of("auto-submitted", "auto-generated"), null, "a@b.c"));
        assertEquals(Optional.empty(), classify(Map.of("auto-submitted", "no"), null, "a@b.c"));
        assertEquals(Optional.of("auto-reply"), classify(Map.of("x-autorespond", "1"), null, "a@b.c"));
        assertEquals(Optional.of("bulk"), classify(Map.of("precedence", "list"), null, "a@b.c"));
        assertEquals(Optional.of("bulk"), classify(Map.of("precedence", "bulk"), null, "a@b.c"));
        assertEquals(Optional.of("bulk"), classify(Map.of("list-id", "<news.shop.example>"), null, "a@b.c"));
        assertEquals(Optional.of("bulk"), classify(Map.of("list-unsubscribe", "<mailto:u@shop.example>"), null,
                "a@b.c"));
        assertEquals(Optional.of("auto-reply"), classify(Map.of("precedence", "bulk", "x-autoreply", "yes"), null,
                "a@b.c"));
        assertEquals(Optional.of("auto-reply"), classify(Map.of(), "multipart/report; "
                + "report-type=disposition-notification", "a@b.c"));
        assertEquals(Optional.of("bounce"), classify(Map.of(), "multipart/report; report-type=delivery-status",
                "mailer-daemon@mx.example"));
        assertEquals(Optional.of("bounce"), classify(Map.of("x-failed-recipients", "x@y.z"), null, "a@b.c"));
        assertEquals(Optional.of("bounce"), classify(Map.of("return-path", "<>"), "text/plain",
                "postmaster@mx.example"));
        assertEquals(Optional.of("auto-reply"), classify(Map.of("return-path", "< >"), "text/plain", "a@b.c"));
        assertEquals(Optional.empty(), classify(Map.of("return-path", "<a@b.c>", "precedence", "normal"),
                "text/plain", "a@b.c"));
    }

    private static Optional<String> classify(Map<String, String> headers, String type, String from) {
        return AutomaticMail.classify(headers::get, type, from);
    }
}
