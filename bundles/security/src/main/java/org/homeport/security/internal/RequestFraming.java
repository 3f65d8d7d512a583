package org.homeport.security.internal;

import java.util.List;
import java.util.Locale;

/**
 * The one rule for how an HTTP/1.x request may say where its body ends (RFC 9112, section 6).
 * Anything a front proxy could read differently from this node is refused: both
 * {@code Content-Length} and {@code Transfer-Encoding}, a transfer coding other than a single
 * {@code chunked}, {@code Transfer-Encoding} in HTTP/1.0, and a repeated or non-numeric
 * {@code Content-Length}.
 */
public final class RequestFraming {
    private RequestFraming() {
    }

    /**
     * @param http10            whether the request is HTTP/1.0 (or older)
     * @param contentLengths    every {@code Content-Length} field line, as received
     * @param transferEncodings every {@code Transfer-Encoding} field line, as received
     * @return why the framing is refused (names headers only), or {@code null} if it is unambiguous
     */
    public static String problem(boolean http10, List<String> contentLengths, List<String> transferEncodings) {
        if (!transferEncodings.isEmpty()) {
            if (!contentLengths.isEmpty()) {
                return "a request must not have both Content-Length and Transfer-Encoding";
            }
            if (http10) {
                return "an HTTP/1.0 request must not have Transfer-Encoding";
            }
            if (transferEncodings.size() > 1 || !"chunked".equals(transferEncodings.get(0).trim().toLowerCase(Locale.ROOT))) {
                return "Transfer-Encoding must be absent or exactly 'chunked'";
            }
        }
        if (contentLengths.size() > 1) {
            return "a request must not have more than one Content-Length";
        }
        if (contentLengths.size() == 1 && !isDigits(contentLengths.get(0).trim())) {
            return "Content-Length must be a single non-negative number";
        }
        return null;
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A request whose framing {@link #problem} refused; the decoder turns it into an invalid request. */
    public static final class FramingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public FramingException(String detail) {
            super(detail);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // expected and possibly frequent: no stack trace
        }
    }
}
