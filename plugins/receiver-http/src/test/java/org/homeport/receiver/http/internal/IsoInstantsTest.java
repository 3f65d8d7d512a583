package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T12:00:00Z", "2026-11-23T12:00:00.137Z", "2026-11-23T12:00:00.1Z",
        "2026-11-23T12:00:00.123456789Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-01-31T12:00:00.000Z"})
    void readsTheCommonFormWithoutTheFormatterAndAsInstantParseDoes(String text) {
        assertThat(IsoInstants.fast(text)).isNotNull().isEqualTo(Instant.parse(text));
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T12:00:00+01:00", "2026-11-23T12:00:00.137+00:00", "2026-12-31T23:59:60Z",
        "+12026-11-23T12:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T12:00:00.Z", "2026-11-23t12:00:00Z",
        "2026-11-23T12:00:00z"})
    void leavesOtherValidFormsToInstantParse(String text) {
        assertThat(IsoInstants.fast(text)).isNull();
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T12:00:00Z", "2026-02-30T12:00:00Z", "2026-13-01T12:00:00Z",
        "2026-00-10T12:00:00Z", "2026-11-00T12:00:00Z", "2026-11-23T12:60:00Z", "2026-11-23T12:00:00.1234567890Z",
        "2026-11-23T12:00:00", "2026-11-23 12:00:00Z", "2026-1a-23T12:00:00Z", "2026-11-23T12:00:0-Z",
        "2026-11-23T12:00:00.1a3Z", "2026-11-23T12:00:00,137Z", "yesterday", "", "2026-11-23"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void agreesWithInstantParseOnRandomInstantsOfEveryFractionLength() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String full = instant.toString(); // ISO_INSTANT: 0, 3, 6 or 9 fraction digits
            for (String text : List.of(full, withFraction(instant, 1 + random.nextInt(9)))) {
                assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
    }

    private static String withFraction(Instant instant, int digits) {
        String seconds = Instant.ofEpochSecond(instant.getEpochSecond()).toString();
        String nanos = String.format("%09d", instant.getNano()).substring(0, digits);
        return seconds.substring(0, seconds.length() - 1) + "." + nanos + "Z";
    }
}
