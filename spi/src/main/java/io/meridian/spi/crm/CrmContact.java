package io.meridian.spi.crm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A contact as the CRM knows it, shown to the agent beside the conversation. Immutable: {@code fields} is copied.
 * Unknown values are {@code null}.
 *
 * @param crmId the CRM's id of the contact, not blank
 * @param name the full name, or {@code null}
 * @param email the e-mail address, or {@code null}
 * @param phone the phone number, or {@code null}
 * @param company the company, or {@code null}
 * @param fields further fields worth showing (label to value, in display order), possibly empty
 * @param url a link to the contact in the CRM's own UI, or {@code null}
 */
public record CrmContact(String crmId, String name, String email, String phone, String company,
                         Map<String, String> fields, String url) {

    /** Validates and copies. */
    public CrmContact {
        if (crmId == null || crmId.isBlank()) {
            throw new IllegalArgumentException("CrmContact crmId must not be blank");
        }
        if (fields == null) {
            fields = Map.of();
        } else {
            fields.forEach((k, v) -> {
                Objects.requireNonNull(k, "CrmContact field name");
                Objects.requireNonNull(v, () -> "CrmContact field '" + k + "' value");
            });
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** Personal data: shows the CRM id only. */
    @Override
    public String toString() {
        return "CrmContact[" + crmId + "]";
    }
}
