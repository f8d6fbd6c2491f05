package io.meridian.compliance;

import io.meridian.consent.Consents;
import io.meridian.conversation.ChatMessage;
import io.meridian.conversation.ConversationRecords.ConversationOfContact;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.ConversationService.StoredContact;
import io.meridian.conversation.StoredAttachment;
import io.meridian.residency.CrossRegionReads;
import io.meridian.store.TimeOrderedIds;
import io.meridian.ticket.Ticket;
import io.meridian.ticket.TicketAttachments;
import io.meridian.ticket.TicketNotes;
import io.meridian.ticket.Tickets;
import io.meridian.translation.ConversationTranslator;
import io.meridian.translation.MessageTranslation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.lingala.zip4j.io.outputstream.ZipOutputStream;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.AesKeyStrength;
import net.lingala.zip4j.model.enums.CompressionMethod;
import net.lingala.zip4j.model.enums.EncryptionMethod;

/**
 * A customer's own copy of their data (GDPR article 15 and 20, CCPA "right to know"): one ZIP, encrypted with AES-256
 * under a password the node makes and shows once (the admin gives it to the customer by another way than the file),
 * holding everything stored about them in JSON — contact fields, every conversation with every message and its
 * translations, tickets with notes and history, attachments, consent records and cross-region access records — and a
 * README in the customer's language. Written as a stream, a page of messages at a time, into {@code data/exports/}.
 * Refused for an erased customer: there is nothing left to read.
 */
public final class ContactExport {

    static final int PAGE = 500;
    private static final String[] README_LANGUAGES = {"en", "de", "fr", "es", "ja", "ko", "zh-CN", "zh-TW"};

    private final Vertx vertx;
    private final ConversationService conversations;
    private final ConversationTranslator translator;
    private final Tickets tickets;
    private final Consents consents;
    private final CrossRegionReads reads;
    private final Path dir;
    private final Clock clock;

    public ContactExport(Vertx vertx, ConversationService conversations, ConversationTranslator translator,
            Tickets tickets, Consents consents, CrossRegionReads reads, Path dir, Clock clock) {
        this.vertx = vertx;
        this.conversations = conversations;
        this.translator = translator;
        this.tickets = tickets;
        this.consents = consents;
        this.reads = reads;
        this.dir = dir;
        this.clock = clock;
    }

