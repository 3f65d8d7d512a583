package org.homeport.aggregate.kanon.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * One tumbling window, {@code [start, end)} in epoch milliseconds. Both ends are kept (not only the
 * start) so that counts made before a change of {@code window} stay in their own windows.
 */
record WindowKey(long start, long end) implements Comparable<WindowKey> {

    WindowKey {
        if (end <= start) {
            throw new IllegalArgumentException("a window must end after it starts: " + start + ".." + end);
        }
    }

    /** The window of {@code length} that holds {@code instant}, aligned to 1970-01-01T00:00Z. */
    static WindowKey containing(Instant instant, Duration length) {
        long millis = length.toMillis();
        long start = Math.floorDiv(instant.toEpochMilli(), millis) * millis;
        return new WindowKey(start, start + millis);
    }

    Instant startInstant() {
        return Instant.ofEpochMilli(start);
    }

    Instant endInstant() {
        return Instant.ofEpochMilli(end);
    }

    /** When the window stops counting: its end plus the grace period. */
    Instant closesAt(Duration grace) {
        return endInstant().plus(grace);
    }

    @Override
    public int compareTo(WindowKey other) {
        int byStart = Long.compare(start, other.start);
        return byStart != 0 ? byStart : Long.compare(end, other.end);
    }

    @Override
    public String toString() {
        return "[" + startInstant() + ", " + endInstant() + ")";
    }
}
