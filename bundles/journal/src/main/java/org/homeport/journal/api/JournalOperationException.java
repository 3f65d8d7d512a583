package org.homeport.journal.api;

/** An operator's request the journal cannot carry out; {@link #kind()} says how to answer it. */
public class JournalOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No sink of that name is known. */
        NOT_FOUND,
        /** The request itself is wrong: a range, a limit, an aggregating source. */
        INVALID,
        /** The journal has no room now. */
        FULL,
        /** Reading or writing the journal failed. */
        FAILED
    }

    private final Kind kind;

    public JournalOperationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
