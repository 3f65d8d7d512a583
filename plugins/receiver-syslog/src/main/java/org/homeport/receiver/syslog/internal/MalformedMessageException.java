package org.homeport.receiver.syslog.internal;

/**
 * A message or frame that is refused. The reason is a bounded slug (a metrics label); the message
 * never quotes the input.
 */
final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    MalformedMessageException(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
