package org.homeport.receiver.http.internal;

/**
 * The problem types this receiver answers with. The slugs are part of the public contract
 * (clients switch on them), so they never change once released. {@code org.homeport.api.util.http.ProblemJson}
 * writes them.
 */
enum Problem {
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    UNSUPPORTED_ENCODING(415, "unsupported-encoding", "Unsupported content encoding"),
    BODY_TOO_LARGE(413, "body-too-large", "Request body too large"),
    DECOMPRESSED_TOO_LARGE(413, "decompressed-too-large", "Decompressed request body too large"),
    TOO_MANY_EVENTS(413, "too-many-events", "Too many events in one request"),
    TOO_MANY_VALUES(413, "too-many-values", "Too many JSON values"),
    NESTING_TOO_DEEP(400, "nesting-too-deep", "JSON nested too deeply"),
    STRING_TOO_LONG(400, "string-too-long", "JSON value too long"),
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    NO_EVENTS(400, "no-events", "No events"),
    EVENTS_REJECTED(422, "events-rejected", "Events rejected"),
    OVERLOADED(429, "overloaded", "Overloaded"),
    TOO_MANY_ATTEMPTS(429, "too-many-attempts", "Too many failed attempts"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    private final int status;
    private final String slug;
    private final String title;

    Problem(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    int status() {
        return status;
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }

    /** The problem a refused credential is answered with. */
    static Problem of(org.homeport.api.auth.DeviceAuthenticationException refusal) {
        return switch (refusal.reason()) {
            case UNAUTHORIZED -> UNAUTHORIZED;
            case FORBIDDEN -> FORBIDDEN;
            case THROTTLED -> TOO_MANY_ATTEMPTS;
        };
    }
}
