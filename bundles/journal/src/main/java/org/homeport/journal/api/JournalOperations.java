package org.homeport.journal.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Operators' actions on the journal. Every sink name must be one the node knows. */
@ProviderType
public interface JournalOperations {

    /** The first and the last sequence the journal holds (first > last when it is empty). */
    Range range();

    /**
     * Up to {@code max} dead letters of {@code sink}, oldest first.
     *
     * @throws JournalOperationException NOT_FOUND for a sink the node does not know
     */
    List<DeadLetterView> deadLetters(String sink, int max);

    /**
     * Appends every dead letter of {@code sink} to the journal again, bound for that sink only, and
     * removes them from the dead letters once they are durable.
     *
     * @return how many were replayed
     */
    int replayDeadLetters(String sink);

    /**
     * Appends again, bound for {@code sink} only, the events in sequences {@code from..to} that the
     * journal still holds and that were bound for {@code source} (the same sink, to redeliver what it
     * lost; or another, to give a new sink what that one got). A non-aggregating sink never gets
     * what was bound for an aggregating one.
     *
     * @return how many events were appended
     * @throws JournalOperationException INVALID for a bad range or an aggregating source, FULL when
     *                                   the journal has no room
     */
    long replay(String sink, String source, long from, long to, long maxEvents);

    record Range(long first, long last) {
    }
}
