package io.meridian.spi.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrmRecordsTest {

    /** Verifies that a lookup needs one key, blanks count as absent and toString hides personal data. */
    @Test
    void contactLookup() {
        ContactLookup lookup = new ContactLookup(" ana@example.com ", "  ", null);
        assertEquals("ana@example.com", lookup.email());
        assertNull(lookup.phone());
        assertFalse(lookup.toString().contains("ana"));
        assertThrows(IllegalArgumentException.class, () -> new ContactLookup(null, " ", ""));
    }

    /** Verifies that contacts copy their fields and hide personal data in toString. */
    @Test
    void contact() {
        Map<String, String> fields = new HashMap<>(Map.of("Tier", "Gold"));
        CrmContact c = new CrmContact("c-1", "Ana Souza", "ana@example.com", null, null, fields, null);
        fields.put("Tier", "Bronze");
        assertEquals("Gold", c.fields().get("Tier"));
        assertEquals("CrmContact[c-1]", c.toString());
    }

    /** Verifies order and activity validation. */
    @Test
    void ordersAndActivities() {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new CrmOrder("o", null, BigDecimal.TEN, null, now, null));
        assertThrows(IllegalArgumentException.class, () -> new CrmOrder("o", null, BigDecimal.TEN, "eur", now, null));
        assertEquals("EUR", new CrmOrder("o", "paid", BigDecimal.TEN, "EUR", now, null).currency());
        assertThrows(IllegalArgumentException.class, () -> new CrmActivity("c", "", "email", "s", now));
        assertFalse(new CrmActivity("c", "v", "email", "private words", now).toString().contains("private"));
    }
}
