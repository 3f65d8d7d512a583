package org.homeport.security.api;

/** A key operation that cannot be done, with the reason as a code callers map to a status. */
public class ApiKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** A parameter is malformed (name, tenant, expiry, overlap). */
        INVALID,
        /** No key has this name. */
        NOT_FOUND,
        /** A key with this name exists already. */
        EXISTS
    }

    private final Reason reason;

    public ApiKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
