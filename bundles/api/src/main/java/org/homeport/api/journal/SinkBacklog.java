package org.homeport.api.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * What waits in the journal for one sink.
 *
 * @param sink        the sink's name
 * @param events      events not yet acknowledged by the sink
 * @param bytes       their size in the journal (an estimate: a record's bytes shared by its events)
 * @param oldest      how long the oldest of them has waited; {@link Duration#ZERO} when none waits
 * @param deadLetters events the sink refused for good, kept for inspection and replay
 * @param state       {@code delivering}, {@code idle}, {@code retrying} or {@code sink-missing}
 * @param lastError   why the last write failed, for people (never event content), or {@code null}
 */
public record SinkBacklog(String sink, long events, long bytes, Duration oldest, long deadLetters, String state,
                          String lastError) {
    public SinkBacklog {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(oldest, "oldest");
        Objects.requireNonNull(state, "state");
    }
}
