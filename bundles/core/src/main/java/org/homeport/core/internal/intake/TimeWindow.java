package org.homeport.core.internal.intake;

import java.time.Duration;
import java.time.Instant;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.event.TelemetryEvent;

/**
 * How far an event's time may lie from when the node received it. Not more than
 * {@code maxFuture} ahead (device clocks drift; a year-9999 event would outlive every retention
 * run), and not older than its purpose keeps events, since a sink's retention would delete it at
 * once; for a purpose kept without limit, not older than {@code maxAgeWithoutRetention}.
 * {@link Duration#ZERO} turns a bound off.
 *
 * @param maxFuture              how far after receipt an event's time may be
 * @param maxAgeWithoutRetention how old an event of a purpose without retention may be
 */
record TimeWindow(Duration maxFuture, Duration maxAgeWithoutRetention) {
    static final Duration DEFAULT_MAX_FUTURE = Duration.ofDays(1);
    static final Duration DEFAULT_MAX_AGE_WITHOUT_RETENTION = Duration.ofDays(365);
    static final TimeWindow DEFAULT = new TimeWindow(DEFAULT_MAX_FUTURE, DEFAULT_MAX_AGE_WITHOUT_RETENTION);

    TimeWindow {
        if (maxFuture.isNegative() || maxAgeWithoutRetention.isNegative()) {
            throw new IllegalArgumentException("time bounds must not be negative");
        }
    }

    /** @return why the event's time is refused (never quoting it), or {@code null} if it is inside */
    Rejection check(TelemetryEvent event, Purpose purpose) {
        Instant time = event.occurredAt();
        Instant received = event.receivedAt();
        if (!maxFuture.isZero() && time.isAfter(received) && Duration.between(received, time).compareTo(maxFuture) > 0) {
            return new Rejection("time-in-future", "the event's time is more than " + text(maxFuture)
                    + " after the node received it (time.max.future); check the device's clock");
        }
        boolean retained = !purpose.retention().isZero();
        Duration maxAge = retained ? purpose.retention() : maxAgeWithoutRetention;
        if (!maxAge.isZero() && time.isBefore(received) && Duration.between(time, received).compareTo(maxAge) > 0) {
            return new Rejection("time-too-old", retained
                    ? "the event's time is older than purpose '" + purpose.id() + "' keeps events (" + text(maxAge) + ")"
                    : "the event's time is more than " + text(maxAge) + " ago (time.max.age)");
        }
        return null;
    }

    /** The shorthand operators write ({@code 30d}, {@code 12h}); ISO-8601 for what has no whole unit. */
    static String text(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
