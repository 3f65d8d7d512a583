package org.homeport.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts authentication failures per source and refuses a source that failed too often within a
 * window, until the window ends. The table is bounded: when full, expired entries are dropped and
 * then new sources are not tracked (they are still authenticated; only throttling is lost).
 */
final class FailureThrottle {
    private final int maxFailures;
    private final Duration window;
    private final int maxSources;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {
    }

    FailureThrottle(int maxFailures, Duration window, int maxSources, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxSources = maxSources;
        this.clock = clock;
    }

    boolean isThrottled(String source) {
        Window current = windows.get(source);
        if (current == null) {
            return false;
        }
        if (expired(current, clock.instant())) {
            windows.remove(source, current);
            return false;
        }
        return current.failures() >= maxFailures;
    }

    void failed(String source) {
        Instant now = clock.instant();
        if (windows.size() >= maxSources && !windows.containsKey(source)) {
            windows.values().removeIf(existing -> expired(existing, now));
            if (windows.size() >= maxSources) {
                return;
            }
        }
        windows.merge(source, new Window(now, 1), (old, fresh) -> expired(old, now)
                ? fresh
                : new Window(old.start(), old.failures() + 1));
    }

    void succeeded(String source) {
        windows.remove(source);
    }

    private boolean expired(Window existing, Instant now) {
        return !now.isBefore(existing.start().plus(window));
    }
}
