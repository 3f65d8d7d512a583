package org.homeport.consent.internal.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.homeport.api.consent.ConsentState;

/**
 * A bounded least-recently-used cache of current consent states, split into segments so worker
 * threads rarely wait for each other. "No record" is cached too: most subjects of an opt-out
 * purpose never record anything.
 *
 * <p>Invalidation is safe against a concurrent load: a load that started before an invalidation
 * of its segment does not put its (possibly stale) result into the cache.
 */
final class ConsentStateCache {
    private static final Optional<ConsentState> NO_RECORD = Optional.empty();

    private final Segment[] segments;

    ConsentStateCache(int capacity, int segmentCount) {
        segments = new Segment[segmentCount];
        int perSegment = Math.max(1, capacity / segmentCount);
        for (int i = 0; i < segmentCount; i++) {
            segments[i] = new Segment(perSegment);
        }
    }

    static String key(String tenant, String subject, String purpose) {
        return tenant + '\u0000' + subject + '\u0000' + purpose;
    }

    Optional<ConsentState> get(String key, Supplier<Optional<ConsentState>> load) {
        Segment segment = segmentOf(key);
        long epoch;
        synchronized (segment) {
            Optional<ConsentState> cached = segment.entries.get(key);
            if (cached != null) {
                return cached;
            }
            epoch = segment.epoch;
        }
        Optional<ConsentState> loaded = load.get();
        synchronized (segment) {
            if (segment.epoch == epoch) {
                segment.entries.put(key, loaded.isPresent() ? loaded : NO_RECORD);
            }
        }
        return loaded;
    }

    void invalidate(String key) {
        Segment segment = segmentOf(key);
        synchronized (segment) {
            segment.epoch++;
            segment.entries.remove(key);
        }
    }

    int size() {
        int size = 0;
        for (Segment segment : segments) {
            synchronized (segment) {
                size += segment.entries.size();
            }
        }
        return size;
    }

    private Segment segmentOf(String key) {
        return segments[Math.floorMod(key.hashCode(), segments.length)];
    }

    private static final class Segment {
        final Map<String, Optional<ConsentState>> entries;
        long epoch;

        Segment(int capacity) {
            entries = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<ConsentState>> eldest) {
                    return size() > capacity;
                }
            };
        }
    }
}
