package io.meridian.translation;

import io.meridian.spi.translation.GlossaryTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a glossary CSV: one term a line, {@code source,target} for an approved translation or {@code source,} (or
 * {@code source,=} / a third column {@code keep}) for a do-not-translate term. Quotes as RFC 4180 (a doubled quote
 * inside a quoted field). A first line {@code source,target[,...]} is a header and skipped. A bad line fails the
 * whole import with its line number, so nothing is half imported.
 */
public final class GlossaryCsv {

    static final int MAX_TERM_CHARS = 200;
    /** The largest glossary import (CSV or TBX), the same as the web server's request body limit. */
    static final int MAX_IMPORT_BYTES = 1024 * 1024;
    /** Most terms one import (CSV, TBX or JSON) may hold: a large product glossary has a few thousand. */
    static final int MAX_IMPORT_TERMS = 20_000;

    private GlossaryCsv() {
    }

    /** Reads {@code csv}; blocking for a large file (up to {@value #MAX_IMPORT_BYTES} bytes): call from a worker. */
    public static List<GlossaryTerm> parse(String csv) {
        if (csv.length() > MAX_IMPORT_BYTES) {
            throw new IllegalArgumentException("the CSV is larger than " + MAX_IMPORT_BYTES / 1024
                    + " KiB; split it into several imports");
        }
        List<GlossaryTerm> terms = new ArrayList<>();
        String[] lines = csv.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line, i + 1);
            String source = fields.get(0).strip();
            String target = fields.size() > 1 ? fields.get(1).strip() : "";
            String flag = fields.size() > 2 ? fields.get(2).strip().toLowerCase(Locale.ROOT) : "";
            if (i == 0 || terms.isEmpty() && source.equalsIgnoreCase("source")) {
                if (source.equalsIgnoreCase("source") || source.equalsIgnoreCase("term")) {
                    continue;
                }
            }
            if (source.isEmpty()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": the source term is empty");
            }
            if (source.length() > MAX_TERM_CHARS || target.length() > MAX_TERM_CHARS) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a term is longer than " + MAX_TERM_CHARS
                        + " characters");
            }
            if (terms.size() == MAX_IMPORT_TERMS) {
                throw tooManyTerms("line " + (i + 1));
            }
            boolean keep = target.isEmpty() || target.equals("=") || target.equals(source)
                    || flag.equals("keep") || flag.equals("do-not-translate");
            terms.add(keep ? GlossaryTerm.keep(source) : GlossaryTerm.translate(source, target));
        }
        return terms;
    }

    /** The error for an import past {@link #MAX_IMPORT_TERMS}, naming where it was passed. */
    static IllegalArgumentException tooManyTerms(String where) {
        return new IllegalArgumentException(where + ": more than " + MAX_IMPORT_TERMS + " terms in one import; split "
                + "it into several imports");
    }

    private static List<String> fields(String line, int number) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (ch == ',' || ch == ';' || ch == '\t') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + number + ": a quoted field is not closed");
        }
        out.add(field.toString());
        return out;
    }
}
