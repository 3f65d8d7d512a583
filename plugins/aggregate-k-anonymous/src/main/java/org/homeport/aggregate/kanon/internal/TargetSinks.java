package org.homeport.aggregate.kanon.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.homeport.api.sink.Sink;

/**
 * The sinks aggregates can go to, by name, as they come and go. Aggregating sinks (this one
 * included) are remembered by name only, to say why one named in {@code emit.sinks} is never
 * used: sending aggregates to an aggregator would count them again.
 */
final class TargetSinks {
    private record Target(String name, Sink sink) {
    }

    private final Map<Object, Target> targets = new LinkedHashMap<>();
    private final Map<Object, String> aggregating = new LinkedHashMap<>();

    /**
     * @param key   identifies the registration (the service object, or its reference)
     * @param sink  the sink; may be {@code null} for an aggregating one, which is never written to
     */
    synchronized void add(Object key, Map<String, ?> properties, Sink sink) {
        remove(key);
        String name = String.valueOf(properties.get(Sink.NAME_PROPERTY));
        if (isAggregating(properties.get(Sink.AGGREGATING_PROPERTY)) || sink == null) {
            aggregating.put(key, name);
        } else {
            targets.put(key, new Target(name, sink));
        }
    }

    synchronized void remove(Object key) {
        targets.remove(key);
        aggregating.remove(key);
    }

    /** The first non-aggregating sink bound under {@code name}, or {@code null}. */
    synchronized Sink find(String name) {
        for (Target target : targets.values()) {
            if (target.name().equals(name)) {
                return target.sink();
            }
        }
        return null;
    }

    synchronized boolean isAggregatingName(String name) {
        return aggregating.containsValue(name);
    }

    static boolean isAggregating(Object property) {
        return Boolean.TRUE.equals(property) || (property instanceof String text && text.strip().equalsIgnoreCase("true"));
    }
}
