package io.meridian.search;

import java.util.Objects;
import javax.crypto.SecretKey;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * How message texts and names become index terms, in every language at once (a conversation mixes them): words by
 * Unicode's word rules; full- and half-width forms folded; lower case; Latin accents folded ("Müller" finds "muller");
 * Chinese, Japanese and Korean as overlapping pairs of characters, so a word of any length in those scripts is found
 * without a dictionary; then each term replaced by its keyed fingerprint ({@link KeyedTerms}). No stop words: an order
 * number or a short word must be findable. Queries go through the same analyser.
 */
final class SearchAnalyzer extends Analyzer {

    private final SecretKey key;

    SearchAnalyzer(SecretKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream terms = new CJKWidthFilter(source);
        terms = new LowerCaseFilter(terms);
        terms = new ASCIIFoldingFilter(terms);
        terms = new CJKBigramFilter(terms);
        return new TokenStreamComponents(source, new KeyedTerms(terms, key));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(new CJKWidthFilter(in)));
    }
}
