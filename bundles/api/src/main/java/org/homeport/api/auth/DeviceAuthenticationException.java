package org.homeport.api.auth;

import java.util.Objects;
import org.homeport.api.util.http.ProblemJson;

/**
 * Why a request of a telemetry sender is refused, with everything a receiver needs to answer it
 * the same way every Homeport surface does: the HTTP status, the problem type
 * ({@code application/problem+json}, RFC 9457), a title, a detail that names no credential, and
 * for {@link Reason#THROTTLED} how long to wait ({@code Retry-After}). Receivers that do not speak
 * HTTP map {@link #reason()} to their protocol.
 *
 * @since 1.3
 */
public class DeviceAuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal; each has a fixed status and problem type. */
    public enum Reason {
        /** No credential, or one that is unknown, revoked, expired or invalid: 401 {@code unauthorized}. */
        UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
        /** A valid credential that may not send telemetry (no {@code telemetry-writer} role, no tenant): 403 {@code forbidden}. */
        FORBIDDEN(403, "forbidden", "Forbidden"),
        /** A failing credential from a source that failed too often: 429 {@code too-many-attempts}. */
        THROTTLED(429, "too-many-attempts", "Too many failed attempts");

        private final int status;
        private final String slug;
        private final String title;

        Reason(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }

        /**
         * The last segment of the problem type, e.g. {@code unauthorized}.
         *
         * @since 1.4
         */
        public String slug() {
            return slug;
        }

        /** The problem type, e.g. {@code https://homeport.dev/problems/unauthorized}. */
        public String type() {
            return ProblemJson.type(slug);
        }

        public String title() {
            return title;
        }
    }

    private final Reason reason;
    private final long retryAfterSeconds;
    private final String challenge;

    /**
     * @param reason            the kind of refusal
     * @param detail            a human explanation; never the credential
     * @param retryAfterSeconds for {@link Reason#THROTTLED}: seconds to wait; otherwise 0
     * @param challenge         for {@link Reason#UNAUTHORIZED}: the {@code WWW-Authenticate} value, or {@code null}
     */
    public DeviceAuthenticationException(Reason reason, String detail, long retryAfterSeconds, String challenge) {
        super(detail, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        this.retryAfterSeconds = retryAfterSeconds;
        this.challenge = challenge;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return reason.status();
    }

    /** The problem type URI to answer with. */
    public String type() {
        return reason.type();
    }

    public String title() {
        return reason.title();
    }

    /** The human explanation; names no credential. */
    public String detail() {
        return getMessage();
    }

    /** Seconds the sender should wait ({@code Retry-After}); 0 when it need not. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The {@code WWW-Authenticate} challenge, or {@code null}. */
    public String challenge() {
        return challenge;
    }
}
