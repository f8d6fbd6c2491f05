package io.meridian.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the customer panel masks what reaches a customer. */
@Timeout(10)
class CustomerPanelTest {

    /** Verifies that only a country code written apart and the last two digits of a phone number show. */
    @Test
    void phoneNumbersShowTheirCountryCodeAndLastTwoDigits() {
        assertEquals("+34 \u2022\u2022\u2022 \u2022\u2022\u2022 \u202278", CustomerPanel.maskedPhone("+34 612 345 678"));
        assertEquals("+1-\u2022\u2022\u2022-\u2022\u2022\u2022-\u2022\u202267", CustomerPanel.maskedPhone("+1-555-123-4567"));
        assertEquals("+\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u202256", CustomerPanel.maskedPhone("+4930123456"),
                "run together, the country code cannot be told apart: masked too");
        assertEquals("(\u2022\u2022\u2022) \u2022\u2022\u2022-\u2022\u202289", CustomerPanel.maskedPhone("(030) 123-4589"));
        assertEquals("m\u2022\u2022\u2022@example.com", CustomerPanel.masked("maria@example.com"));
    }
}
