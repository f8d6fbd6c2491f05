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
 * number or a short word must be findable.
 * <p>
 * The index also holds each of those characters alone (at the position of the pair it starts), so a one-character
 * word (中, 猫) is found too; a query keeps the pairs only, so a longer word matches as a phrase of pairs.
 */
final class SearchAnalyzer extends Analyzer {

    private final SecretKey key;
    private final boolean forIndex;

    private SearchAnalyzer(SecretKey key, boolean forIndex) {
        this.key = Objects.requireNonNull(key, "key");
        this.forIndex = forIndex;
    }

    /** How documents are analysed. */
    static SearchAnalyzer forIndex(SecretKey key) {
        return new SearchAnalyzer(key, true);
    }

    /** How queries are analysed. */
    static SearchAnalyzer forQueries(SecretKey key) {
        return new SearchAnalyzer(key, false);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream terms = new CJKWidthFilter(source);
        terms = new LowerCaseFilter(terms);
        terms = new ASCIIFoldingFilter(terms);
        terms = new CJKBigramFilter(terms, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA
                | CJKBigramFilter.HANGUL, forIndex);
        return new TokenStreamComponents(source, new KeyedTerms(terms, key));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(new CJKWidthFilter(in)));
    }
}
