package org.homeport.api.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.homeport.api.config.Durations;

/**
 * The one rule for a purpose's retention, shared by every place a retention is declared (the
 * {@code etc} file, the admin API, the shell), and how a retention is written for people.
 *
 * <p>Sinks delete whole units: the file sink a whole UTC day's file, once all of the day is older
 * than the retention, and retention runs every hour. A retention shorter than one day cannot be
 * honoured (events would be kept for up to a day and an hour past it), so it is refused.
 *
 * @since 1.0
 */
public final class Retentions {
    /** The shortest retention a purpose may declare; {@link Duration#ZERO} (keep) is allowed too. */
    public static final Duration MINIMUM = Duration.ofDays(1);

    private Retentions() {
    }

    /**
     * @return the retention, {@link Duration#ZERO} for "keep"
     * @throws IllegalArgumentException if it is not a duration, or a non-zero one shorter than
     *         {@link #MINIMUM}; the message says why and what to write instead
     */
    public static Duration parse(String text) {
        Duration retention;
        try {
            retention = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'retention' is a duration such as 30d, 12h or P395D, or 0 to keep events");
        }
        return check(retention);
    }

    /**
     * @return {@code retention}, if it is zero or at least {@link #MINIMUM}
     * @throws IllegalArgumentException naming the retention in words and the minimum
     */
    public static Duration check(Duration retention) {
        String problem = problem(retention);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return retention;
    }

    /** Why {@code retention} cannot be honoured, or {@code null} if it can. */
    public static String problem(Duration retention) {
        if (retention.isNegative()) {
            return "'retention' must not be negative";
        }
        if (!retention.isZero() && retention.compareTo(MINIMUM) < 0) {
            return "'retention' of " + inWords(retention) + " is shorter than " + inWords(MINIMUM)
                    + ", the least the sinks can honour: they delete whole UTC days, in a run every hour"
                    + " (use at least 1d, or 0 to keep events)";
        }
        return null;
    }

    /**
     * A duration as people read it, the same way everywhere: {@code 30 days}, {@code 1 day 12 hours},
     * {@code 10 seconds}; {@code no limit} for zero.
     */
    public static String inWords(Duration duration) {
        if (duration.isZero()) {
            return "no limit";
        }
        List<String> parts = new ArrayList<>();
        part(parts, duration.toDays(), "day");
        part(parts, duration.toHoursPart(), "hour");
        part(parts, duration.toMinutesPart(), "minute");
        part(parts, duration.toSecondsPart(), "second");
        if (parts.isEmpty()) {
            part(parts, duration.toMillis(), "millisecond");
        }
        return parts.isEmpty() ? "less than a millisecond" : String.join(" ", parts);
    }

    private static void part(List<String> parts, long amount, String unit) {
        if (amount != 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
