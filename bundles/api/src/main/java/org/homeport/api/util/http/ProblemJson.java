package org.homeport.api.util.http;

import java.util.List;
import java.util.Map;

/**
 * Writes RFC 9457 problem documents ({@code application/problem+json}), the one writer behind
 * every refusal Homeport's HTTP surfaces send: the receivers, the admin and consent API, the
 * management endpoint and the connection limits in front of them. A document is
 * {@code {"type":…,"title":…,"status":…,"detail":…}} in that order, compact, followed by any
 * extension members; {@code type} is {@link #TYPE_PREFIX} plus a stable slug that clients switch
 * on. Strings are escaped as Jackson's UTF-8 generator escapes them ({@code "}, {@code \}, control
 * characters, and characters outside the Basic Multilingual Plane as {@code \}{@code uD83D\}{@code uDE00}
 * pairs), so the bytes do not depend on which bundle answered.
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

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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
        appendString(out, type(slug));
        out.append(",\"title\":");
        appendString(out, title);
        out.append(",\"status\":").append(status);
        if (detail != null) {
            out.append(",\"detail\":");
            appendString(out, detail);
        }
        for (Map.Entry<String, ?> member : members.entrySet()) {
            out.append(',');
            appendString(out, member.getKey());
            out.append(':');
            appendValue(out, member.getValue());
        }
        return out.append('}').toString();
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendString(out, String.valueOf(entry.getKey()));
                out.append(':');
                appendValue(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendValue(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * As Jackson's UTF-8 generator writes a string: {@code "}, {@code \} and control characters
     * escaped, and every UTF-16 surrogate (a lone one too, on which Jackson fails) as {@code \}{@code uXXXX}.
     */
    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        int runStart = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            out.append(s, runStart, i);
            runStart = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        out.append(s, runStart, s.length());
        out.append('"');
    }
}
