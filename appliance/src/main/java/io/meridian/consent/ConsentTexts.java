package io.meridian.consent;

import io.meridian.console.TemplateFolders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent texts a visitor agrees to, from {@code <templates-dir>/<locale>/consent.txt} (plain text; lines that
 * start with {@code ##} are comments): the visitor's locale first (pt-BR), then its language (pt), then English. Read
 * on each use, so an admin's edit applies at once; each text is named by its SHA-256 digest in the records.
 */
public final class ConsentTexts {

    /** A consent text is a few sentences; anything longer is not a text for a chat window. */
    static final int MAX_BYTES = 8 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ConsentTexts.class);

    /** The text in {@code language} (the folder it came from) and its SHA-256 digest (hex). */
    public record Text(String language, String text, String digest) {
    }

    private final Path dir;

    public ConsentTexts(Path dir) {
        this.dir = dir;
    }

    /** The text for a visitor with {@code locale} (null: English); empty when no folder has one. */
    public Optional<Text> forLocale(String locale) {
        for (String candidate : TemplateFolders.candidates(locale)) {
            Path file = dir.resolve(candidate).resolve("consent.txt");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                if (Files.size(file) > MAX_BYTES) {
                    LOG.warn("Consent text {} is larger than {} bytes; trying the next one", file, MAX_BYTES);
                    continue;
                }
                String text = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.startsWith("##")).collect(Collectors.joining("\n")).strip();
                if (!text.isEmpty()) {
                    return Optional.of(new Text(candidate, text, digest(text)));
                }
            } catch (IOException e) {
                LOG.warn("Consent text {} cannot be read ({}); trying the next one", file, e.toString());
            }
        }
        return Optional.empty();
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
