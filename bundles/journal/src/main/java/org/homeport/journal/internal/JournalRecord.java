package org.homeport.journal.internal;

import java.util.Objects;

/** One durable record: the sequence the log gave it and its opaque payload. */
public record JournalRecord(long sequence, byte[] payload) {

    public JournalRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1: " + sequence);
        }
        Objects.requireNonNull(payload, "payload");
    }
}
