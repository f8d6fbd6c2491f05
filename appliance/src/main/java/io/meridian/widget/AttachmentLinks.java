package io.meridian.widget;

import io.meridian.conversation.StoredAttachment;
import io.meridian.crypto.Crypto;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Links by which a web-chat visitor downloads the files agents sent: {@code /widget/attachments/{id}?expires=…&sig=…},
 * signed with a key that lives only in this node's memory and valid for {@value #VALID_HOURS} hours. The widget has no
 * session a download could carry (it runs on the customer's site, another origin); a link is given only in the
 * visitor's own conversation (its history and live frames), and cannot be made for another file or made to last
 * longer without the key. After a restart old links stop working; the widget gets new ones when it reconnects.
 */
final class AttachmentLinks {

    static final int VALID_HOURS = 12;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key = new SecretKeySpec(Crypto.randomBytes(32), ALGORITHM);
    private final Clock clock;
    /** This node's region, named in each link: a visitor relayed from another node downloads through it. */
    private final String region;

    AttachmentLinks(Clock clock, String region) {
        this.clock = clock;
        this.region = region;
    }

    /** The widget's description of a file: id, name, size and the link to download it. */
    JsonObject describe(StoredAttachment file) {
        long expires = clock.instant().plus(Duration.ofHours(VALID_HOURS)).getEpochSecond();
        return new JsonObject()
                .put("id", file.id())
                .put("name", file.name())
                .put("size", file.sizeBytes())
                .put("url", "/widget/attachments/" + file.id() + "?expires=" + expires + "&sig="
                        + signature(file.id(), expires) + "&region=" + region);
    }

    /** Whether {@code sig} was made by this node for this file and {@code expires} has not passed. */
    boolean valid(String attachmentId, String expires, String sig) {
        if (expires == null || sig == null || !expires.matches("[0-9]{1,12}")) {
            return false;
        }
        long at = Long.parseLong(expires);
        if (clock.instant().getEpochSecond() > at) {
            return false;
        }
        return MessageDigest.isEqual(signature(attachmentId, at).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String attachmentId, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal((attachmentId + "|" + expires).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
