package org.homeport.consent.internal.service;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A bounded least-recently-used cache of current consent states, split into segments so worker
 * threads rarely wait for each other. "No record" is cached too: most subjects of an opt-out
 * purpose never record anything.
 *
 * <p>Keys come from senders (tenant, subject, purpose), so the cache is bounded by entries and by
 * bytes: each entry's size is estimated from its key string (the string's characters plus the map
 * entry's and the string's own overhead), and a segment evicts its least recently used entries
 * until both its entry and its byte share fit.
 *
 * <p>Invalidation is safe against a concurrent load: a load that started before an invalidation
 * of its segment does not put its (possibly stale) result into the cache.
 */
final class ConsentStateCache<V> {

    /**
     * Per entry beyond the key's characters: the map entry (hash, links, value; about 40 bytes),
     * the key's {@code String} and its array headers (about 40), the access-order links (16) and
     * the cached value (a state and a policy version, about 24).
     */
    static final int ENTRY_OVERHEAD_BYTES = 120;
    /** Without a byte bound of its own, a cache of entries only: at most this much per entry. */
    private static final long UNBOUNDED = Long.MAX_VALUE;

    private final Segment<V>[] segments;

    ConsentStateCache(int capacity, int segmentCount) {
        this(capacity, UNBOUNDED, segmentCount);
    }

    ConsentStateCache(int capacity, long maxBytes, int segmentCount) {
        if (capacity < 1 || maxBytes < 1 || segmentCount < 1) {
            throw new IllegalArgumentException("a cache needs at least one entry, one byte and one segment");
        }
        @SuppressWarnings("unchecked")
        Segment<V>[] created = new Segment[segmentCount];
        segments = created;
        int perSegment = Math.max(1, capacity / segmentCount);
        long bytesPerSegment = maxBytes == UNBOUNDED ? UNBOUNDED : Math.max(1, maxBytes / segmentCount);
        for (int i = 0; i < segmentCount; i++) {
            segments[i] = new Segment<>(perSegment, bytesPerSegment);
        }
    }

    /** The estimated heap an entry with this key takes: two bytes a character at most, plus the overhead. */
    static long estimatedBytes(String key) {
        boolean latin1 = true;
        for (int i = 0; i < key.length() && latin1; i++) {
            latin1 = key.charAt(i) < 0x100;
        }
        return ENTRY_OVERHEAD_BYTES + (long) key.length() * (latin1 ? 1 : 2);
    }

    static String key(String tenant, String subject, String purpose) {
        return tenant + '\u0000' + subject + '\u0000' + purpose;
    }

    Optional<V> get(String key, Supplier<Optional<V>> load) {
        Segment<V> segment = segmentOf(key);
        long epoch;
        synchronized (segment) {
            Optional<V> cached = segment.entries.get(key);
            if (cached != null) {
                return cached;
            }
            epoch = segment.epoch;
        }
        Optional<V> loaded = load.get();
        synchronized (segment) {
            if (segment.epoch == epoch) {
                segment.put(key, loaded.isPresent() ? loaded : Optional.empty());
            }
        }
        return loaded;
    }

    void invalidate(String key) {
        Segment<V> segment = segmentOf(key);
        synchronized (segment) {
            segment.epoch++;
            segment.remove(key);
        }
    }

    int size() {
        int size = 0;
        for (Segment<V> segment : segments) {
            synchronized (segment) {
                size += segment.entries.size();
            }
        }
        return size;
    }

    /** The estimated bytes of every entry held. */
    long bytes() {
        long bytes = 0;
        for (Segment<V> segment : segments) {
            synchronized (segment) {
                bytes += segment.bytes;
            }
        }
        return bytes;
    }

    private Segment<V> segmentOf(String key) {
        return segments[Math.floorMod(key.hashCode(), segments.length)];
    }

    /** Guarded by its own monitor. */
    private static final class Segment<V> {
        final LinkedHashMap<String, Optional<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
        final int capacity;
        final long maxBytes;
        long bytes;
        long epoch;

        Segment(int capacity, long maxBytes) {
            this.capacity = capacity;
            this.maxBytes = maxBytes;
        }

        void put(String key, Optional<V> state) {
            long size = estimatedBytes(key);
            if (size > maxBytes) {
                return;
            }
            if (entries.put(key, state) == null) {
                bytes += size;
            }
            var eldest = entries.entrySet().iterator();
            while ((entries.size() > capacity || bytes > maxBytes) && eldest.hasNext()) {
                String evicted = eldest.next().getKey();
                eldest.remove();
                bytes -= estimatedBytes(evicted);
            }
        }

        void remove(String key) {
            if (entries.remove(key) != null) {
                bytes -= estimatedBytes(key);
            }
        }
    }
}
