package io.meridian.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Replaces every term by its keyed fingerprint, so the index on disk holds no word in clear: HMAC-SHA256 under the
 * node's search key, cut to 128 bits and written as 22 base64url characters. Equal words give equal fingerprints (a
 * search works by analysing the query the same way); without the key no fingerprint can be tested against a guess.
 * Positions are kept, so phrases still match. One instance per token stream (Lucene reuses a stream per thread), so
 * its {@link Mac} is never shared.
 */
final class KeyedTerms extends TokenFilter {

    private static final int KEPT_BYTES = 16;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final Mac mac;
    private final Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();

    KeyedTerms(TokenStream input, SecretKey key) {
        super(input);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(term.buffer(), 0, term.length()));
        mac.update(utf8);
        byte[] digest = mac.doFinal();
        byte[] kept = new byte[KEPT_BYTES];
        System.arraycopy(digest, 0, kept, 0, KEPT_BYTES);
        term.setEmpty().append(base64.encodeToString(kept));
        return true;
    }
}
