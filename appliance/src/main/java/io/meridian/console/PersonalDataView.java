package io.meridian.console;

import io.meridian.conversation.PersonalDataMasking;

/**
 * {@code $pd} in console templates: a customer's texts, name, e-mail address and phone number as the page's reader
 * may see them, masked ({@link PersonalDataMasking}) for an account without the {@code personal-data.unmasked}
 * permission. Templates pass every customer-written text and personal field through it.
 */
public final class PersonalDataView {

    static final PersonalDataView UNMASKED = new PersonalDataView(false, null);

    private final boolean masked;
    private final String customerName;

    PersonalDataView(boolean masked, String customerName) {
        this.masked = masked;
        this.customerName = customerName;
    }

    /** Whether this page masks: forms that would store what is shown (a correction) are left out. */
    public boolean masked() {
        return masked;
    }

    /** A text the customer wrote, or one about them; numbers, addresses and the customer's name masked. */
    public String text(String text) {
        return masked ? PersonalDataMasking.mask(text, customerName) : text;
    }

    /** A text the node wrote (a system message): addresses and the customer's name masked, its times kept. */
    public String nodeText(String text) {
        return masked ? PersonalDataMasking.maskNodeText(text, customerName) : text;
    }

    public String name(String name) {
        return masked ? PersonalDataMasking.name(name) : name;
    }

    public String email(String email) {
        return masked ? PersonalDataMasking.email(email) : email;
    }

    public String phone(String phone) {
        return masked ? PersonalDataMasking.phone(phone) : phone;
    }
}
