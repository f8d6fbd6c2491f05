package io.meridian.conversation;

import io.meridian.crypto.BlindIndex;
import io.meridian.crypto.FieldCipher;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds contacts the way an agent names them: by e-mail address (exactly, through its blind index, so no address is
 * stored readable) or by the number the console shows for a visitor ("Visitor 6b6fb37d", at least 6 of its digits).
 * Contacts merged into another are not found; their survivor is.
 */
final class ContactSearch {

    static final int MAX_FOUND = 10;
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
        return store.read(c -> contacts.find(c, emailIndex, prefix, MAX_FOUND).stream()
                .map(f -> new ContactMatch(f.id(), FieldCipher.openText(keys.of(f.id(), f.dataKey()), f.nameSealed(),
                        "contacts", f.id(), "name_sealed")))
                .toList());
    }
}
