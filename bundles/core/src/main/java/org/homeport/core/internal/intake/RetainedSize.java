package org.homeport.core.internal.intake;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/**
 * Estimates the heap an event holds while it waits in the intake, so the queue can be bounded in
 * bytes and not only in submissions: what makes a submission expensive is the number of JSON values
 * it holds (each an object), not its size on the wire. Errs on the large side (strings are counted
 * at two bytes a character, object headers and references at 64-bit sizes without compressed
 * pointers' savings counted twice); it walks each value once.
 */
final class RetainedSize {
    /** An object header and a reference to it. */
    static final long OBJECT = 24;
    /** A String and its array, before the characters. */
    static final long STRING = 48;
    /** A frozen map: its wrappers, the LinkedHashMap and the smallest table. */
    static final long MAP = 128;
    /** One entry of a map: the LinkedHashMap node and its table slot. */
    static final long MAP_ENTRY = 56;
    /** A frozen list and its array, before the elements. */
    static final long LIST = 40;
    /** One slot of a list's array. */
    static final long REFERENCE = 8;
    /** A boxed Long or Double. */
    static final long NUMBER = 24;
    /** A BigDecimal or BigInteger with its magnitude array, which may be larger still. */
    static final long BIG_NUMBER = 72;
    /** The event record, its Source and two Instants. */
    static final long EVENT = 96 + 40 + 2 * 24;

    private RetainedSize() {
    }

    static long of(List<TelemetryEvent> events) {
        long total = LIST + REFERENCE * events.size();
        for (TelemetryEvent event : events) {
            total += of(event);
        }
        return total;
    }

    static long of(TelemetryEvent event) {
        Source source = event.source();
        return EVENT + string(event.id()) + string(event.tenant()) + string(event.subject()) + string(event.purpose())
                + string(event.type()) + string(source.product()) + string(source.version()) + string(source.device())
                + value(event.attributes());
    }

    private static long value(Object value) {
        if (value == null || value instanceof Boolean) {
            return 0; // shared instances
        }
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return BIG_NUMBER;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof Map<?, ?> map) {
            long total = MAP;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                total += MAP_ENTRY + string((String) entry.getKey()) + value(entry.getValue());
            }
            return total;
        }
        if (value instanceof List<?> list) {
            long total = LIST + REFERENCE * list.size();
            for (Object element : list) {
                total += value(element);
            }
            return total;
        }
        return OBJECT;
    }

    private static long string(String text) {
        return text == null ? 0 : STRING + 2L * text.length();
    }
}
