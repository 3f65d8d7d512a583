package org.homeport.anonymizer.pii.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.Pseudonymizer;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;

/**
 * One configured {@code pii-redact}: first the fields named in {@code name.fields} and
 * {@code user-id.fields} are treated as a whole, then free text is scanned, everywhere under the
 * attributes or only in {@code fields}, leaving out what was already treated as a whole.
 *
 * <p>The walk is its own rather than {@code JsonData.mapStrings}, because {@code drop} removes the
 * string that holds a finding: the attribute or the array element. It visits each value once, and
 * goes no deeper than {@link PiiRedactAnonymizer#MAX_DEPTH}: an object or array below that is
 * replaced by {@link PiiRedactAnonymizer#TOO_DEEP} unseen (fail closed), so recursion is bounded.
 */
final class PiiRedactStep implements AnonymizerStep {
    /** What the walk returns for a value that is to be removed. */
    private static final Object DROPPED = new Object();
    private static final String ATTRIBUTES_PREFIX = "attributes.";

    private final PiiRedactor redactor;
    private final List<FieldPath> fields;
    private final Map<FieldPath, String> wholeFields;
    private final Node wholeAttributes;
    private final Pseudonymizer pseudonymizer;

    /**
     * @param fields        where free text is scanned; empty for every string under the attributes
     * @param wholeFields   the type ({@code name}, {@code user-id}) of each field treated as a whole
     * @param pseudonymizer for {@code hmac}; {@code null} if no type has that treatment
     */
    PiiRedactStep(PiiRedactor redactor, List<FieldPath> fields, Map<FieldPath, String> wholeFields,
            Pseudonymizer pseudonymizer) {
        this.redactor = redactor;
        this.fields = List.copyOf(fields);
        this.wholeFields = new LinkedHashMap<>(wholeFields);
        this.wholeAttributes = new Node();
        wholeFields.keySet().stream().filter(path -> path.attributeKey() != null)
                .forEach(path -> wholeAttributes.add(keys(path)));
        this.pseudonymizer = pseudonymizer;
    }

    @Override
    public TelemetryEvent apply(TelemetryEvent event) {
        return apply(event, pseudonymizer == null ? PiiRedactStep::noPseudonymizer : pseudonymizer::pseudonymize);
    }

    /**
     * With {@code hmac}: the event as each live key would have pseudonymized it, the current key
     * first; a key that retires between listing and use is skipped. Otherwise the default.
     */
    @Override
    public List<TelemetryEvent> storedForms(TelemetryEvent event) {
        if (pseudonymizer == null) {
            return List.of(apply(event));
        }
        List<TelemetryEvent> forms = new ArrayList<>();
        for (String keyId : pseudonymizer.liveKeyIds()) {
            try {
                forms.add(apply(event, value -> pseudonymizer.pseudonymize(value, keyId)));
            } catch (IllegalArgumentException retired) {
                // the key retired meanwhile: nothing stored under it can be matched any more
            }
        }
        return forms.isEmpty() ? List.of(apply(event)) : forms;
    }

    private TelemetryEvent apply(TelemetryEvent event, UnaryOperator<String> pseudonym) {
        TelemetryEvent result = event;
        for (Map.Entry<FieldPath, String> whole : wholeFields.entrySet()) {
            String type = whole.getValue();
            result = update(result, whole.getKey(), null, (value, key) -> wholeValue(value, type, pseudonym));
        }
        Leaf freeText = (value, key) -> value instanceof String text ? orDropped(redactor.redact(text, key, pseudonym)) : value;
        if (fields.isEmpty()) {
            Object attributes = walk(result.attributes(), null, wholeAttributes, 1, freeText);
            return attributes == result.attributes() ? result : result.withAttributes(asObject(attributes));
        }
        for (FieldPath field : fields) {
            if (wholeFields.containsKey(field)) {
                continue;                                      // treated as a whole already
            }
            Node skip = field.attributeKey() != null ? wholeAttributes.find(keys(field)) : null;
            result = update(result, field, skip, freeText);
        }
        return result;
    }

