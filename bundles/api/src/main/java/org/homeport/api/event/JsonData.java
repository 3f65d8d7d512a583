package org.homeport.api.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep-immutable JSON values built from plain Java collections. Values are {@code String},
 * {@code Boolean}, {@code Number}, {@code null}, {@code List} and {@code Map<String, Object>};
 * anything else is refused so that every sink can serialize what it is given.
 */
public final class JsonData {
    private static final Class<?> FROZEN_MAP = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();
    private static final Class<?> FROZEN_LIST = Collections.unmodifiableList(new ArrayList<>()).getClass();

    private JsonData() {
    }

    /** Returns a deep-immutable copy of {@code object}, or the same map if it already is one. */
    public static Map<String, Object> freeze(Map<String, Object> object) {
        if (FROZEN_MAP.isInstance(object) && isFrozenDeep(object)) {
            return object;
        }
        return freezeMap(object);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return freezeMap((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(freezeValue(element));
            }
            return Collections.unmodifiableList(copy);
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
        return Collections.unmodifiableMap(copy);
    }

    private static boolean isFrozenDeep(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (!FROZEN_MAP.isInstance(map)) {
                return false;
            }
            for (Object child : map.values()) {
                if (!isFrozenDeep(child)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            if (!FROZEN_LIST.isInstance(list)) {
                return false;
            }
            for (Object child : list) {
                if (!isFrozenDeep(child)) {
                    return false;
                }
            }
            return true;
        }
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Number;
    }
}
