package org.homeport.receiver.http.internal;

/** One event cannot become a {@code TelemetryEvent}; the request goes on without it. */
final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The reason code for most invalid events. */
    static final String INVALID_EVENT = "invalid-event";
    /** A subject or {@code source} field longer than {@link org.homeport.api.event.Identifiers#MAX_BYTES}. */
    static final String IDENTIFIER_TOO_LONG = "identifier-too-long";
    /** A subject or {@code source.device} with whitespace or an invisible character at an end, or a control character. */
    static final String INVALID_IDENTIFIER = "invalid-identifier";

    private final String eventId;
    private final String reason;

    /**
     * @param eventId the client's id if it had a usable one, else {@code null}
     * @param detail  what is wrong, naming the field but never quoting its value
     */
    InvalidEventException(String eventId, String detail) {
        this(eventId, INVALID_EVENT, detail);
    }

    /** @param reason the stable reason code reported for the event (documented in docs/http-api.md) */
    InvalidEventException(String eventId, String reason, String detail) {
        super(detail, null, false, false); // expected and possibly frequent: no stack trace
        this.eventId = eventId;
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    String eventId() {
        return eventId;
    }

    String detail() {
        return getMessage();
    }
}
