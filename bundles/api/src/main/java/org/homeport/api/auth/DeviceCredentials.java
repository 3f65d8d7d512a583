package org.homeport.api.auth;

/**
 * What a sender of telemetry presented with one request, as the receiver found it; the receiver
 * neither parses nor checks it. Never logged, and {@link #toString()} names no credential.
 *
 * @param apiKey        the API key header ({@code X-Api-Key} on HTTP), or {@code null}
 * @param authorization the {@code Authorization} header ({@code Bearer <API key or access token>}),
 *                      or {@code null}
 * @param source        the peer's address, for throttling repeated failures, or {@code null} if unknown
 * @since 1.3
 */
public record DeviceCredentials(String apiKey, String authorization, String source) {

    /** Whether any credential was presented at all (a first try without one is not a failure). */
    public boolean presented() {
        return apiKey != null || bearer() != null;
    }

    /** The part after {@code Bearer } of the {@code Authorization} header, trimmed, or {@code null}. */
    public String bearer() {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    @Override
    public String toString() {
        return "DeviceCredentials[source=" + source + ", apiKey=" + (apiKey == null ? "absent" : "present")
                + ", authorization=" + (authorization == null ? "absent" : "present") + "]";
    }
}
