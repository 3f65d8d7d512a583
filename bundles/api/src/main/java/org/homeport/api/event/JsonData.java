package org.homeport.api.event;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep-immutable JSON values built from plain Java collections. Values are {@code String},
 * {@code Boolean}, finite {@code Number}s, {@code null}, {@code List} and
 * {@code Map<String, Object>}; anything else is refused so that every sink can serialize what it
 * is given.
 */
public final class JsonData {

    private JsonData() {
    }

    /**
     * Returns a deep-immutable copy of {@code object}, or the same map if this class froze it
     * already (only maps made here are trusted: an unmodifiable view may still change underneath).
     */
    public static Map<String, Object> freeze(Map<String, Object> object) {
        if (object instanceof FrozenMap) {
            return object;
        }
        return freezeMap(object);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Number number) {
            if (number instanceof Double || number instanceof Float) {
                double d = number.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("not a JSON number: " + number);
                }
            }
            return number;
        }
        if (value instanceof Map<?, ?> map) {
            return freezeMap((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            Object[] copy = new Object[list.size()];
            int i = 0;
            for (Object element : list) {
                copy[i++] = freezeValue(element);
            }
            return new FrozenList(copy);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    private static Map<String, Object> freezeMap(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("JSON object keys must not be null");
            }
            copy.put(entry.getKey(), freezeValue(entry.getValue()));
        }
        return new FrozenMap(copy);
    }

    /** A JSON object nobody holds a modifiable reference to. */
    private static final class FrozenMap extends AbstractMap<String, Object> {
        private final Map<String, Object> entries;

        FrozenMap(Map<String, Object> owned) {
            this.entries = Collections.unmodifiableMap(owned);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /** A JSON array nobody holds a modifiable reference to. */
    private static final class FrozenList extends AbstractList<Object> {
        private final Object[] elements;

        FrozenList(Object[] owned) {
            this.elements = owned;
        }

        @Override
        public Object get(int index) {
            return elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }
    }
}
