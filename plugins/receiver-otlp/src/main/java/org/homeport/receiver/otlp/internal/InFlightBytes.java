package org.homeport.receiver.otlp.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all requests of the receiver hold at once (bodies as read, and inflated), against one
 * bound: whatever the number of connections, bodies cannot take more heap than this. A request that
 * would go beyond it is answered 429 with Retry-After and its bytes are let go.
 */
final class InFlightBytes {
    private final long max;
    private final AtomicLong held = new AtomicLong();

    InFlightBytes(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max.bytes.in.flight must be positive");
        }
        this.max = max;
    }

    /** Takes {@code bytes} if they fit, else takes nothing. */
    boolean tryAcquire(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > max) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }

    /** What one request holds; released once, whichever way the request ends. */
    final class Share {
        private long bytes;
        private boolean released;

        synchronized boolean tryAcquire(long more) {
            if (released || !InFlightBytes.this.tryAcquire(more)) {
                return false;
            }
            bytes += more;
            return true;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                InFlightBytes.this.release(bytes);
                bytes = 0;
            }
        }
    }

    Share share() {
        return new Share();
    }
}
