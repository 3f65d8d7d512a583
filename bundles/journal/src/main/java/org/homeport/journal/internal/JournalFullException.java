package org.homeport.journal.internal;

/**
 * The journal cannot take this record now: its append queue is full (by entries or by bytes) or
 * its directory has reached its size quota. Nothing was written; the caller should push back on
 * the sender (HTTP 429 with {@code Retry-After}) and let it resend.
 */
public final class JournalFullException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the record was refused; stable names, usable as a metric tag. */
    public enum Reason {
        QUEUE_ENTRIES("queue-entries"),
        QUEUE_BYTES("queue-bytes"),
        QUOTA("quota");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public JournalFullException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
