package io.meridian.widget;

import io.meridian.consent.Consents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One widget connection's consent (docs/privacy.md, "Consent"): whether its visitor stands by an agreement to the
 * text in force, which {@code welcome} tells the widget with the text in the visitor's language, and the frames that
 * agree ({@code consent}) and withdraw ({@code consent.withdraw}). Where the home region does not require consent,
 * nothing is asked and nothing blocks.
 */
final class VisitorConsent {

    private final Consents consents;
    private String locale;
    /** When the standing agreement was made; null while there is none. */
    private Instant agreedAt;
    /** The agreement being recorded now, if any: a second "I agree" meanwhile waits for it. */
    private Future<JsonObject> agreeing;

    VisitorConsent(Consents consents) {
        this.consents = consents;
    }

    /** Reads the contact's standing agreement at {@code hello}; completes with {@code welcome}'s {@code consent}. */
    Future<JsonObject> load(String contactId, String visitorLocale) {
        this.locale = visitorLocale;
        if (!consents.required()) {
            return Future.succeededFuture(new JsonObject().put("required", false));
        }
        return consents.standing(contactId).compose(standing -> {
            agreedAt = standing.map(r -> r.agreedAt()).orElse(null);
            return describe();
        });
    }

    /** Whether a message or a pre-chat answer must wait for the visitor's agreement. */
    boolean missing(String contactId) {
        if (!consents.required()) {
            return false;
        }
        if (agreedAt != null && consents.withdrawnSince(contactId, agreedAt)) {
            agreedAt = null; // an agent recorded a withdrawal since
        }
        return agreedAt == null;
    }

    /**
     * The visitor agreed to {@code version} of the text with {@code digest} (null: the one in force): recorded;
     * completes with {@code consent.recorded}. An agreement that stands already, or one being recorded, is answered
     * as it is, so repeated frames write nothing.
     */
    Future<JsonObject> agree(String contactId, String version, String digest) {
        if (!consents.required()) {
            return Future.failedFuture(new IllegalStateException("consent is not asked in this region"));
        }
        if (agreeing != null) {
            return agreeing;
        }
        if (!missing(contactId) && version.equals(consents.version())) {
            return Future.succeededFuture(new JsonObject().put("type", "consent.recorded").put("version", version)
                    .put("at", agreedAt.toString()));
        }
        Future<JsonObject> recording = consents.agree(contactId, version, digest, locale, "web").map(record -> {
            agreedAt = record.agreedAt();
            return new JsonObject().put("type", "consent.recorded").put("version", record.version())
                    .put("at", record.agreedAt().toString());
        });
        agreeing = recording;
        // Set first, cleared when done: a refusal may have completed already.
        recording.onComplete(ar -> {
            if (agreeing == recording) {
                agreeing = null;
            }
        });
        return recording;
    }

    /** The visitor withdrew: recorded; completes with {@code consent.withdrawn} and the text to agree to again. */
    Future<JsonObject> withdraw(String contactId) {
        return consents.withdraw(contactId, "visitor").compose(n -> {
            agreedAt = null;
            return describe().map(consent -> new JsonObject().put("type", "consent.withdrawn")
                    .put("consent", consent));
        });
    }

    /** What the widget shows: the text in force in the visitor's language, and whether they stand by it. */
    Future<JsonObject> describe() {
        String notice = consents.privacyNoticeUrl();
        boolean given = agreedAt != null;
        return consents.text(locale).map(text -> new JsonObject().put("required", consents.required())
                .put("given", given).put("version", consents.version()).put("language", text.language())
                .put("text", text.text()).put("digest", text.digest())
                .put("privacyNoticeUrl", notice.isEmpty() ? null : notice));
    }
}
