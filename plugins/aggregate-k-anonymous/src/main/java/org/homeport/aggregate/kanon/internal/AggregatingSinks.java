package org.homeport.aggregate.kanon.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names of the aggregating sinks registered now (this one included), as they come and go,
 * known by their service references only. Aggregates are never appended for such a name: the
 * journal's delivery would hand them to an aggregator, which would count them again.
 */
final class AggregatingSinks {
    private final Map<Object, String> names = new LinkedHashMap<>();

    /** @param key identifies the registration (its service reference) */
    synchronized void add(Object key, String name) {
        names.put(key, name);
    }

    synchronized void remove(Object key) {
        names.remove(key);
    }

    /** Whether an aggregating sink is registered under {@code name}. */
    synchronized boolean contains(String name) {
        return names.containsValue(name);
    }

    static boolean isAggregating(Object property) {
        return Boolean.TRUE.equals(property) || (property instanceof String text && text.strip().equalsIgnoreCase("true"));
    }
}
