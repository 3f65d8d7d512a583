package org.homeport.api.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations as operators write them in configuration and requests: ISO-8601 ({@code P30D},
 * {@code PT1H}), a shorthand of a whole number and a unit ({@code 30d}, {@code 12h}, {@code 15m},
 * {@code 30s}), or {@code 0}.
 *
 * @since 1.0
 */
public final class Durations {
    /** What every message about a wrong duration suggests instead. */
    public static final String EXAMPLES = "e.g. 30d, 12h, 15m, 30s or P30D";

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the text and showing {@link #EXAMPLES} if it is not a
     *         duration (blank included), or is negative
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip();
        Duration duration = value.equals("0") ? Duration.ZERO : parseNonZero(value);
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("not a duration: '" + value + "' (" + EXAMPLES + ")");
        }
        return duration;
    }

    private static Duration parseNonZero(String value) {
        if (value.length() < 2) {
            return null;
        }
        try {
            if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
                case 'd' -> Duration.ofDays(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 's' -> Duration.ofSeconds(amount);
                default -> null;
            };
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
