package org.homeport.receiver.otlp.internal;

/**
 * A body that is not an OTLP export request (400 with a {@code google.rpc.Status}). The message
 * names the field that is wrong, never its value: it goes back to the sender and into no log.
 */
final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
        super(message, null, false, false);
    }
}
