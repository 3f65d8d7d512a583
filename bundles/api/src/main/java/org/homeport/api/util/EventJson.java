package org.homeport.api.util;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.homeport.api.event.JsonData;
import org.homeport.api.event.TelemetryEvent;
import java.util.Map;

/**
 * Writes events and JSON values as compact JSON, the form every Homeport sink stores, so that
 * plugins agree on field names without depending on a JSON library.
 */
public final class EventJson {
    private EventJson() {
    }

    /** The event as one JSON object, without line breaks (ready for JSON lines). */
    public static String toJson(TelemetryEvent event) {
        StringBuilder out = new StringBuilder(256);
        appendEvent(out, event);
        return out.toString();
    }

    public static void appendEvent(StringBuilder out, TelemetryEvent event) {
        out.append("{\"id\":");
        appendString(out, event.id());
        out.append(",\"tenant\":");
        appendString(out, event.tenant());
        out.append(",\"type\":");
        appendString(out, event.type());
        out.append(",\"purpose\":");
        appendString(out, event.purpose());
        out.append(",\"time\":");
        appendInstant(out, event.occurredAt());
        out.append(",\"receivedAt\":");
        appendInstant(out, event.receivedAt());
        out.append(",\"source\":{\"product\":");
        appendString(out, event.source().product());
        if (event.source().version() != null) {
            out.append(",\"version\":");
            appendString(out, event.source().version());
        }
        if (event.source().device() != null) {
            out.append(",\"device\":");
            appendString(out, event.source().device());
        }
        out.append('}');
        if (event.subject() != null) {
            out.append(",\"subject\":");
            appendString(out, event.subject());
        }
        out.append(",\"attributes\":");
        appendValue(out, event.attributes());
        out.append('}');
    }

    /**
     * The instant as a JSON string, exactly as {@link Instant#toString()} writes it. Years 0 to 9999
     * are written here digit by digit: the formatter behind {@code toString} took a tenth of a
     * sink's delivery thread. Other years go through {@code toString}.
     */
    static void appendInstant(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            appendString(out, instant.toString());
            return;
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        out.append('"');
        digits(out, date.getYear(), 4).append('-');
        digits(out, date.getMonthValue(), 2).append('-');
        digits(out, date.getDayOfMonth(), 2).append('T');
        digits(out, secondOfDay / 3600, 2).append(':');
        digits(out, secondOfDay / 60 % 60, 2).append(':');
        digits(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(out, nano / 1000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        out.append("Z\"");
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long FIRST_FAST_SECOND = -62_167_219_200L;
    private static final long LAST_FAST_SECOND = 253_402_300_799L;

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        for (int divisor = pow10(width - 1); divisor > 0; divisor /= 10) {
            out.append((char) ('0' + value / divisor % 10));
        }
        return out;
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** Appends any JSON value as accepted by {@link JsonData}. */
    public static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof Long l) {
            out.append(l.longValue()); // the digits straight into the builder, not a String first
        } else if (value instanceof Integer i) {
            out.append(i.intValue());
        } else if (value instanceof Double d) {
            out.append(d.doubleValue()); // the same digits as Double.toString
        } else if (value instanceof Boolean || value instanceof Number) {
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

    public static void appendString(StringBuilder out, String s) {
        out.append('"');
        // Copy runs of plain characters in one go; only escapes are written one by one.
        int runStart = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u0085' && c != '\u2028' && c != '\u2029') {
                if (!Character.isSurrogate(c)) {
                    continue;
                }
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a whole pair stays as it is; a lone surrogate would become '?' in UTF-8, so it is escaped
                    continue;
                }
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
                // Other control characters, and NEL and U+2028/2029 so a line stays one line for every reader.
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (runStart == 0) {
            out.append(s); // nothing escaped, the common case: one array copy, not a loop per char
        } else {
            out.append(s, runStart, s.length());
        }
        out.append('"');
    }
}
