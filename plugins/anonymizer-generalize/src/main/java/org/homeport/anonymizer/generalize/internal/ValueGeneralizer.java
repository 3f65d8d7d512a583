package org.homeport.anonymizer.generalize.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Generalizes one kind of value (a timestamp, a location, a number). Implementations are
 * immutable and therefore thread-safe.
 */
interface ValueGeneralizer {

    /** Returned for a value that cannot be read as what the field should hold: it is removed. */
    Object REMOVE = new Object() {
        @Override
        public String toString() {
            return "REMOVE";
        }
    };

    /**
     * @param value a non-null value that is not a list
     * @return {@code value} itself if it is already as general as configured, a replacement, or
     *         {@link #REMOVE}
     */
    Object generalizeOne(Object value);

    /**
     * Generalizes {@code value}, or each element if it is a list (elements that cannot be
     * generalized, nested lists and nulls among them, are left out).
     *
     * @return {@code value} itself when nothing changed, a replacement, or {@link #REMOVE}
     */
    default Object generalize(Object value) {
        if (!(value instanceof List<?> list)) {
            return generalizeOne(value);
        }
        List<Object> out = null;
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            Object result = element == null || element instanceof List<?> ? REMOVE : generalizeOne(element);
            if (result != element && out == null) {
                out = new ArrayList<>(list.subList(0, i));
            }
            if (out != null && result != REMOVE) {
                out.add(result);
            }
        }
        return out == null ? value : out;
    }
}
