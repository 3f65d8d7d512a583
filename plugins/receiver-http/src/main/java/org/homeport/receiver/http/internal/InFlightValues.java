package org.homeport.receiver.http.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON values that requests of one receiver hold on the heap while they are parsed, before the
 * intake takes their events (and counts them in its own byte budget). Bounds what many slow
 * requests at once can hold: the per-request limit times the connection cap would be far more
 * than any heap.
 */
final class InFlightValues {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    InFlightValues(long limit) {
        this.limit = limit;
    }

    /** Counts {@code values} more; @return {@code false} if that went over the limit (they stay counted). */
    boolean add(long values) {
        return held.addAndGet(values) <= limit;
    }

    void release(long values) {
        held.addAndGet(-values);
    }

    long held() {
        return held.get();
    }

    long limit() {
        return limit;
    }
}
