package org.homeport.security.api;

/**
 * Authentication failed. The reason is a stable code for metrics and logs ({@code missing},
 * {@code malformed}, {@code bad-signature}, {@code expired}, {@code wrong-issuer},
 * {@code wrong-audience}, {@code unsupported-algorithm}, {@code bad-credentials},
 * {@code unsupported-scheme}, {@code throttled}); the message never contains the credential.
 */
public class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public AuthenticationException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** Whether the caller is being throttled and should wait (HTTP 429) rather than retry now. */
    public boolean isThrottled() {
        return "throttled".equals(reason);
    }
}
