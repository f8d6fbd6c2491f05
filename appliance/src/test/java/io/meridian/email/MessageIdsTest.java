package io.meridian.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.crypto.BlindIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void takesOneIdWithOrWithoutBracketsAndLeavesHeaderSyntaxToTheConnector() {
        assertEquals("c@z", MessageIds.normalise("  <c@z>  "));
        assertEquals("Case@Z", MessageIds.normalise("<Case@Z>"));
        assertNull(MessageIds.normalise("<a1@x.example> (first) <b2@y.example>"), "a header value is not one id");
        assertNull(MessageIds.normalise("<>"));
        assertNull(MessageIds.normalise("<" + "x".repeat(996) + ">"));
        assertEquals("c@z", MessageIds.normalise("c@z"));
        assertNull(MessageIds.normalise("   "));
        assertNull(MessageIds.normalise("two words"));
    }

    @Test
    void ancestorsPutTheParentFirstThenReferencesNewestFirst() {
        assertEquals(List.of("p@x", "r3@x", "r2@x", "r1@x"),
                MessageIds.ancestors("<p@x>", List.of("<r1@x>", "r2@x", "<r3@x>", "<p@x>")));
        assertEquals(List.of("r1@x"), MessageIds.ancestors(null, List.of("<r1@x>")));
    }

    @Test
    void longChainsKeepRootAndNewest() {
        List<String> chain = new ArrayList<>(IntStream.range(0, 30).mapToObj(i -> "m" + i + "@x").toList());
        List<String> refs = MessageIds.references(chain);
        assertEquals(MessageIds.MAX_REFERENCES, refs.size());
        assertEquals("m0@x", refs.get(0));
        assertEquals("m11@x", refs.get(1));
        assertEquals("m29@x", refs.get(refs.size() - 1));
        assertEquals(List.of("a@x", "b@x"), MessageIds.references(List.of("a@x", "b@x", "a@x")));
    }

    @Test
    void fingerprintsMatchWithOrWithoutBracketsAndDependOnTheKey() {
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        k2[0] = 1;
        MessageIdFingerprints f1 = new MessageIdFingerprints(new BlindIndex(new SecretKeySpec(k1, "HmacSHA256")));
        MessageIdFingerprints f2 = new MessageIdFingerprints(new BlindIndex(new SecretKeySpec(k2, "HmacSHA256")));
        assertEquals(f1.of("<abc@mail.example>"), f1.of("abc@mail.example"));
        assertNotEquals(f1.of("abc@mail.example"), f1.of("abd@mail.example"));
        assertNotEquals(f1.of("abc@mail.example"), f2.of("abc@mail.example"));
        assertTrue(!f1.of("abc@mail.example").contains("abc"));
        assertEquals(List.of(f1.of("p@x"), f1.of("r@x")), f1.ofAncestors("<p@x>", List.of("<r@x>")));
        assertNull(f1.of(" "));
    }

    @Test
    void automaticMailIsRecognisedFromTheConnectorHeader() {
        assertEquals("bounce", AutomaticMail.kind(java.util.Map.of("X-Meridian-Auto", "Bounce")).orElseThrow());
        assertEquals("auto-reply", AutomaticMail.kind(java.util.Map.of("x-meridian-auto", "auto-reply")).orElseThrow());
        assertTrue(AutomaticMail.kind(java.util.Map.of("x-meridian-thread-token", "T-1")).isEmpty());
        assertTrue(AutomaticMail.kind(null).isEmpty());
    }
}
