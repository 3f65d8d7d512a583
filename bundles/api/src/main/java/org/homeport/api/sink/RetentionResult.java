package org.homeport.api.sink;

import java.time.Instant;
import java.util.Objects;

/**
 * What a retention run removed, and (since 1.4) what it left.
 *
 * @param removed       how many units were deleted
 * @param unit          what a unit is for this sink ({@code files}, {@code documents}, …)
 * @param eventsRemoved how many events the deleted units held, or {@link #UNKNOWN}
 * @param bytesRemoved  how many bytes the deleted units took, or {@link #UNKNOWN}
 * @param reportsHeld   whether the sink says what it still holds; {@code false} for sinks built
 *                      against 1.3, whose {@code oldestHeld} means nothing
 * @param oldestHeld    when {@code reportsHeld}: the earliest time the purpose's remaining data
 *                      may come from (for a daily file, the start of its day), or {@code null}
 *                      when the sink holds nothing of the purpose any more
 * @since 1.0; the last four components since 1.4
 */
public record RetentionResult(long removed, String unit, long eventsRemoved, long bytesRemoved, boolean reportsHeld,
        Instant oldestHeld) {
    /** A count the sink cannot tell. */
    public static final long UNKNOWN = -1;

    public RetentionResult {
        Objects.requireNonNull(unit, "unit");
        if (removed < 0 || eventsRemoved < UNKNOWN || bytesRemoved < UNKNOWN) {
            throw new IllegalArgumentException("counts are not negative (or UNKNOWN)");
        }
        if (!reportsHeld && oldestHeld != null) {
            throw new IllegalArgumentException("oldestHeld needs reportsHeld");
        }
    }

    /** What a sink that reports only the units it removed says (the 1.0 shape). */
    public RetentionResult(long removed, String unit) {
        this(removed, unit, UNKNOWN, UNKNOWN, false, null);
    }

    /**
     * What a sink that knows everything says.
     *
     * @param oldestHeld the earliest time of what it still holds, {@code null} for nothing
     */
    public static RetentionResult of(long removed, String unit, long eventsRemoved, long bytesRemoved,
            Instant oldestHeld) {
        return new RetentionResult(removed, unit, eventsRemoved, bytesRemoved, true, oldestHeld);
    }
}
