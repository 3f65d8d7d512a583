package org.homeport.aggregate.kanon.internal;

import java.util.List;

/** One line of the state log. Replaying every line in order rebuilds the state. */
sealed interface StateRecord {

    /** The first line of a compacted log; tells the format apart from anything else. */
    record Header(int version) implements StateRecord {
    }

    /** What one accepted batch added; only written once the batch is counted. */
    record Counts(List<Count> counts) implements StateRecord {
        public Counts {
            counts = List.copyOf(counts);
        }
    }

    /**
     * {@code n} events of {@code group} in part {@code part} of {@code window}, sent by {@code people}
     * (their keyed hashes; empty in a log of version 1, which did not count people).
     */
    record Count(WindowKey window, int part, GroupKey group, long n, People people) {
    }

    /** The key of the people's hashes ({@link PersonHashes}); the second line of every log since version 2. */
    record Key(byte[] key) implements StateRecord {
    }

    /** The part stops counting and will be emitted exactly as it is now. */
    record Seal(WindowKey window, int part, boolean partial) implements StateRecord {
    }

    /** The journal holds the part's aggregates durably (or it had none): its counts are gone. */
    record Emitted(WindowKey window, int part) implements StateRecord {
    }

    /** Only in compacted logs: new counts of the window go to part {@code openPart}. */
    record WindowOpenPart(WindowKey window, int openPart) implements StateRecord {
    }
}
