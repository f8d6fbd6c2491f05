package io.meridian.spi.crm;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An order of the contact, shown to the agent. Immutable.
 *
 * @param orderId the CRM's or shop's order number, not blank
 * @param status the order's status in the CRM's own words (e.g. {@code shipped}), or {@code null}
 * @param total the order total, or {@code null} if unknown
 * @param currency ISO 4217 code of {@code total} (e.g. {@code EUR}); required when {@code total} is set
 * @param placedAt when the order was placed
 * @param url a link to the order in the CRM's UI, or {@code null}
 */
public record CrmOrder(String orderId, String status, BigDecimal total, String currency, Instant placedAt,
                       String url) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** Validates. */
    public CrmOrder {
        if (orderId == null || orderId.isBlank()) {
            throw new IllegalArgumentException("CrmOrder orderId must not be blank");
        }
        Objects.requireNonNull(placedAt, () -> "CrmOrder " + orderId + ": placedAt");
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("CrmOrder " + orderId + ": currency '" + currency
                    + "' is not an ISO 4217 code such as EUR");
        }
        if (total != null && currency == null) {
            throw new IllegalArgumentException("CrmOrder " + orderId + ": a total needs a currency");
        }
    }
}
