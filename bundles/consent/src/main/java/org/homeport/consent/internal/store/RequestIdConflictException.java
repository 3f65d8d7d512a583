package org.homeport.consent.internal.store;

/** A request id was reused for a change other than the one first recorded under it. */
public class RequestIdConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RequestIdConflictException(String message) {
        super(message);
    }
}
