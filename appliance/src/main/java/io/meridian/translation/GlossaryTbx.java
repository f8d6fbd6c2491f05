package io.meridian.translation;

import io.meridian.spi.translation.GlossaryTerm;
import io.meridian.spi.translation.LanguagePair;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a TBX term base (ISO 30042) into the glossary terms of one language pair. Both shapes in use are read:
 * TBX-Basic / TBX v2 ({@code martif} > {@code termEntry} > {@code langSet xml:lang} > {@code tig}|{@code ntig} >
 * {@code term}) and TBX v3 ({@code tbx} > {@code conceptEntry} > {@code langSec xml:lang} > {@code termSec} >
 * {@code term}). The rules (docs/translation.md, "TBX term bases"):
 * <ul>
 * <li>Every term of the pair's source language in an entry becomes a glossary term (deprecated source spellings too:
 * customers write them).</li>
 * <li>It is forced to the entry's target-language term: the first one marked preferred, else the first that is not
 * deprecated or superseded. Deprecated and superseded terms are never a target.</li>
 * <li>It is do-not-translate when the entry, its source-language section or the term carries a do-not-translate
 * note ({@link #doNotTranslate}), or when the chosen target term is spelled exactly as the source term.</li>
 * <li>An entry that cannot give a term is skipped with its reason (no source term, no usable target term, empty or
 * over-long term, a source term an earlier entry already gave); the rest is imported.</li>
 * </ul>
 * The parser is the JDK's StAX with DTDs and external entities off: a document that declares or uses entities is
 * refused, never resolved. Not well-formed XML or a misplaced element fails the whole import with the line.
 */
public final class GlossaryTbx {

    /** Notes whose type names a term's status (TBX-Basic administrativeStatus; TBX v3 / ISOcat normativeAuthorization). */
    private static final Set<String> STATUS_TYPES = Set.of("administrativestatus", "normativeauthorization");
    private static final Set<String> NOTE_ELEMENTS = Set.of("termNote", "descrip", "admin", "note");
    private static final Set<String> ENTRY = Set.of("termEntry", "conceptEntry");
    private static final Set<String> LANGUAGE = Set.of("langSet", "langSec");
    private static final Set<String> TERM_GROUP = Set.of("tig", "ntig", "termSec");

    /** One entry (or one term of it) that was not imported, and why. */
    public record Skip(int line, String entry, String reason) {
    }

    /** The terms to import, in document order, and what was skipped. */
    public record Parsed(List<GlossaryTerm> terms, List<Skip> skipped) {
    }

    /** Deepest element nesting read (the JDK's StAX stops with "maxElementDepth" past it). */
    static final int MAX_DEPTH = 64;

    private GlossaryTbx() {
    }

    /**
     * Reads pasted TBX text for {@code pair}.
     *
     * @throws IllegalArgumentException with the line and what was expected, for anything that is not a TBX document
     */
    public static Parsed parse(String xml, LanguagePair pair) {
        if (xml.length() > GlossaryCsv.MAX_IMPORT_BYTES) {
            throw tooLarge();
        }
        try {
            return parse(factory().createXMLStreamReader(new StringReader(xml)), pair);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException(describe(e));
        }
    }

    /**
     * Reads an uploaded TBX file for {@code pair}; its encoding is taken from its byte-order mark or XML declaration
     * (UTF-8 when it names none).
     *
     * @throws IllegalArgumentException with the line and what was expected, for anything that is not a TBX document
     */
    public static Parsed parse(byte[] xml, LanguagePair pair) {
        if (xml.length > GlossaryCsv.MAX_IMPORT_BYTES) {
            throw tooLarge();
        }
        try {
            return parse(factory().createXMLStreamReader(new ByteArrayInputStream(xml)), pair);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException(describe(e));
        }
    }

    private static Parsed parse(XMLStreamReader reader, LanguagePair pair) {
        try {
            return new Walk(reader, pair).run();
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException(describe(e));
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing is held open for an in-memory document
            }
        }
    }

    private static IllegalArgumentException tooLarge() {
        return new IllegalArgumentException("the term base is larger than " + GlossaryCsv.MAX_IMPORT_BYTES / 1024
                + " KiB; split it into several imports");
    }

    /** The JDK's own StAX (never whatever else is on the class path), with no DTD and no external anything. */
    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        // A term base nests about eight levels; a document nested thousands deep is refused, not walked.
        f.setProperty("jdk.xml.maxElementDepth", MAX_DEPTH);
        return f;
    }

    private static String describe(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int at = message.indexOf("Message: ");
        if (at >= 0) {
            message = message.substring(at + "Message: ".length());
        }
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
        return (line > 0 ? "line " + line + ": " : "") + "not well-formed XML: " + message.strip();
    }

    /**
     * Whether a note says "do not translate": type {@code doNotTranslate} (value not no/false/0), type
     * {@code translatable} with value no/false/0, or a status note whose value is {@code doNotTranslate}
     * (e.g. {@code doNotTranslate-admn-sts}).
     */
    static boolean doNotTranslate(String type, String value) {
        String t = compact(type);
        String v = compact(value);
        boolean negative = v.equals("no") || v.equals("false") || v.equals("0");
        if (t.equals("donottranslate")) {
            return !negative;
        }
        if (t.equals("translatable")) {
            return negative;
        }
        return STATUS_TYPES.contains(t) && v.startsWith("donottranslate");
    }

    /** Whether a status note's value rules a term out as a target. */
    static boolean deprecated(String type, String value) {
        String v = compact(value);
        return STATUS_TYPES.contains(compact(type)) && (v.startsWith("deprecated") || v.startsWith("superseded"));
    }

    static boolean preferred(String type, String value) {
        return STATUS_TYPES.contains(compact(type)) && compact(value).startsWith("preferred");
    }

    private static String compact(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** Whether a TBX language tag names the pair's language: equal, or equal primary subtag when one has no region. */
    static boolean sameLanguage(String tbx, String pairLanguage) {
        if (tbx.equals(pairLanguage)) {
            return true;
        }
        String a = tbx.contains("-") ? tbx.substring(0, tbx.indexOf('-')) : tbx;
        String b = pairLanguage.contains("-") ? pairLanguage.substring(0, pairLanguage.indexOf('-')) : pairLanguage;
        return a.equals(b) && (!tbx.contains("-") || !pairLanguage.contains("-"));
    }

    private static final class Term {
        final int line;
        String text;
        boolean deprecated;
        boolean preferred;
        boolean keep;

        Term(int line) {
            this.line = line;
        }
    }

    private static final class Language {
        final String tag;
        final List<Term> terms = new ArrayList<>();
        boolean keep;

        Language(String tag) {
            this.tag = tag;
        }
    }

    private static final class Entry {
        final int line;
        final String id;
        final List<Language> languages = new ArrayList<>();
        boolean keep;

        Entry(int line, String id) {
            this.line = line;
            this.id = id;
        }
    }

    /** One pass over the document. */
    private static final class Walk {
        private final XMLStreamReader r;
        private final LanguagePair pair;
        private final List<GlossaryTerm> terms = new ArrayList<>();
        private final List<Skip> skipped = new ArrayList<>();
        private final Map<String, Entry> given = new HashMap<>();
        private int termCount;
        private Entry entry;
        private Language language;
        private Term term;
        private int entries;

        Walk(XMLStreamReader r, LanguagePair pair) {
            this.r = r;
            this.pair = pair;
        }

        Parsed run() throws XMLStreamException {
            boolean rootSeen = false;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    String dtd = r.getText() == null ? "" : r.getText();
                    if (dtd.contains("<!ENTITY")) {
                        throw error("the document declares entities (<!ENTITY ...>); a term base is imported"
                                + " without any, so nothing is read from outside it");
                    }
                    continue;
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw error("the entity &" + r.getLocalName() + "; is not allowed in a term base");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (!rootSeen) {
                        rootSeen = true;
                        if (!name.equals("martif") && !name.equals("tbx")) {
                            throw error("expected a TBX document, whose root element is <martif> (TBX v2,"
                                    + " TBX-Basic) or <tbx> (TBX v3); found <" + name + ">");
                        }
                        continue;
                    }
                    start(name);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    end(r.getLocalName());
                }
            }
            if (!rootSeen) {
                throw new IllegalArgumentException("the document is empty; expected a TBX document");
            }
            if (entries == 0) {
                throw new IllegalArgumentException("the term base has no <termEntry> (TBX v2) or <conceptEntry>"
                        + " (TBX v3)");
            }
            return new Parsed(List.copyOf(terms), List.copyOf(skipped));
        }

        private void start(String name) throws XMLStreamException {
            if (ENTRY.contains(name)) {
                if (entry != null) {
                    throw error("<" + name + "> inside another entry; expected the entries side by side in <body>");
                }
                entries++;
                String id = r.getAttributeValue(null, "id");
                entry = new Entry(line(), id == null || id.isBlank() ? "#" + entries : id.strip());
            } else if (LANGUAGE.contains(name)) {
                if (entry == null || language != null) {
                    throw error("<" + name + "> outside a <termEntry> or <conceptEntry>");
                }
                String lang = r.getAttributeValue(XMLConstants.XML_NS_URI, "lang");
                if (lang == null || lang.isBlank()) {
                    throw error("<" + name + "> has no xml:lang; expected the language of its terms, such as"
                            + " xml:lang=\"en\"");
                }
                String tag;
                try {
                    tag = LanguagePair.normalizeTag(lang);
                } catch (IllegalArgumentException e) {
                    throw error("xml:lang=\"" + lang + "\" is not a language tag such as en, es or zh-TW");
                }
                language = new Language(tag);
                entry.languages.add(language);
            } else if (TERM_GROUP.contains(name)) {
                if (language == null || term != null) {
                    throw error("<" + name + "> outside a <langSet> or <langSec>");
                }
                term = new Term(line());
                if (++termCount > GlossaryCsv.MAX_IMPORT_TERMS) {
                    throw GlossaryCsv.tooManyTerms("line " + r.getLocation().getLineNumber());
                }
                language.terms.add(term);
            } else if (name.equals("term")) {
                if (term == null) {
                    throw error("<term> outside a <tig> or <ntig> (TBX v2) or <termSec> (TBX v3)");
                }
                term.text = text().strip().replaceAll("\\s+", " ");
            } else if (NOTE_ELEMENTS.contains(name)) {
                note(r.getAttributeValue(null, "type"));
            } else if (STATUS_TYPES.contains(name.toLowerCase(Locale.ROOT))) {
                note(name); // TBX v3 DCT style: <basic:administrativeStatus>value</...>
            }
        }

        /** Applies a note to the innermost of term, language section and entry. */
        private void note(String type) throws XMLStreamException {
            if (type == null || entry == null) {
                return;
            }
            String value = text();
            boolean keep = doNotTranslate(type, value);
            if (term != null) {
                term.keep |= keep;
                term.deprecated |= deprecated(type, value);
                term.preferred |= preferred(type, value);
            } else if (language != null) {
                language.keep |= keep;
            } else {
                entry.keep |= keep;
            }
        }

        private void end(String name) {
            if (TERM_GROUP.contains(name)) {
                term = null;
            } else if (LANGUAGE.contains(name)) {
                language = null;
            } else if (ENTRY.contains(name)) {
                finish(entry);
                entry = null;
            }
        }

        private void finish(Entry e) {
            List<Term> sources = new ArrayList<>();
            List<Term> targets = new ArrayList<>();
            boolean sourceKeep = e.keep;
            for (Language l : e.languages) {
                if (sameLanguage(l.tag, pair.source())) {
                    sources.addAll(l.terms);
                    sourceKeep |= l.keep;
                } else if (sameLanguage(l.tag, pair.target())) {
                    targets.addAll(l.terms);
                }
            }
            if (sources.isEmpty()) {
                skipped.add(new Skip(e.line, e.id, "no " + pair.source() + " term"));
                return;
            }
            Term target = targets.stream().filter(t -> t.preferred && !t.deprecated && usable(t.text)).findFirst()
                    .orElse(targets.stream().filter(t -> !t.deprecated && usable(t.text)).findFirst().orElse(null));
            for (Term s : sources) {
                String source = s.text == null ? "" : s.text;
                if (source.isEmpty()) {
                    skipped.add(new Skip(s.line, e.id, "empty " + pair.source() + " term"));
                    continue;
                }
                if (source.length() > GlossaryCsv.MAX_TERM_CHARS) {
                    skipped.add(new Skip(s.line, e.id, "the " + pair.source() + " term is longer than "
                            + GlossaryCsv.MAX_TERM_CHARS + " characters"));
                    continue;
                }
                Entry earlier = given.get(source);
                if (earlier != null) {
                    skipped.add(new Skip(s.line, e.id, "\"" + source + "\" was already given by entry "
                            + earlier.id + " (line " + earlier.line + "); the first is kept"));
                    continue;
                }
                GlossaryTerm out;
                if (sourceKeep || s.keep || target != null && target.text.equals(source)) {
                    out = GlossaryTerm.keep(source);
                } else if (target != null) {
                    out = GlossaryTerm.translate(source, target.text);
                } else {
                    skipped.add(new Skip(s.line, e.id, whyNoTarget(targets)));
                    continue;
                }
                given.put(source, e);
                terms.add(out);
            }
        }

        private String whyNoTarget(List<Term> targets) {
            if (targets.isEmpty()) {
                return "no " + pair.target() + " term";
            }
            if (targets.stream().anyMatch(t -> t.text != null && t.text.length() > GlossaryCsv.MAX_TERM_CHARS)) {
                return "the " + pair.target() + " term is longer than " + GlossaryCsv.MAX_TERM_CHARS + " characters";
            }
            if (targets.stream().allMatch(t -> t.deprecated)) {
                return "only deprecated " + pair.target() + " terms";
            }
            return "empty " + pair.target() + " term";
        }

        private static boolean usable(String text) {
            return text != null && !text.isEmpty() && text.length() <= GlossaryCsv.MAX_TERM_CHARS;
        }

        /** The text inside the current element, inline markup (e.g. {@code <hi>}) included as its text. */
        private String text() throws XMLStreamException {
            StringBuilder out = new StringBuilder();
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> depth++;
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            out.append(r.getText());
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                            throw error("the entity &" + r.getLocalName() + "; is not allowed in a term base");
                    default -> {
                    }
                }
            }
            return out.toString();
        }

        private int line() {
            return r.getLocation() == null ? -1 : r.getLocation().getLineNumber();
        }

        private IllegalArgumentException error(String what) {
            int line = line();
            return new IllegalArgumentException((line > 0 ? "line " + line + ": " : "") + what);
        }
    }
}
