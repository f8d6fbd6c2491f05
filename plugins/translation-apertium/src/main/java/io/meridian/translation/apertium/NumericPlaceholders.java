package io.meridian.translation.apertium;

import io.meridian.spi.translation.ProtectedSpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces protected spans by numbers before the text goes to Apertium and puts the protected output back
 * afterwards.
 *
 * <p>Why numbers: Apertium passes a bare number through every pair unchanged and treats it as a word, so the
 * sentence around it keeps its shape (no spurious capital after it, as with an HTML tag, which Apertium treats as a
 * blank). Tried against APY 0.11 with eng-spa, spa-eng, fr-es and es-pt: numbers and {@code <x/>} tags survive, while
 * the HTML5 {@code translate="no"} attribute is ignored. Placeholders are five-digit numbers that occur nowhere in
 * the text, and a span that touches a digit takes that digit run with it, so a placeholder is always a whole digit
 * run.
 *
 * <p>Immutable once built; thread-safe.
 */
final class NumericPlaceholders {

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final int FIRST = 90417;

    private final String text;
    private final Map<String, String> outputs;

    private NumericPlaceholders(String text, Map<String, String> outputs) {
        this.text = text;
        this.outputs = outputs;
    }

    /**
     * @param source the source text
     * @param spans non-overlapping spans in text order
     * @return the text with a placeholder for each span
     */
    static NumericPlaceholders shield(String source, List<ProtectedSpan> spans) {
        Set<String> taken = new HashSet<>();
        Matcher digits = DIGITS.matcher(source);
        while (digits.find()) {
            taken.add(digits.group());
        }
        List<ProtectedSpan> merged = absorbTouchingDigits(source, spans);
        StringBuilder out = new StringBuilder(source.length());
        Map<String, String> outputs = new LinkedHashMap<>();
        int next = FIRST;
        int at = 0;
        for (ProtectedSpan span : merged) {
            while (taken.contains(Integer.toString(next))) {
                next++;
            }
            String placeholder = Integer.toString(next++);
            out.append(source, at, span.start()).append(placeholder);
            outputs.put(placeholder, span.output());
            at = span.end();
        }
        out.append(source, at, source.length());
        return new NumericPlaceholders(out.toString(), outputs);
    }

    // Adjacent spans become one, and a span grows over a digit run it touches, so no placeholder joins other digits.
    private static List<ProtectedSpan> absorbTouchingDigits(String source, List<ProtectedSpan> spans) {
        List<ProtectedSpan> result = new ArrayList<>();
        for (ProtectedSpan span : spans) {
            int start = span.start();
            int end = span.end();
            String before = "";
            String after = "";
            if (start > 0 && Character.isDigit(source.charAt(start - 1))) {
                int s = start;
                while (s > 0 && Character.isDigit(source.charAt(s - 1))) {
                    s--;
                }
                before = source.substring(s, start);
                start = s;
            }
            if (end < source.length() && Character.isDigit(source.charAt(end))) {
                int e = end;
                while (e < source.length() && Character.isDigit(source.charAt(e))) {
                    e++;
                }
                after = source.substring(end, e);
                end = e;
            }
            ProtectedSpan grown = new ProtectedSpan(start, end, before + span.output() + after);
            ProtectedSpan last = result.isEmpty() ? null : result.get(result.size() - 1);
            if (last != null && last.end() >= grown.start()) {
                result.set(result.size() - 1, new ProtectedSpan(last.start(), Math.max(last.end(), grown.end()),
                        last.output() + source.substring(last.end(), Math.max(last.end(), grown.start()))
                                + grown.output().substring(Math.max(0, last.end() - grown.start()))));
            } else {
                result.add(grown);
            }
        }
        return result;
    }

    /** @return the text to send to the engine */
    String text() {
        return text;
    }

    /** @return how many placeholders the text holds */
    int count() {
        return outputs.size();
    }

    /**
     * @param translated the engine's output for {@link #text()}
     * @return the output with every placeholder replaced by its protected output
     * @throws LostPlaceholderException if the engine dropped or altered a placeholder
     */
    String restore(String translated) throws LostPlaceholderException {
        Set<String> seen = new HashSet<>();
        Matcher digits = DIGITS.matcher(translated);
        StringBuilder out = new StringBuilder(translated.length());
        while (digits.find()) {
            String output = outputs.get(digits.group());
            if (output != null) {
                seen.add(digits.group());
                digits.appendReplacement(out, Matcher.quoteReplacement(output));
            }
        }
        digits.appendTail(out);
        if (seen.size() != outputs.size()) {
            throw new LostPlaceholderException(outputs.size() - seen.size(), outputs.size());
        }
        return out.toString();
    }

    /** The engine lost a placeholder, so a protected term or token would have changed. */
    static final class LostPlaceholderException extends Exception {
        private static final long serialVersionUID = 1L;

        LostPlaceholderException(int lost, int total) {
            super(lost + " of " + total + " protected terms or tokens did not come back from the engine");
        }
    }
}
