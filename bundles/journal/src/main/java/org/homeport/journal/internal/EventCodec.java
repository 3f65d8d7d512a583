package org.homeport.journal.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.homeport.api.event.JsonData;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/**
 * The journal's binary form of a {@link TelemetryEvent}: compact, and read without a JSON parser.
 * Integral numbers come back as {@code Long}, other finite numbers as {@code Double} or {@code
 * BigDecimal}, which write the same JSON as before.
 */
final class EventCodec {
    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int TRUE = 2;
    private static final int FALSE = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int DECIMAL = 6;
    private static final int LIST = 7;
    private static final int MAP = 8;
    /** Deeper than any receiver lets in; a guard against a malformed payload, not a policy. */
    private static final int MAX_DEPTH = 512;

    private EventCodec() {
    }

    static void write(ByteWriter out, TelemetryEvent event) {
        out.writeString(event.id());
        out.writeString(event.tenant());
        out.writeString(event.source().product());
        out.writeNullableString(event.source().version());
        out.writeNullableString(event.source().device());
        out.writeNullableString(event.subject());
        out.writeString(event.purpose());
        out.writeString(event.type());
        writeInstant(out, event.occurredAt());
        writeInstant(out, event.receivedAt());
        writeValue(out, event.attributes(), 0);
    }

    @SuppressWarnings("unchecked")
    static TelemetryEvent read(ByteReader in) {
        String id = in.readString();
        String tenant = in.readString();
        Source source = new Source(in.readString(), in.readNullableString(), in.readNullableString());
        String subject = in.readNullableString();
        String purpose = in.readString();
        String type = in.readString();
        Instant occurredAt = readInstant(in);
        Instant receivedAt = readInstant(in);
        Object attributes = readValue(in, 0);
        if (!(attributes instanceof Map)) {
            throw new MalformedRecordException("attributes are not an object");
        }
        try {
            return new TelemetryEvent(id, tenant, source, subject, purpose, type, occurredAt, receivedAt,
                    (Map<String, Object>) attributes);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedRecordException("not an event: " + e.getMessage());
        }
    }

    private static void writeInstant(ByteWriter out, Instant instant) {
        out.writeLong(instant.getEpochSecond());
        out.writeVarLong(instant.getNano());
    }

    private static Instant readInstant(ByteReader in) {
        long seconds = in.readLong();
        long nanos = in.readVarLong();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw new MalformedRecordException("bad instant");
        }
    }

    private static void writeValue(ByteWriter out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("attributes nested deeper than " + MAX_DEPTH);
        }
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeByte(LONG);
            out.writeLong(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(((Number) value).doubleValue()));
        } else if (value instanceof Number number) {
            // BigDecimal, BigInteger and anything else exact: its decimal text, read back as BigDecimal
            out.writeByte(DECIMAL);
            out.writeString(number instanceof BigDecimal d ? d.toString() : number.toString());
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeVarLong(list.size());
            for (Object item : list) {
                writeValue(out, item, depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeVarLong(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeString(String.valueOf(entry.getKey()));
                writeValue(out, entry.getValue(), depth + 1);
            }
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static Object readValue(ByteReader in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedRecordException("nested too deep");
        }
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return in.readString();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case LONG:
                return in.readLong();
            case DOUBLE:
                return Double.longBitsToDouble(in.readLong());
            case DECIMAL: {
                String text = in.readString();
                try {
                    BigDecimal decimal = new BigDecimal(text);
                    return decimal.scale() <= 0 && text.indexOf('.') < 0 && text.indexOf('E') < 0
                            && text.indexOf('e') < 0 ? (Number) new BigInteger(text) : decimal;
                } catch (NumberFormatException e) {
                    throw new MalformedRecordException("bad number");
                }
            }
            case LIST: {
                // built frozen, so the event keeps them as they are instead of copying them again
                int n = in.readCount(1);
                JsonData.ArrayBuilder list = JsonData.arrayBuilder();
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in, depth + 1));
                }
                return list.build();
            }
            case MAP: {
                int n = in.readCount(2);
                JsonData.ObjectBuilder map = JsonData.objectBuilder();
                for (int i = 0; i < n; i++) {
                    String key = in.readString();
                    map.put(key, readValue(in, depth + 1));
                }
                return map.build();
            }
            default:
                throw new MalformedRecordException("unknown value tag " + tag);
        }
    }
}
