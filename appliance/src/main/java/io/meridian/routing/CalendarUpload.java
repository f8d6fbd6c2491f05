package io.meridian.routing;

import io.meridian.security.ConsoleSecurity;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Teams page's calendar form: an .ics file uploaded as multipart/form-data (field {@code file}), or the text
 * pasted (field {@code ics}), stored under the name given (field {@code name}) or else the file's own name. Errors name
 * the file as the admin chose it. The uploaded temporary file is deleted whatever happens.
 */
final class CalendarUpload {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarUpload.class);

    private final RoutingService routing;

    CalendarUpload(RoutingService routing) {
        this.routing = routing;
    }

    /** Stores the posted calendar; fails with {@link RoutingSetupException} saying what is wrong with it. */
    Future<HolidayCalendar> store(RoutingContext ctx) {
        String by = ConsoleSecurity.agent(ctx).username();
        String name = ConsolePage.field(ctx, "name").strip();
        FileUpload file = null;
        for (FileUpload f : ctx.fileUploads()) {
            if (f.name().equals("file") && f.fileName() != null && !f.fileName().isBlank() && file == null) {
                file = f;
            } else {
                discard(f);
            }
        }
        if (file == null) {
            return routing.putCalendar(name, ConsolePage.field(ctx, "ics"), by);
        }
        FileUpload upload = file;
        String fileName = baseName(upload.fileName());
        String storeAs = name.isEmpty() ? suggestedName(fileName) : name;
        if (upload.size() > HolidayCalendars.MAX_BYTES) {
            discard(upload);
            return Future.failedFuture(HolidayCalendars.tooLarge(fileName, upload.size()));
        }
        return ctx.vertx().fileSystem().readFile(upload.uploadedFileName())
                .eventually(() -> discard(upload))
                .compose(bytes -> {
                    String text;
                    try {
                        text = utf8(bytes);
                    } catch (CharacterCodingException e) {
                        return Future.failedFuture(new RoutingSetupException("uploaded " + fileName, null,
                                "is not UTF-8 text; iCalendar files are UTF-8 (export the calendar again as .ics)"));
                    }
                    return routing.putCalendar(storeAs, text, by, fileName);
                });
    }

    /** The name a browser sent, without any folder (some browsers send a full path). */
    static String baseName(String fileName) {
        String n = fileName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1).strip();
    }

    /** A file name as the setup accepts it: "US Holidays 2027.ics" becomes "us-holidays-2027.ics". */
    static String suggestedName(String fileName) {
        String stem = fileName.toLowerCase(Locale.ROOT).replaceAll("\\.ics$", "").replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+", "").replaceAll("-+$", "");
        return (stem.isEmpty() ? "calendar" : stem.length() > 90 ? stem.substring(0, 90) : stem) + ".ics";
    }

    private static String utf8(Buffer bytes) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.getBytes())).toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Future<Void> discard(FileUpload upload) {
        return upload.delete().onFailure(e -> LOG.warn("Could not delete the uploaded file {}: {}",
                upload.uploadedFileName(), e.toString()));
    }
}
