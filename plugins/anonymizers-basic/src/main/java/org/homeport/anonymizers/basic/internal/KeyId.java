package org.homeport.anonymizers.basic.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A key's id: {@code k} and the UTC day it starts, e.g. {@code k20261130}. The id travels inside
 * every pseudonym, so it says which key made it without revealing anything about the key.
 */
record KeyId(LocalDate startDay) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    static KeyId ofEpochDay(long epochDay) {
        return new KeyId(LocalDate.ofEpochDay(epochDay));
    }

    /** @return the id, or {@code null} if {@code text} is not one */
    static KeyId parse(String text) {
        if (text.length() != 9 || text.charAt(0) != 'k') {
            return null;
        }
        try {
            return new KeyId(LocalDate.parse(text.substring(1), DAY));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    Instant start() {
        return startDay.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    String text() {
        return "k" + DAY.format(startDay);
    }
}
