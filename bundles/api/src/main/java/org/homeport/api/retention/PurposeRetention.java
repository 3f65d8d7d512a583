package org.homeport.api.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The retention facts of one purpose: its last run, what that run and the last run that deleted
 * anything did per sink, and what is still held.
 *
 * @param purpose         the purpose id
 * @param retention       the retention the run applied
 * @param retired         whether the purpose was retired (its last policy's retention applies)
 * @param lastRun         when retention last ran for it
 * @param cutoff          what the last run deleted data older than
 * @param sinks           what each sink did in the last run
 * @param lastDeletionAt  when a run last deleted anything, or {@code null} if none did since start
 * @param lastDeletion    what each sink deleted in that run; empty if none
 * @since 1.0
 */
public record PurposeRetention(String purpose, Duration retention, boolean retired, Instant lastRun, Instant cutoff,
        List<SinkRetention> sinks, Instant lastDeletionAt, List<SinkRetention> lastDeletion) {
    public PurposeRetention {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(lastRun, "lastRun");
        Objects.requireNonNull(cutoff, "cutoff");
        sinks = List.copyOf(sinks);
        lastDeletion = List.copyOf(lastDeletion);
    }

    /** {@link Held#NONE} only when every sink said it holds nothing; {@link Held#SOME} when any holds some. */
    public Held held() {
        if (sinks.stream().anyMatch(sink -> sink.held() == Held.SOME)) {
            return Held.SOME;
        }
        return !sinks.isEmpty() && sinks.stream().allMatch(sink -> sink.held() == Held.NONE) ? Held.NONE : Held.UNKNOWN;
    }

    /** The earliest time of what any sink still holds, as the sinks said it in the last run. */
    public Optional<Instant> oldestHeld() {
        return sinks.stream().map(SinkRetention::oldestHeld).filter(Objects::nonNull).min(Instant::compareTo);
    }

    /** Whether the last run deleted anything. */
    public boolean deletedAnything() {
        return sinks.stream().anyMatch(SinkRetention::deletedAnything);
    }
}
