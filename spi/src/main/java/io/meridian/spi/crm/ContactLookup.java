package io.meridian.spi.crm;

/**
 * What the appliance knows of a customer when it asks a CRM for them. At least one field is set; unknown fields are
 * {@code null}. Immutable.
 *
 * @param email the customer's e-mail address, or {@code null}
 * @param phone the phone number in E.164 form, or {@code null}
 * @param externalId an id of the customer in the CRM known from earlier, or {@code null}
 */
public record ContactLookup(String email, String phone, String externalId) {

    /** Validates: blank values become {@code null}; at least one must remain. */
    public ContactLookup {
        email = blankToNull(email);
        phone = blankToNull(phone);
        externalId = blankToNull(externalId);
        if (email == null && phone == null && externalId == null) {
            throw new IllegalArgumentException("ContactLookup needs an email, a phone or an externalId");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** @return a lookup by e-mail */
    public static ContactLookup byEmail(String email) {
        return new ContactLookup(email, null, null);
    }

    /** @return a lookup by phone */
    public static ContactLookup byPhone(String phone) {
        return new ContactLookup(null, phone, null);
    }

    /** @return a lookup by CRM id */
    public static ContactLookup byExternalId(String externalId) {
        return new ContactLookup(null, null, externalId);
    }

    /** Personal data: shows which keys are set, not their values. */
    @Override
    public String toString() {
        return "ContactLookup[" + (email != null ? "email " : "") + (phone != null ? "phone " : "")
                + (externalId != null ? "externalId" : "") + "]";
    }
}
