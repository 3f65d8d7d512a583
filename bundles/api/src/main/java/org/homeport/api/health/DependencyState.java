package org.homeport.api.health;

import java.time.Instant;
import java.util.Objects;

/**
 * A dependency's state as last observed.
 *
 * @param status      whether it answers, fails, or is not set up yet
 * @param detail      for people: what was reached, or what failed and what to set (never a secret)
 * @param lastSuccess when it last answered, or {@code null} if never
 */
public record DependencyState(Status status, String detail, Instant lastSuccess) {
    public enum Status {
        /** It answered the last time it was used or probed. */
        UP,
        /** It did not answer or refused; {@code detail} says how. */
        DOWN,
        /** An operator has to set something first; {@code detail} says what. */
        NOT_CONFIGURED
    }

    public DependencyState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static DependencyState up(String detail, Instant lastSuccess) {
        return new DependencyState(Status.UP, detail, lastSuccess);
    }

    public static DependencyState down(String detail, Instant lastSuccess) {
        return new DependencyState(Status.DOWN, detail, lastSuccess);
    }

    public static DependencyState notConfigured(String whatToSet) {
        return new DependencyState(Status.NOT_CONFIGURED, whatToSet, null);
    }

    public boolean isUp() {
        return status == Status.UP;
    }
}
