package org.homeport.api.journal;

import java.time.Duration;

/** The journal has no room for a batch now: its quota or its write queue is full. */
public class JournalFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public JournalFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long a sender should wait before it tries again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
