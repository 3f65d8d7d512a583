package org.homeport.core.internal.consent;

/**
 * The gate cannot decide because the subject's recorded choice cannot be read: no consent store is
 * bound (the consent component is restarting, or its store did not open), or a lookup failed. The
 * intake holds such an event back ({@code DEFERRED}, the sender retries) instead of applying the
 * purpose's default, which would keep events of subjects who objected. The message never names
 * the subject.
 */
public final class ConsentUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The reason code senders see and metrics count. */
    public static final String REASON = "consent-unavailable";

    public ConsentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
