package org.homeport.consent.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * How often subjects granted, denied and withdrew consent for a purpose, day by day, and where
 * they stand now. Counts only: no subject is named.
 *
 * @param purpose the purpose id
 * @param from    the first day counted (UTC)
 * @param to      the day after the last day counted (UTC), exclusive
 * @param days    every day of [from, to), oldest first, with the records appended on it per state
 * @param current how many (tenant, subject) pairs are in each state now
 */
public record ConsentStatistics(String purpose, LocalDate from, LocalDate to, List<Day> days, Counts current) {
    public ConsentStatistics {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(current, "current");
        days = List.copyOf(days);
    }

    /** A number per state. */
    public record Counts(long granted, long denied, long withdrawn) {
        public Counts {
            if (granted < 0 || denied < 0 || withdrawn < 0) {
                throw new IllegalArgumentException("counts are not negative");
            }
        }
    }

    /** The consent records of one UTC day, per state. */
    public record Day(LocalDate day, Counts counts) {
        public Day {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(counts, "counts");
        }
    }
}
