package org.homeport.api.intake;

import java.util.Objects;

/**
 * What became of one submitted event.
 *
 * @param index   its position in the submission (or in the receiver's request)
 * @param eventId its id, or {@code null} if it was rejected before it had one
 * @param status  what happened
 * @param reason  a stable machine-readable code, e.g. {@code unknown-purpose},
 *                {@code no-consent-on-record}; {@code null} when accepted
 * @param detail  a human explanation that never contains event content, or {@code null}
 */
public record EventOutcome(int index, String eventId, Status status, String reason, String detail) {

    public enum Status {
        /** Passed the gate and the anonymizers and is durable in the journal, bound for its pipelines' sinks. */
        ACCEPTED,
        /** Valid, but the consent gate decided it must not be kept; resending will not help. */
        DROPPED,
        /** Invalid (unknown purpose, schema violation, …); resending unchanged will not help. */
        REJECTED,
        /** Valid, but not stored now (an anonymizer, a pipeline or the journal is unavailable); send it again later. */
        DEFERRED
    }

    public EventOutcome {
        Objects.requireNonNull(status, "status");
    }

    public static EventOutcome accepted(int index, String eventId) {
        return new EventOutcome(index, eventId, Status.ACCEPTED, null, null);
    }

    public static EventOutcome dropped(int index, String eventId, String reason) {
        return new EventOutcome(index, eventId, Status.DROPPED, reason, null);
    }

    public static EventOutcome rejected(int index, String eventId, String reason, String detail) {
        return new EventOutcome(index, eventId, Status.REJECTED, reason, detail);
    }

    public static EventOutcome deferred(int index, String eventId, String reason, String detail) {
        return new EventOutcome(index, eventId, Status.DEFERRED, reason, detail);
    }

    public EventOutcome withIndex(int newIndex) {
        return new EventOutcome(newIndex, eventId, status, reason, detail);
    }
}
