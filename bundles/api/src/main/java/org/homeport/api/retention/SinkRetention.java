package org.homeport.api.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * What one sink did for one purpose in one retention run.
 *
 * @param sink          the sink's name
 * @param removed       how many units it deleted
 * @param unit          what a unit is for the sink ({@code files}, {@code documents}, …)
 * @param eventsRemoved how many events went with them, or {@code -1} if the sink cannot tell
 * @param bytesRemoved  how many bytes went with them, or {@code -1} if the sink cannot tell
 * @param held          whether the sink still holds data of the purpose
 * @param oldestHeld    the earliest time the remaining data may come from, when {@code held} is
 *                      {@link Held#SOME} and the sink says; else {@code null}
 * @param failure       why the sink could not run retention (no data quoted), or {@code null}
 * @since 1.0
 */
public record SinkRetention(String sink, long removed, String unit, long eventsRemoved, long bytesRemoved, Held held,
        Instant oldestHeld, String failure) {
    public SinkRetention {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(held, "held");
    }

    /** Whether this sink deleted anything in the run. */
    public boolean deletedAnything() {
        return removed > 0 || eventsRemoved > 0;
    }
}
