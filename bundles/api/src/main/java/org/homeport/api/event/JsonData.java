package org.homeport.api.event;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * already, by this method or an {@link #objectBuilder()} (only maps made here are trusted: an
     * unmodifiable view may still change underneath).
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
            return new FrozenList(copy, copy.length);
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

    /**
     * Starts a JSON object that becomes deep-immutable without being copied: what a parser or an
     * anonymizer builds entry by entry goes into it, and {@link ObjectBuilder#build()} hands out
     * the object itself, which {@link #freeze} and {@link TelemetryEvent} then keep as it is.
     * Values are checked and frozen as they are put (a value built by another builder, or frozen
     * already, is kept as it is; any other map or list is copied, as {@link #freeze} does).
     *
     * @since 1.4
     */
    public static ObjectBuilder objectBuilder() {
        return new ObjectBuilder(8);
    }

    /**
     * Starts a JSON array that becomes deep-immutable without being copied; see
     * {@link #objectBuilder()}.
     *
     * @since 1.4
     */
    public static ArrayBuilder arrayBuilder() {
        return new ArrayBuilder();
    }

    /**
     * One JSON object under construction. Not thread-safe. {@link #build()} ends it: after that
     * every call but {@code build()} itself throws {@link IllegalStateException}, so nobody keeps a
     * way to change the object it returned.
     *
     * @since 1.4
     */
    public static final class ObjectBuilder {
        private Map<String, Object> entries;
        private Map<String, Object> built;

        private ObjectBuilder(int expectedSize) {
            entries = new LinkedHashMap<>(Math.max(4, expectedSize * 2));
        }

        /**
         * Sets {@code key} to {@code value} (a later put of the same key replaces it).
         *
         * @throws IllegalArgumentException if the key is null or the value no JSON value
         */
        public ObjectBuilder put(String key, Object value) {
            if (key == null) {
                throw new IllegalArgumentException("JSON object keys must not be null");
            }
            open().put(key, freezeValue(value));
            return this;
        }

        /** Removes {@code key} if present. */
        public ObjectBuilder remove(String key) {
            open().remove(key);
            return this;
        }

        public boolean containsKey(String key) {
            return open().containsKey(key);
        }

        public int size() {
            return open().size();
        }

        /** The deep-immutable object; the same one on every call. */
        public Map<String, Object> build() {
            if (built == null) {
                built = new FrozenMap(entries);
                entries = null;
            }
            return built;
        }

        private Map<String, Object> open() {
            if (entries == null) {
                throw new IllegalStateException("this JSON object is built already");
            }
            return entries;
        }
    }

    /**
     * One JSON array under construction. Not thread-safe. {@link #build()} ends it, as
     * {@link ObjectBuilder#build()} does.
     *
     * @since 1.4
     */
    public static final class ArrayBuilder {
        private Object[] elements = new Object[8];
        private int size;
        private List<Object> built;

        private ArrayBuilder() {
        }

        /** @throws IllegalArgumentException if the value is no JSON value */
        public ArrayBuilder add(Object value) {
            if (elements == null) {
                throw new IllegalStateException("this JSON array is built already");
            }
            Object frozen = freezeValue(value);
            if (size == elements.length) {
                elements = Arrays.copyOf(elements, size * 2);
            }
            elements[size++] = frozen;
            return this;
        }

        public int size() {
            if (elements == null) {
                throw new IllegalStateException("this JSON array is built already");
            }
            return size;
        }

        /** The deep-immutable array; the same one on every call. */
        public List<Object> build() {
            if (built == null) {
                built = new FrozenList(elements, size);
                elements = null;
            }
            return built;
        }
    }

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
        private final int size;

        FrozenList(Object[] owned, int size) {
            this.elements = owned;
            this.size = size;
        }

        @Override
        public Object get(int index) {
            Objects.checkIndex(index, size);
            return elements[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
