package org.homeport.aggregate.kanon.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Turns an event's field value into a group value.
 *
 * <p>The rule: strings and booleans are kept as they are; a missing field and JSON null are one
 * group value, {@code null}; numbers are compared by value, so {@code 5}, {@code 5L} and
 * {@code 5.0} are one group (integral values become {@code Long} or {@code BigInteger}, the rest
 * {@code Double}). Objects and arrays are not group values: an event holding one at a group field
 * is not counted at all ({@link #UNGROUPABLE}), because counting it under its JSON text would make
 * near-unique groups out of a configuration mistake, and counting it under a placeholder would put
 * different things into one group.
 *
 * <p>The normalized form survives the state log: writing it as JSON and reading it back gives an
 * equal value, so a group keeps its identity (and its aggregates their ids) across restarts.
 */
final class GroupValues {
    /** Marks a value that cannot be a group value. */
    static final Object UNGROUPABLE = new Object() {
        @Override
        public String toString() {
            return "[ungroupable]";
        }
    };

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GroupValues() {
    }

    static Object normalize(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return UNGROUPABLE;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return integral(big);
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            return stripped.scale() <= 0 ? integral(stripped.toBigIntegerExact()) : fractional(decimal.doubleValue());
        }
        if (value instanceof Float f) {
            // Through its decimal text: 0.1f is meant as 0.1, not 0.10000000149011612.
            return fractional(Double.parseDouble(Float.toString(f)));
        }
        if (value instanceof Number number) {
            return fractional(number.doubleValue());
        }
        return UNGROUPABLE;
    }

    private static Object integral(BigInteger big) {
        return big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0 ? (Object) big.longValue() : big;
    }

    private static Object fractional(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return UNGROUPABLE;
        }
        if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return (long) d;
        }
        return d;
    }
}
