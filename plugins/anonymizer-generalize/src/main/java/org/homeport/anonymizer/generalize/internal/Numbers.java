package org.homeport.anonymizer.generalize.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Exact decimal arithmetic on JSON numbers, so no output carries binary floating-point noise. */
final class Numbers {
    /** More digits than this before the decimal point: not a measurement, and costly to compute with. */
    static final int MAX_INTEGER_DIGITS = 40;
    /** More digits than this after the decimal point (a double needs at most about 340). */
    static final int MAX_FRACTION_DIGITS = 400;

    private Numbers() {
    }

    /**
     * @return the exact value of a JSON number, or {@code null} if {@code value} is no number,
     *         not finite, or outside the sizes above
     */
    static BigDecimal decimal(Object value) {
        BigDecimal exact;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            // Float: through its own shortest text, so 0.1f reads as 0.1 and not 0.100000001...
            exact = value instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
        } else if (value instanceof BigDecimal big) {
            exact = big;
        } else if (value instanceof BigInteger big) {
            exact = new BigDecimal(big);
        } else {
            return null;
        }
        if (exact.scale() > MAX_FRACTION_DIGITS || exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
            return null;
        }
        return exact;
    }

    /** A configured number: finite decimal text such as {@code 0.1}, {@code 100} or {@code 1e3}. */
    static BigDecimal parse(String text) {
        try {
            BigDecimal value = new BigDecimal(text.trim());
            return value.scale() > MAX_FRACTION_DIGITS || value.precision() - value.scale() > MAX_INTEGER_DIGITS
                    ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The value as a JSON number: a {@code Long} if it is whole and fits, else a plain {@code BigDecimal}. */
    static Number json(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                return stripped.longValueExact();
            } catch (ArithmeticException tooBig) {
                return stripped.setScale(0);
            }
        }
        return stripped;
    }

    /** Shortest plain text: {@code 48.15}, {@code 1000}, {@code -0.5}; never an exponent. */
    static String text(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
