package org.homeport.api.event;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Names a field of an event the way configuration does: {@code subject}, {@code source.device},
 * {@code source.version}, or {@code attributes.<key>[.<key>…]} for a (nested) attribute.
 * Anonymizers use it to read, replace and remove fields without knowing the event's layout.
 */
public final class FieldPath {
    private final String text;
    private final Root root;
    private final List<String> keys;

    private enum Root { SUBJECT, SOURCE_DEVICE, SOURCE_VERSION, ATTRIBUTES }

    private FieldPath(String text, Root root, List<String> keys) {
        this.text = text;
        this.root = root;
        this.keys = keys;
    }

    /**
     * @throws IllegalArgumentException if the path names no field an anonymizer may touch
     */
    public static FieldPath parse(String text) {
        String path = text == null ? "" : text.trim();
        switch (path) {
            case "subject":
                return new FieldPath(path, Root.SUBJECT, List.of());
            case "source.device":
                return new FieldPath(path, Root.SOURCE_DEVICE, List.of());
            case "source.version":
                return new FieldPath(path, Root.SOURCE_VERSION, List.of());
            default:
                break;
        }
        if (path.startsWith("attributes.") && path.length() > "attributes.".length()) {
            List<String> keys = Arrays.asList(path.substring("attributes.".length()).split("\\.", -1));
            if (keys.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("empty key in field path '" + path + "'");
            }
            return new FieldPath(path, Root.ATTRIBUTES, List.copyOf(keys));
        }
        throw new IllegalArgumentException("unknown field path '" + path
                + "': use subject, source.device, source.version or attributes.<key>[.<key>...]");
    }

    /** The value at this path, or {@code null} if the event has none. */
    public Object get(TelemetryEvent event) {
        switch (root) {
            case SUBJECT:
                return event.subject();
            case SOURCE_DEVICE:
                return event.source().device();
            case SOURCE_VERSION:
                return event.source().version();
            default:
                Object current = event.attributes();
                for (String key : keys) {
                    if (!(current instanceof Map<?, ?> map)) {
                        return null;
                    }
                    current = map.get(key);
                }
                return current;
        }
    }

    /**
     * Returns the event with the value at this path replaced by {@code change.apply(old)}; a
     * missing field stays missing. A {@code null} result keeps the key with a JSON null for
     * attributes and clears the subject or source field.
     */
    public TelemetryEvent update(TelemetryEvent event, UnaryOperator<Object> change) {
        switch (root) {
            case SUBJECT:
                return event.subject() == null ? event : event.withSubject(asText(change.apply(event.subject())));
            case SOURCE_DEVICE:
                return event.source().device() == null ? event
                        : event.withSource(event.source().withDevice(asText(change.apply(event.source().device()))));
            case SOURCE_VERSION: {
                Source s = event.source();
                return s.version() == null ? event
                        : event.withSource(new Source(s.product(), asText(change.apply(s.version())), s.device()));
            }
            default: {
                Map<String, Object> updated = updateIn(event.attributes(), 0, change, false);
                return updated == event.attributes() ? event : event.withAttributes(updated);
            }
        }
    }

    /** Returns the event without this field (the subject or source field becomes {@code null}). */
    public TelemetryEvent remove(TelemetryEvent event) {
        switch (root) {
            case SUBJECT:
                return event.subject() == null ? event : event.withSubject(null);
            case SOURCE_DEVICE:
                return event.source().device() == null ? event : event.withSource(event.source().withDevice(null));
            case SOURCE_VERSION: {
                Source s = event.source();
                return s.version() == null ? event : event.withSource(new Source(s.product(), null, s.device()));
            }
            default: {
                Map<String, Object> updated = updateIn(event.attributes(), 0, null, true);
                return updated == event.attributes() ? event : event.withAttributes(updated);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> updateIn(Map<String, Object> map, int depth, UnaryOperator<Object> change, boolean remove) {
        String key = keys.get(depth);
        if (!map.containsKey(key)) {
            return map;
        }
        Object old = map.get(key);
        if (depth == keys.size() - 1) {
            return remove ? with(map, key, null, true) : with(map, key, change.apply(old), false);
        }
        if (!(old instanceof Map<?, ?> child)) {
            return map;
        }
        Map<String, Object> updatedChild = updateIn((Map<String, Object>) child, depth + 1, change, remove);
        if (updatedChild == child) {
            return map;
        }
        return with(map, key, updatedChild, false);
    }

    /**
     * {@code map} with {@code key} set to {@code value} in its place, or removed, as one frozen
     * copy: {@link TelemetryEvent#withAttributes} then keeps it instead of copying it again, and the
     * unchanged values, frozen already, are shared.
     */
    private static Map<String, Object> with(Map<String, Object> map, String key, Object value, boolean remove) {
        JsonData.ObjectBuilder copy = JsonData.objectBuilder();
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            if (!entry.getKey().equals(key)) {
                copy.put(entry.getKey(), entry.getValue());
            } else if (!remove) {
                copy.put(key, value);
            }
        }
        return copy.build();
    }

    private static String asText(Object value) {
        return value == null ? null : value.toString();
    }

    /** The top-level attribute key, or {@code null} if this path is not an attribute. */
    public String attributeKey() {
        return root == Root.ATTRIBUTES ? keys.get(0) : null;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath that && that.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
