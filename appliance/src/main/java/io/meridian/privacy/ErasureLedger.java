package io.meridian.privacy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ids of every customer erased on this node, one per line, in a file beside the key store and outside the
 * database ({@code data/keys/erasures}). A database restored from a backup taken before an erasure still holds that
 * customer's wrapped key; the node reads this file at start and shreds it again before it serves (docs/privacy.md).
 * Ids only: no personal data. Appended and forced to disk before the erasure itself is written, so a crash between
 * the two is mended at the next start. Blocking: call from a worker thread.
 */
final class ErasureLedger {

    private static final Pattern CONTACT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path file;

    ErasureLedger(Path file) {
        this.file = file;
    }

    /** Whether the text is a contact id as the store writes them (a lower-case UUID). */
    static boolean isContactId(String text) {
        return text != null && CONTACT_ID.matcher(text).matches();
    }

    synchronized void append(String contactId) throws IOException {
        if (!isContactId(contactId)) {
            throw new IllegalArgumentException("Not a contact id: " + contactId);
        }
        Files.createDirectories(file.getParent());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            out.write(java.nio.ByteBuffer.wrap((contactId + "\n").getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        }
    }

    /**
     * The ids recorded, oldest first; a damaged line (a crash in the middle of an append) is skipped.
     */
    synchronized List<String> contactIds() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String id = line.strip();
            if (CONTACT_ID.matcher(id).matches()) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }
}
