package io.meridian.language;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The short chat messages in {@code language/chat-sentences.tsv}: expected language and text. */
record ChatSentences(String language, String text) {

    static List<ChatSentences> all() {
        try (InputStream in = ChatSentences.class.getResourceAsStream("/language/chat-sentences.tsv")) {
            if (in == null) {
                throw new IllegalStateException("language/chat-sentences.tsv is missing from the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> {
                        String[] parts = line.split("\t", 2);
                        return new ChatSentences(parts[0], parts[1]);
                    })
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
