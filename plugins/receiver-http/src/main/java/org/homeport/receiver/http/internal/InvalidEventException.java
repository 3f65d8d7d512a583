package org.homeport.receiver.http.internal;

/** One event cannot become a {@code TelemetryEvent}; the request goes on without it. */
final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String eventId;

    /**
     * @param eventId the client's id if it had a usable one, else {@code null}
     * @param detail  what is wrong, naming the field but never quoting its value
     */
    InvalidEventException(String eventId, String detail) {
        super(detail, null, false, false); // expected and possibly frequent: no stack trace
        this.eventId = eventId;
    }

    String eventId() {
        return eventId;
    }

    String detail() {
        return getMessage();
    }
}
