package org.homeport.api.intake;

import java.time.Duration;

/** The intake's bounded queues are full; the receiver should tell its sender to retry later. */
public class IntakeBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public IntakeBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
