package org.homeport.api.event;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

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
    /**
     * Applies {@code change} to every string inside {@code value}, through objects and arrays, and
     * returns {@code value} itself when nothing changed, otherwise a copy that shares the unchanged
     * parts. Anonymizers that work on free text use it, so each needs only its string function.
     *
     * @param maxDepth the deepest object or array to enter, {@code value} being depth 1
     * @param tooDeep  what an object or array deeper than that becomes (callers that must not keep
     *                 what they did not scan replace it, e.g. with a marker)
     * @since 1.1
     */
    public static Object mapStrings(Object value, UnaryOperator<String> change, int maxDepth, Object tooDeep) {
        return mapStrings(value, change, 1, maxDepth, tooDeep);
    }

    private static Object mapStrings(Object value, UnaryOperator<String> change, int depth, int maxDepth, Object tooDeep) {
        if (value instanceof String text) {
            return change.apply(text);
        }
        if ((value instanceof Map<?, ?> || value instanceof List<?>) && depth > maxDepth) {
            return tooDeep;
        }
        if (value instanceof Map<?, ?> object) {
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                Object changed = mapStrings(entry.getValue(), change, depth + 1, maxDepth, tooDeep);
                if (changed != entry.getValue()) {
                    if (copy == null) {
                        copy = new LinkedHashMap<>(object);
                    }
                    copy.put(entry.getKey(), changed);
                }
            }
            return copy == null ? value : copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object changed = mapStrings(list.get(i), change, depth + 1, maxDepth, tooDeep);
                if (changed != list.get(i)) {
                    if (copy == null) {
                        copy = new ArrayList<>(list);
                    }
                    copy.set(i, changed);
                }
            }
            return copy == null ? value : copy;
        }
        return value;
    }

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
