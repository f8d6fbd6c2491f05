package io.meridian.conversation;

import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.FieldCipher;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds contacts the way an agent names them: by e-mail address or phone number (exactly, through their blind
 * indexes, so neither is stored readable; a phone number as a messaging channel recorded it, compared by its digits
 * and leading +) or by the number the console shows for a visitor ("Visitor 6b6fb37d", at least 6 of its digits).
 * Contacts merged into another are not found; their survivor is.
 */
final class ContactSearch {

    static final int MAX_FOUND = 10;
    /** A phone number as people write it: digits, spaces, dots, dashes, brackets, a leading +. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{6,40}");
    private static final int MIN_PHONE_DIGITS = 7;
    private static final Pattern VISITOR = Pattern.compile("(?i)(?:\\p{L}+\\s+)?([0-9a-f-]{6,36})");

    private final Store store;
    private final ContactKeys keys;
    private final BlindIndex blindIndex;
    private final ContactRecords contacts = new ContactRecords();

    ContactSearch(Store store, ContactKeys keys, BlindIndex blindIndex) {
        this.store = store;
        this.keys = keys;
        this.blindIndex = blindIndex;
    }

    Future<List<ContactMatch>> find(String query) {
        String q = query == null ? "" : query.strip();
        if (isPhone(q)) {
            String phoneIndex = blindIndex.of(BlindIndex.PHONE, q);
            // All digits may also be the start of a visitor's number: that is looked for when no phone matches.
            // As a channel recorded it, or as a visitor typed it into the widget.
            return store.read(c -> {
                List<ContactRecords.FoundContact> found = new java.util.ArrayList<>(
                        contacts.findByIdentity(c, BlindIndex.PHONE, phoneIndex, MAX_FOUND));
                for (ContactRecords.FoundContact f : contacts.findByIdentity(c, BlindIndex.GIVEN_PHONE, phoneIndex,
                        MAX_FOUND)) {
                    if (found.size() < MAX_FOUND && found.stream().noneMatch(o -> o.id().equals(f.id()))) {
                        found.add(f);
                    }
                }
                return opened(found);
            })
                    .compose(found -> found.isEmpty() && VISITOR.matcher(q).matches() ? byAddressOrNumber(q)
                            : Future.succeededFuture(found));
        }
        return byAddressOrNumber(q);
    }

    /** Whether {@code text} reads as a phone number: digits (at least 7) with the usual separators. */
    static boolean isPhone(String text) {
        return PHONE.matcher(text).matches() && text.chars().filter(Character::isDigit).count() >= MIN_PHONE_DIGITS;
    }

    private Future<List<ContactMatch>> byAddressOrNumber(String q) {
        String emailIndex;
        String idPrefix = null;
        if (q.contains("@") && q.length() <= 254) {
            emailIndex = blindIndex.of(BlindIndex.EMAIL, q);
        } else {
            var m = VISITOR.matcher(q);
            if (!m.matches()) {
                return Future.succeededFuture(List.of());
            }
            emailIndex = null;
            idPrefix = m.group(1).toLowerCase(Locale.ROOT);
        }
        String prefix = idPrefix;
        return store.read(c -> opened(contacts.find(c, emailIndex, prefix, MAX_FOUND)));
    }

    private List<ContactMatch> opened(List<ContactRecords.FoundContact> found) {
        return found.stream()
                .map(f -> new ContactMatch(f.id(), FieldCipher.openText(keys.of(f.id(), f.dataKey()), f.nameSealed(),
                        "contacts", f.id(), "name_sealed")))
                .toList();
    }
}