    /**
     * Deletes the exports (and any partial one a crash left) last written before {@code before}; how many. Blocking.
     */
    int deleteOlderThan(java.time.Instant before) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if ((name.endsWith(".zip") || name.endsWith(".zip.partial"))
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** Where the export with this id is (whether or not it exists). */
    Path fileOf(String exportId) {
        return dir.resolve(exportId + ".zip");
    }

    /**
     * Exports the customer the contact belongs to. Fails with {@link NoSuchElementException} for an unknown contact
     * and {@link IllegalStateException} for an erased one.
     */
    public Future<ExportFile> export(String contactId, char[] password) {
        String id = TimeOrderedIds.next();
        return conversations.customerContacts(contactId).compose(contacts -> conversations.contactShredded(
                contacts.get(0)).compose(erased -> {
                    if (erased) {
                        return Future.failedFuture(new IllegalStateException("The customer was erased: there is "
                                + "no personal data left to export"));
                    }
                    return new Run(id, contacts, password).run();
                }));
    }

    /** One export: a ZIP stream written on worker threads, one step after the other. */
    private final class Run {
        private final String id;
        private final List<String> contacts;
        private final char[] password;
        private final Path partial;
        private final AtomicInteger messages = new AtomicInteger();
        private final AtomicInteger attachments = new AtomicInteger();
        private OutputStream file;
        private ZipOutputStream zip;
        private int conversationCount;
        private int ticketCount;

        Run(String id, List<String> contacts, char[] password) {
            this.id = id;
            this.contacts = contacts;
            this.password = password.clone();
            this.partial = dir.resolve(id + ".zip.partial");
        }

        Future<ExportFile> run() {
            String customer = contacts.get(0);
            return blocking(() -> {
                Files.createDirectories(dir);
                file = Files.newOutputStream(partial);
                zip = new ZipOutputStream(file, password);
                return null;
            }).compose(v -> conversations.storedContact(customer)).compose(contact -> {
                StoredContact c = contact.orElseThrow(() -> new NoSuchElementException("No contact " + customer));
                return readme(c).compose(x -> entry("contact.json", contactJson(c)));
            }).compose(v -> conversations.conversationsOfContact(customer)).compose(list -> {
                conversationCount = list.size();
                Future<Void> chain = Future.succeededFuture();
                for (ConversationOfContact cv : list) {
                    chain = chain.compose(x -> conversation(cv));
                }
                return chain;
            }).compose(v -> tickets.ofContacts(contacts)).compose(list -> {
                ticketCount = list.size();
                return ticketsJson(list).compose(json -> entry("tickets.json", json))
                        .compose(x -> ticketFiles(list));
            }).compose(v -> consentsJson()).compose(json -> entry("consents.json", json))
                    .compose(v -> blocking(() -> {
                        zip.close();
                        file.close();
                        Path done = fileOf(id);
                        Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
                        return new ExportFile(id, customer, done, Files.size(done), conversationCount,
                                messages.get(), ticketCount, attachments.get(), clock.instant());
                    })).onComplete(ar -> {
                        java.util.Arrays.fill(password, '\0');
                        if (ar.failed()) {
                            blocking(() -> {
                                closeQuietly();
                                Files.deleteIfExists(partial);
                                return null;
                            });
                        }
                    });
        }

        private Future<Void> readme(StoredContact c) {
            String language = readmeLanguage(c.locale());
            return blocking(() -> {
                String text;
                try (InputStream in = ContactExport.class.getResourceAsStream("/export/README." + language + ".txt")) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                return text.replace("{date}", clock.instant().toString().substring(0, 10));
            }).compose(text -> entry(language.equals("en") ? "README.txt" : "README." + language + ".txt",
                    text.getBytes(StandardCharsets.UTF_8)));
        }

        private Future<Void> conversation(ConversationOfContact cv) {
            String base = "conversations/" + cv.id();
            JsonObject head = new JsonObject().put("id", cv.id()).put("channel", cv.channel())
                    .put("status", cv.status().name().toLowerCase(Locale.ROOT))
                    .put("createdAt", cv.createdAt().toString()).put("lastActivityAt", cv.lastActivityAt().toString())
                    .put("accessRecords", new JsonArray());
            return reads.of(cv.id()).compose(accessed -> {
                accessed.forEach(r -> head.getJsonArray("accessRecords").add(new JsonObject()
                        .put("reader", r.readerName()).put("readerRegion", r.readerRegion())
                        .put("access", r.access().label()).put("what", r.what()).put("at", r.at().toString())));
                return translator.ofConversation(cv.id());
            }).compose(translations -> {
                Map<String, List<MessageTranslation>> byMessage = translations.stream()
                        .filter(MessageTranslation::translated)
                        .collect(Collectors.groupingBy(MessageTranslation::messageId));
                String opening = head.encodePrettily();
                // The messages are written page by page into the open entry: "messages": [ … ]
                return open(base + ".json", opening.substring(0, opening.lastIndexOf('}')).stripTrailing()
                        + ",\n  \"messages\" : [")
                        .compose(v -> messagePages(cv.id(), 0, byMessage, true))
                        .compose(v -> close("\n  ]\n}\n"));
            }).compose(v -> conversations.attachments().ofConversation(cv.id())).compose(files -> {
                Future<Void> chain = Future.succeededFuture();
                for (StoredAttachment a : files) {
                    chain = chain.compose(x -> conversations.attachments().file(a.id())).compose(f -> f.isEmpty()
                            ? Future.succeededFuture()
                            : entry(base + "/attachments/" + a.id() + "-" + safeName(a.name()), f.get().content())
                                    .onSuccess(x -> attachments.incrementAndGet()));
                }
                return chain;
            });
        }

        private Future<Void> messagePages(String conversationId, long afterSeq,
                Map<String, List<MessageTranslation>> translations, boolean first) {
            return conversations.messages(conversationId, afterSeq, PAGE).compose(page -> {
                if (page.isEmpty()) {
                    return Future.succeededFuture();
                }
                StringBuilder out = new StringBuilder();
                boolean comma = !first;
                for (ChatMessage m : page) {
                    JsonObject json = new JsonObject().put("id", m.id()).put("seq", m.seq())
                            .put("author", m.author().name().toLowerCase(Locale.ROOT))
                            .put("authorName", m.authorName()).put("text", m.text())
                            .put("createdAt", m.createdAt().toString());
                    JsonArray translated = new JsonArray();
                    translations.getOrDefault(m.id(), List.of()).forEach(t -> translated.add(new JsonObject()
                            .put("from", t.source()).put("to", t.target()).put("text", t.text())
                            .put("engine", t.engine())));
                    json.put("translations", translated);
                    out.append(comma ? ",\n    " : "\n    ").append(json.encode());
                    comma = true;
                }
                messages.addAndGet(page.size());
                long last = page.get(page.size() - 1).seq();
                return write(out.toString()).compose(v -> page.size() < PAGE ? Future.succeededFuture()
                        : messagePages(conversationId, last, translations, false));
            });
        }

        private Future<byte[]> ticketsJson(List<Ticket> list) {
            JsonArray out = new JsonArray();
            Future<Void> chain = Future.succeededFuture();
            for (Ticket t : list) {
                JsonObject json = new JsonObject().put("number", t.number()).put("subject", t.subject())
                        .put("status", t.status().name().toLowerCase(Locale.ROOT))
                        .put("priority", t.priority().name().toLowerCase(Locale.ROOT)).put("type", t.type())
                        .put("createdAt", t.createdAt().toString()).put("updatedAt", t.updatedAt().toString())
                        .put("solvedAt", t.solvedAt() == null ? null : t.solvedAt().toString())
                        .put("conversations", new JsonArray(t.conversationIds()))
                        .put("fields", new JsonObject(new java.util.TreeMap<>(t.fields())));
                out.add(json);
                chain = chain.compose(v -> tickets.events(t.id())).compose(events -> {
                    JsonArray history = new JsonArray();
                    events.forEach(e -> history.add(new JsonObject().put("at", e.at().toString())
                            .put("by", e.actorName()).put("field", e.field()).put("from", e.from())
                            .put("to", e.to())));
                    json.put("history", history);
                    return new TicketNotes(tickets).of(t.id());
                }).map(notes -> {
                    JsonArray array = new JsonArray();
                    notes.forEach(n -> array.add(new JsonObject().put("by", n.authorName()).put("text", n.text())
                            .put("at", n.at().toString())));
                    json.put("notes", array);
                    return null;
                });
            }
            return chain.map(v -> new JsonObject().put("tickets", out).encodePrettily()
                    .getBytes(StandardCharsets.UTF_8));
        }

        private Future<Void> ticketFiles(List<Ticket> list) {
            TicketAttachments files = new TicketAttachments(tickets);
            Future<Void> chain = Future.succeededFuture();
            for (Ticket t : list) {
                chain = chain.compose(v -> files.list(t)).compose(listed -> {
                    Future<Void> each = Future.succeededFuture();
                    for (TicketAttachments.Listed l : listed) {
                        each = each.compose(v -> files.file(t, l.id())).compose(f -> f.isEmpty()
                                ? Future.succeededFuture()
                                : entry("tickets/" + t.number() + "/attachments/" + l.id() + "-" + safeName(l.name()),
                                        f.get().content()).onSuccess(x -> attachments.incrementAndGet()));
                    }
                    return each;
                });
            }
            return chain;
        }

        private Future<byte[]> consentsJson() {
            JsonArray out = new JsonArray();
            Future<Void> chain = Future.succeededFuture();
            for (String contact : contacts) {
                chain = chain.compose(v -> consents.history(contact)).map(list -> {
                    list.forEach(r -> out.add(r.toJson()));
                    return null;
                });
            }
            return chain.map(v -> new JsonObject().put("consents", out).encodePrettily()
                    .getBytes(StandardCharsets.UTF_8));
        }

        private Future<Void> entry(String name, String json) {
            return entry(name, json.getBytes(StandardCharsets.UTF_8));
        }

        private Future<Void> entry(String name, byte[] bytes) {
            return blocking(() -> {
                zip.putNextEntry(parameters(name));
                zip.write(bytes);
                zip.closeEntry();
                return null;
            });
        }

        private Future<Void> open(String name, String text) {
            return blocking(() -> {
                zip.putNextEntry(parameters(name));
                zip.write(text.getBytes(StandardCharsets.UTF_8));
                return null;
            });
        }

        private Future<Void> write(String text) {
            return blocking(() -> {
                zip.write(text.getBytes(StandardCharsets.UTF_8));
                return null;
            });
        }

        private Future<Void> close(String text) {
            return blocking(() -> {
                zip.write(text.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                return null;
            });
        }

        private void closeQuietly() {
            try {
                if (zip != null) {
                    zip.close();
                }
            } catch (IOException | RuntimeException e) {
                // The partial file is deleted next.
            }
            try {
                if (file != null) {
                    file.close();
                }
            } catch (IOException e) {
                // As above.
            }
        }
    }

    private static byte[] contactJson(StoredContact c) {
        return new JsonObject().put("id", c.id()).put("name", c.name()).put("email", c.email())
                .put("phone", c.phone()).put("locale", c.locale()).put("timeZone", c.timeZone())
                .put("country", c.country()).put("region", c.region()).put("createdAt", c.createdAt().toString())
                .encodePrettily().getBytes(StandardCharsets.UTF_8);
    }

    private static ZipParameters parameters(String name) {
        ZipParameters p = new ZipParameters();
        p.setFileNameInZip(name);
        p.setCompressionMethod(CompressionMethod.DEFLATE);
        p.setEncryptFiles(true);
        p.setEncryptionMethod(EncryptionMethod.AES);
        p.setAesKeyStrength(AesKeyStrength.KEY_STRENGTH_256);
        return p;
    }

    /** The README's language: the contact's locale where a README exists in it, else English. */
    static String readmeLanguage(String locale) {
        if (locale == null || locale.isBlank()) {
            return "en";
        }
        Locale l = Locale.forLanguageTag(locale.replace('_', '-'));
        if (l.getLanguage().equals("zh")) {
            boolean traditional = "Hant".equals(l.getScript()) || List.of("TW", "HK", "MO").contains(l.getCountry());
            return traditional ? "zh-TW" : "zh-CN";
        }
        for (String language : README_LANGUAGES) {
            if (language.equals(l.getLanguage())) {
                return language;
            }
        }
        return "en";
    }

    /** A file name safe inside a ZIP on any system: no folders, no control characters, at most 120 characters. */
    static String safeName(String name) {
        String safe = name == null ? "" : name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        safe = safe.replaceAll("^\\.+", "_");
        if (safe.isEmpty()) {
            safe = "file";
        }
        return safe.length() > 120 ? safe.substring(safe.length() - 120) : safe;
    }

    private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
        return vertx.executeBlocking(work, true);
    }
}
