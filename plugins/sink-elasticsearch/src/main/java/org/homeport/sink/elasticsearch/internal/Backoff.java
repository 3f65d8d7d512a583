package org.homeport.sink.elasticsearch.internal;

import java.time.Duration;

/**
 * Waits between attempts and the pause a 429 imposes on later bulk requests.
 *
 * <p>Retries: the wait before attempt {@code n} (1 for the first retry) is {@code initial * 2^(n-1)}, at
 * most {@code max}. A write stops retrying when the next attempt would exceed {@code attempts} or start
 * after its deadline; the journal then retries the whole batch later (event ids make that harmless).
 *
 * <p>Throttle: every response with a 429 doubles the pause before each bulk request (from
 * {@code initial}, at most {@code max}); every response without one halves it, and below
 * {@code initial} it is gone. So a busy cluster gets fewer requests per second until it keeps up.
 * Not thread-safe: one writer uses it.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final int attempts;
    private long pauseMillis;

    Backoff(Duration initial, Duration max, int attempts) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry waits must be positive, the longest at least the first");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("retry.attempts must be at least 1, was " + attempts);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.attempts = attempts;
    }

    /** The wait before retry number {@code retry} (1-based). */
    long retryDelayMillis(int retry) {
        long delay = initialMillis;
        for (int i = 1; i < retry && delay < maxMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMillis);
    }

    /** Whether retry number {@code retry} may run, starting after its delay at {@code startMillis}. */
    boolean mayRetry(int retry, long startMillis, long deadlineMillis) {
        return retry < attempts && startMillis <= deadlineMillis;
    }

    /** What a bulk response said about load. */
    synchronized void answered(boolean throttled) {
        if (throttled) {
            pauseMillis = pauseMillis == 0 ? initialMillis : Math.min(maxMillis, pauseMillis * 2);
        } else {
            pauseMillis = pauseMillis / 2 < initialMillis ? 0 : pauseMillis / 2;
        }
    }

    /** How long to wait before sending the next bulk request. */
    synchronized long pauseMillis() {
        return pauseMillis;
    }
}
