package org.homeport.api.util.http;

import java.util.Map;
import org.homeport.api.util.EventJson;

/**
 * Writes RFC 9457 problem documents ({@code application/problem+json}), the one writer behind
 * every refusal Homeport's HTTP surfaces send: the receivers, the admin and consent API, the
 * management endpoint and the connection limits in front of them. A document is
 * {@code {"type":…,"title":…,"status":…,"detail":…}} in that order, compact, followed by any
 * extension members; {@code type} is {@link #TYPE_PREFIX} plus a stable slug that clients switch
 * on. Strings and values are written by {@link EventJson}, as events are: the same bytes whichever
 * bundle answered, and a lone UTF-16 surrogate escaped rather than lost.
 *
 * <p>The caller sets the status and {@code Content-Type: }{@link #MEDIA_TYPE} and any header
 * such as {@code Retry-After}; this class knows no HTTP server. A {@code detail} must not quote
 * event content or credentials.
 *
 * @since 1.0
 */
public final class ProblemJson {
    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Where problem types live; a problem's {@code type} is this plus a stable slug. */
    public static final String TYPE_PREFIX = "https://homeport.dev/problems/";

    private ProblemJson() {
    }

    /** @return the {@code type} URI of the problem {@code slug} */
    public static String type(String slug) {
        return TYPE_PREFIX + slug;
    }

    /**
     * @param detail a human explanation; {@code null} leaves the member out
     * @return the document, {@code {"type":…,"title":…,"status":…,"detail":…}}
     */
    public static String write(int status, String slug, String title, String detail) {
        return write(status, slug, title, detail, Map.of());
    }

    /**
     * @param members extension members written after {@code detail}, in the map's order; values
     *                are strings, numbers, booleans, {@code null}, and lists and maps of them
     * @return the document with its extension members
     * @throws IllegalArgumentException if a member value is none of these
     */
    public static String write(int status, String slug, String title, String detail, Map<String, ?> members) {
        StringBuilder out = new StringBuilder(160);
        out.append("{\"type\":");
        EventJson.appendString(out, type(slug));
        out.append(",\"title\":");
        EventJson.appendString(out, title);
        out.append(",\"status\":").append(status);
        if (detail != null) {
            out.append(",\"detail\":");
            EventJson.appendString(out, detail);
        }
        for (Map.Entry<String, ?> member : members.entrySet()) {
            out.append(',');
            EventJson.appendString(out, member.getKey());
            out.append(':');
            EventJson.appendValue(out, member.getValue());
        }
        return out.append('}').toString();
    }
}
