package org.homeport.anonymizer.generalize.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Truncates timestamps to a unit, in UTC. Understands ISO-8601 date-times with an offset or
 * {@code Z} (written back as an instant with {@code Z}), ISO-8601 dates, and epoch milliseconds.
 */
final class TimeGeneralizer implements ValueGeneralizer {
    /** Longer than any ISO-8601 date-time with nanoseconds and an offset. */
    private static final int MAX_TEXT_LENGTH = 64;

    enum Unit {
        MINUTE, HOUR, DAY, MONTH;

        static Unit parse(String text) {
            for (Unit unit : values()) {
                if (unit.name().toLowerCase(Locale.ROOT).equals(text.trim())) {
                    return unit;
                }
            }
            return null;
        }
    }

    private final Unit unit;

    TimeGeneralizer(Unit unit) {
        this.unit = unit;
    }

    /** @throws DateTimeException if the truncated instant does not exist (only near {@code Instant.MIN}) */
    Instant truncate(Instant time) {
        return switch (unit) {
            case MINUTE -> time.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> LocalDate.ofInstant(time, ZoneOffset.UTC).withDayOfMonth(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    @Override
    public Object generalizeOne(Object value) {
        try {
            if (value instanceof String text) {
                return text(text);
            }
            BigDecimal number = Numbers.decimal(value);
            if (number == null) {
                return REMOVE;
            }
            long millis = number.setScale(0, RoundingMode.FLOOR).longValueExact();
            long truncated = truncate(Instant.ofEpochMilli(millis)).toEpochMilli();
            return number.compareTo(BigDecimal.valueOf(truncated)) == 0 ? value : Long.valueOf(truncated);
        } catch (DateTimeException | ArithmeticException outOfRange) {
            return REMOVE;
        }
    }

    private Object text(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            return REMOVE;
        }
        String result;
        try {
            Instant time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            result = truncate(time).toString();
        } catch (DateTimeParseException notADateTime) {
            try {
                LocalDate date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
                result = (unit == Unit.MONTH ? date.withDayOfMonth(1) : date).toString();
            } catch (DateTimeParseException notADate) {
                return REMOVE;
            }
        }
        return result.equals(text) ? text : result;
    }
}
