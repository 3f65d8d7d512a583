package org.homeport.journal.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.homeport.api.event.TelemetryEvent;

/**
 * Erasures in force in memory: while the journal is rewritten, and afterwards for records a sink
 * had already read, an erased event is withheld from every write. Each holds the subject's query,
 * so their number is bounded; one is forgotten once every sink is past the records it covers.
 */
final class ErasureFilter {
    static final int MAX_ERASURES = 10_000;

    static final class Erasure {
        final Predicate<TelemetryEvent> match;
        /** Records up to this sequence are covered; all of them while the erasure runs. */
        volatile long upTo = Long.MAX_VALUE;

        Erasure(Predicate<TelemetryEvent> match) {
            this.match = match;
        }
    }

    private final CopyOnWriteArrayList<Erasure> active = new CopyOnWriteArrayList<>();

    /** @throws IllegalStateException when too many are in force; the caller should try again later */
    Erasure begin(Predicate<TelemetryEvent> match) {
        if (active.size() >= MAX_ERASURES) {
            throw new IllegalStateException("too many erasures wait for slow sinks; try again later");
        }
        Erasure erasure = new Erasure(match);
        active.add(erasure);
        return erasure;
    }

    void settle(Erasure erasure, long upTo) {
        erasure.upTo = upTo;
    }

    boolean erased(long sequence, TelemetryEvent event) {
        for (Erasure erasure : active) {
            if (sequence <= erasure.upTo && erasure.match.test(event)) {
                return true;
            }
        }
        return false;
    }

    /** What is erased in the record at {@code sequence}, or {@code null} if nothing can be. */
    Predicate<TelemetryEvent> matcher(long sequence) {
        List<Erasure> covering = active.stream().filter(erasure -> sequence <= erasure.upTo).toList();
        if (covering.isEmpty()) {
            return null;
        }
        return event -> covering.stream().anyMatch(erasure -> erasure.match.test(event));
    }

    /** Forgets the erasures whose records every sink has passed. */
    void forgetUpTo(long sequence) {
        active.removeIf(erasure -> erasure.upTo <= sequence);
    }
}
