package org.homeport.journal.internal;

/** A journal payload that passed its CRC but cannot be decoded (written by another version, or a bug). */
final class MalformedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String message) {
        super(message);
    }
}
