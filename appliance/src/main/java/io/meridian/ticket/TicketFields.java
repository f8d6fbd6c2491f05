package io.meridian.ticket;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The custom fields of tickets from {@code conf/ticket-fields.yaml}, in the order the ticket page shows them. A
 * missing file means none; a mistake is refused at start, naming the file, the field and the key.
 */
public final class TicketFields {

    private static final Set<String> KEYS = Set.of("key", "type", "label", "options", "required-for");
    private static final int MAX_FIELDS = 50;
    private static final int MAX_OPTIONS = 200;

    private final List<TicketField> fields;

    public TicketFields(List<TicketField> fields) {
        this.fields = List.copyOf(fields);
    }

    public List<TicketField> all() {
        return fields;
    }

    public Optional<TicketField> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** Reads {@code file}. Blocking. Fails with {@link IllegalArgumentException} naming the file and the mistake. */
    public static TicketFields read(Path file) {
        List<?> items = AdminFile.list(file, AdminFile.top(file, Set.of("fields")), "fields", MAX_FIELDS);
        List<TicketField> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            TicketField f = field(file + ", field " + (i + 1), items.get(i));
            if (out.stream().anyMatch(o -> o.key().equals(f.key()))) {
                throw new IllegalArgumentException(file + ", field '" + f.key() + "': the key is used twice");
            }
            out.add(f);
        }
        return new TicketFields(out);
    }

    private static TicketField field(String where, Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": expected a mapping");
        }
        if (!(map.get("key") instanceof String key) || !key.matches("[a-z][a-z0-9_-]{0,39}")) {
            throw new IllegalArgumentException(where + ", key 'key': expected 1-40 of a-z 0-9 _ - (e.g. product)");
        }
        String at = where.substring(0, where.lastIndexOf(", field ")) + ", field '" + key + "'";
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(at + ", key '" + k + "': unknown; known keys are "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        TicketField.Type type;
        try {
            type = TicketField.Type.valueOf(String.valueOf(map.get("type")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ", key 'type': expected text, number, dropdown, date or checkbox",
                    e);
        }
        Map<String, String> labels = labels(at + ", key 'label'", map.get("label"));
        List<TicketField.Option> options = new ArrayList<>();
        if (type == TicketField.Type.DROPDOWN) {
            if (!(map.get("options") instanceof List<?> given) || given.isEmpty() || given.size() > MAX_OPTIONS) {
                throw new IllegalArgumentException(at + ", key 'options': a dropdown needs 1-" + MAX_OPTIONS
                        + " options");
            }
            for (Object o : given) {
                if (!(o instanceof Map<?, ?> option) || !(option.get("value") instanceof String value)
                        || value.isBlank() || value.length() > 100) {
                    throw new IllegalArgumentException(at + ", key 'options': each option has a value (1-100 "
                            + "characters) and a label");
                }
                options.add(new TicketField.Option(value, labels(at + ", option '" + value + "'",
                        option.get("label"))));
            }
        } else if (map.containsKey("options")) {
            throw new IllegalArgumentException(at + ", key 'options': only a dropdown has options");
        }
        List<String> required = new ArrayList<>();
        if (map.get("required-for") != null) {
            if (!(map.get("required-for") instanceof List<?> statuses)) {
                throw new IllegalArgumentException(at + ", key 'required-for': expected a list of statuses");
            }
            for (Object s : statuses) {
                try {
                    required.add(TicketStatus.parse(String.valueOf(s)).wire());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ", key 'required-for': " + e.getMessage(), e);
                }
            }
        }
        return new TicketField(key, type, labels, options, Set.copyOf(required));
    }

    /** A label: one text, or a text per language ({@code en: Product, de: Produkt}). */
    private static Map<String, String> labels(String where, Object value) {
        if (value instanceof String text && !text.isBlank() && text.length() <= 100) {
            return Map.of("en", text);
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof String text) || text.isBlank() || text.length() > 100) {
                    throw new IllegalArgumentException(where + ": each label is 1-100 characters");
                }
                out.put(String.valueOf(e.getKey()).replace('_', '-'), text);
            }
            return out;
        }
        throw new IllegalArgumentException(where + ": expected a label, or a label per language (en: ..., de: ...)");
    }
}
