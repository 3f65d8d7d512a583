package org.homeport.consent.api;

/** A consent or policy operation that cannot be done, with a reason callers map to a status. */
public class ConsentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** A field is missing or malformed. */
        INVALID,
        /** No such purpose is declared. */
        UNKNOWN_PURPOSE,
        /** The purpose was retired: no new consent can be recorded for it. */
        RETIRED_PURPOSE,
        /** The policy version named was never recorded for the purpose. */
        UNKNOWN_POLICY_VERSION,
        /** The request id was used before for a different change. */
        REQUEST_ID_REUSED,
        /** A purpose with this id exists already. */
        EXISTS,
        /** An input as a whole cannot be read, e.g. a CSV import without its header row. */
        MALFORMED,
        /**
         * No such tenant is known: no credential writes for it, no consent record names it and the
         * configuration does not list it. Tenants are matched exactly, case included.
         *
         * @since 1.5
         */
        UNKNOWN_TENANT
    }

    private final Reason reason;

    public ConsentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