    private Object wholeValue(Object value, String type, UnaryOperator<String> pseudonym) {
        if (value instanceof String || value instanceof Number) {
            String text = value.toString();
            String treated = redactor.treatWhole(text, type, pseudonym);
            return treated == null ? DROPPED : value instanceof String && treated.equals(text) ? value : treated;
        }
        return value;                                          // booleans and nulls say nothing about a person
    }

    /** Walks the value at {@code field} and replaces or removes it as the walk says. */
    private static TelemetryEvent update(TelemetryEvent event, FieldPath field, Node skip, Leaf leaf) {
        Object value = field.get(event);
        if (value == null) {
            return event;
        }
        String path = field.toString();
        Object changed = walk(value, path.substring(path.lastIndexOf('.') + 1), skip, 1, leaf);
        if (changed == DROPPED) {
            return field.remove(event);
        }
        return changed == value ? event : field.update(event, old -> changed);
    }

    /**
     * @param key   the key of the object member {@code value} is, or of the nearest one holding the array
     *              it is in; {@code null} at the top
     * @param skip  where under this value the fields treated as a whole are, which are left as they are
     * @param depth of {@code value}, the walk's start being 1
     * @param leaf  what becomes of a value that is neither object nor array: itself, a new value, or
     *              {@link #DROPPED}
     * @return {@code value} itself if nothing changed, {@link #DROPPED}, or a changed copy sharing the
     *         unchanged parts
     */
    private static Object walk(Object value, String key, Node skip, int depth, Leaf leaf) {
        if (skip != null && skip.whole) {
            return value;
        }
        boolean container = value instanceof Map<?, ?> || value instanceof List<?>;
        if (container && depth > PiiRedactAnonymizer.MAX_DEPTH) {
            return PiiRedactAnonymizer.TOO_DEEP;
        }
        if (value instanceof Map<?, ?> object) {
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                Node child = skip == null ? null : skip.children.get(entry.getKey());
                Object changed = walk(entry.getValue(), String.valueOf(entry.getKey()), child, depth + 1, leaf);
                if (changed != entry.getValue()) {
                    if (copy == null) {
                        copy = new LinkedHashMap<>(object);
                    }
                    if (changed == DROPPED) {
                        copy.remove(entry.getKey());
                    } else {
                        copy.put(entry.getKey(), changed);
                    }
                }
            }
            return copy == null ? value : copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                Object changed = walk(element, key, null, depth + 1, leaf);    // field paths cannot index arrays
                if (changed != element && copy == null) {
                    copy = new ArrayList<>(list.subList(0, i));
                }
                if (copy != null && changed != DROPPED) {
                    copy.add(changed);
                }
            }
            return copy == null ? value : copy;
        }
        return leaf.apply(value, key);
    }

    /** What becomes of a value that is neither object nor array, given its key (see {@link #walk}). */
    @FunctionalInterface
    private interface Leaf {
        Object apply(Object value, String key);
    }

    private static Object orDropped(String text) {
        return text == null ? DROPPED : text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object attributes) {
        return (Map<String, Object>) attributes;
    }

    /** {@code attributes.a.b} → {@code [a, b]}; FieldPath has checked that no key is empty. */
    private static String[] keys(FieldPath path) {
        return path.toString().substring(ATTRIBUTES_PREFIX.length()).split("\\.", -1);
    }

    private static String noPseudonymizer(String value) {
        throw new IllegalStateException("no Pseudonymizer: configure() refuses 'hmac' without one");
    }

    /** The attribute paths treated as a whole, as a tree of keys. */
    private static final class Node {
        final Map<Object, Node> children = new HashMap<>();
        boolean whole;

        void add(String[] keys) {
            Node node = this;
            for (String key : keys) {
                node = node.children.computeIfAbsent(key, any -> new Node());
            }
            node.whole = true;
        }

        /** @return the node at {@code keys}, a whole node on the way there, or {@code null} */
        Node find(String[] keys) {
            Node node = this;
            for (String key : keys) {
                node = node.children.get(key);
                if (node == null || node.whole) {
                    return node;
                }
            }
            return node;
        }
    }
}
