package org.homeport.receiver.http.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} for event times, with a fast path for the form nearly every sender uses,
 * {@code 2026-11-23T12:00:00Z} or with a fraction of 1 to 9 digits ({@code …00.137Z}).
 * {@code Instant.parse} builds a formatter context per call and was the receiver's largest
 * allocation; the fast path only reads characters. Anything else (an offset, a leap second, a
 * five-digit year, a malformed date) goes to {@code Instant.parse}, so what is accepted and what
 * is refused (with its {@link java.time.format.DateTimeParseException}) stays exactly the same.
 */
final class IsoInstants {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final int[] NANO_SCALE = {
        0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private IsoInstants() {
    }

    static Instant parse(String text) {
        Instant fast = fast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, or {@code null} if the text is not in the fast form (then the slow path decides). */
    static Instant fast(String text) {
        int length = text.length();
        // yyyy-MM-ddTHH:mm:ssZ is 20 characters; a fraction adds '.' and 1..9 digits
        if (length != 20 && (length < 22 || length > 30)) {
            return null;
        }
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANO_SCALE[fractionDigits];
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // e.g. February 30: Instant.parse says why
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The ASCII digits at {@code [from, from + count)} as a number, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
