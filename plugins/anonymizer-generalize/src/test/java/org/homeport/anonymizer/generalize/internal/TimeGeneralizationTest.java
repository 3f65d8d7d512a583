package org.homeport.anonymizer.generalize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeport.anonymizer.generalize.internal.Events.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeGeneralizationTest {
    private final GeneralizeAnonymizer anonymizer = new GeneralizeAnonymizer();

    private AnonymizerStep step(String fields, String unit) throws Exception {
        return unit == null ? anonymizer.configure(Map.of("time.fields", fields))
                : anonymizer.configure(Map.of("time.fields", fields, "time.unit", unit));
    }

    @Test
    void truncatesTheOccurrenceTimeToTheHourByDefaultAndKeepsEverythingElse() throws Exception {
        TelemetryEvent event = event(Map.of("os", "linux"));

        TelemetryEvent result = step("time", null).apply(event);

        assertThat(result.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(result.receivedAt()).isEqualTo(Events.RECEIVED_AT);
        assertThat(result).usingRecursiveComparison().ignoringFields("occurredAt").isEqualTo(event);
    }

    @Test
    void truncatesTheReceptionTimeWhenAskedTo() throws Exception {
        TelemetryEvent result = step("received", "day").apply(event(Map.of()));

        assertThat(result.receivedAt()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(result.occurredAt()).isEqualTo(Events.OCCURRED_AT);
    }

    @ParameterizedTest
    @CsvSource({
            "minute, 2026-11-23T10:17:00Z",
            "hour,   2026-11-23T10:00:00Z",
            "day,    2026-11-23T00:00:00Z",
            "month,  2026-11-01T00:00:00Z"
    })
    void truncatesInstantStringsToEachUnitAndKeepsThemInstantStrings(String unit, String expected) throws Exception {
        TelemetryEvent result = step("attributes.seenAt", unit).apply(event(Map.of("seenAt", "2026-11-23T10:17:42.123Z")));

        assertThat(result.attributes()).isEqualTo(Map.of("seenAt", expected));
    }

    @ParameterizedTest
    @CsvSource({
            // the offset is dropped: truncated in UTC and written with Z
            "hour,  2026-11-23T10:17:42-05:30, 2026-11-23T15:00:00Z",
            "day,   2026-11-23T01:30:00+02:00, 2026-11-22T00:00:00Z",
            // local time would say December; in UTC it is still November
            "month, 2026-12-01T00:30:00+01:00, 2026-11-01T00:00:00Z",
            "month, 2026-01-01T00:00:00+02:00, 2025-12-01T00:00:00Z",
            "hour,  2026-11-23T10:17:42+00:00, 2026-11-23T10:00:00Z"
    })
    void truncatesOffsetDateTimesInUtcAndWritesThemWithZ(String unit, String value, String expected) throws Exception {
        TelemetryEvent result = step("attributes.t", unit).apply(event(Map.of("t", value)));

        assertThat(result.attributes()).isEqualTo(Map.of("t", expected));
    }

    @ParameterizedTest
    @CsvSource({
            "hour,   2026-11-23T10:59:59.999999999Z, 2026-11-23T10:00:00Z",
            "minute, 2026-11-23T10:17:59.999Z,       2026-11-23T10:17:00Z",
            "day,    2026-11-23T23:59:59.999Z,       2026-11-23T00:00:00Z",
            "month,  2024-02-29T23:59:59.999Z,       2024-02-01T00:00:00Z",
            "month,  2026-12-31T23:59:59Z,           2026-12-01T00:00:00Z",
            "month,  1969-12-31T23:59:59Z,           1969-12-01T00:00:00Z",
            "hour,   2026-11-23T10:17Z,              2026-11-23T10:00:00Z"
    })
    void truncatesAtTheEdgesOfEachUnit(String unit, String value, String expected) throws Exception {
        TelemetryEvent result = step("attributes.t", unit).apply(event(Map.of("t", value)));

        assertThat(result.attributes()).isEqualTo(Map.of("t", expected));
    }

    @ParameterizedTest
    @CsvSource({
            "minute, 1795429020000",
            "hour,   1795428000000",
            "day,    1795392000000",
            "month,  1793491200000"
    })
    void truncatesEpochMillisecondsAndKeepsThemNumbers(String unit, long expected) throws Exception {
        // 1795429062123 is 2026-11-23T10:17:42.123Z
        TelemetryEvent result = step("attributes.t", unit).apply(event(Map.of("t", 1795429062123L)));

        assertThat(result.attributes().get("t")).isEqualTo(expected);
        assertThat(Events.json(result)).isEqualTo("{\"t\":" + expected + "}");
    }

    @Test
    void truncatesEpochMillisecondsBefore1970AndInOtherNumberTypes() throws Exception {
        AnonymizerStep step = step("attributes.a, attributes.b, attributes.c", "day");
        TelemetryEvent event = event(Map.of("a", -1L, "b", 1.7954290621235E12, "c", new BigDecimal("1795429062123")));

        assertThat(step.apply(event).attributes()).isEqualTo(Map.of(
                "a", -86_400_000L, "b", 1795392000000L, "c", 1795392000000L));
    }

    @Test
    void truncatesIsoDatesOnlyToTheMonth() throws Exception {
        TelemetryEvent event = event(Map.of("periodStart", "2026-11-23"));

        assertThat(step("attributes.periodStart", "month").apply(event).attributes())
                .isEqualTo(Map.of("periodStart", "2026-11-01"));
        assertThat(step("attributes.periodStart", "day").apply(event)).isSameAs(event);
        assertThat(step("attributes.periodStart", "hour").apply(event)).isSameAs(event);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "yesterday", "2026-11-23T10:17:42", "2026-11-23 10:17:42Z", "2026-13-01T00:00:00Z",
            "2026-11-31", "2026-11-23T24:00:00Z", "2026-11-23T10:17:42Z[Europe/Berlin]", " 2026-11-23T10:17:42Z",
            "1795429062123", "2026-11", "1234567890123456789012345678901234567890123456789012345678901234567890Z"
    })
    void removesStringsThatAreNoTimestamp(String text) throws Exception {
        TelemetryEvent result = step("attributes.t", "hour").apply(event(Map.of("t", text, "os", "linux")));

        assertThat(result.attributes()).isEqualTo(Map.of("os", "linux"));
    }

    @Test
    void removesValuesOfOtherKindsAndNumbersOutOfRange() throws Exception {
        AnonymizerStep step = step("attributes.a, attributes.b, attributes.c, attributes.d", "hour");
        TelemetryEvent event = event(Map.of("a", true, "b", Map.of("at", 1795429062123L),
                "c", new BigDecimal("1e30"), "d", Long.MIN_VALUE, "os", "linux"));

        assertThat(step.apply(event).attributes()).isEqualTo(Map.of("os", "linux"));
    }

    @Test
    void removesNotANumberAndInfinity() {
        TimeGeneralizer time = new TimeGeneralizer(TimeGeneralizer.Unit.HOUR);

        assertThat(time.generalizeOne(Double.NaN)).isSameAs(ValueGeneralizer.REMOVE);
        assertThat(time.generalizeOne(Double.POSITIVE_INFINITY)).isSameAs(ValueGeneralizer.REMOVE);
        assertThat(time.generalizeOne(Float.NEGATIVE_INFINITY)).isSameAs(ValueGeneralizer.REMOVE);
    }

    @Test
    void generalizesEachArrayElementAndRemovesTheOthers() throws Exception {
        TelemetryEvent event = event(Map.of("seen", Arrays.asList(
                "2026-11-23T10:17:42Z", "soon", 1795429062123L, null, List.of("2026-11-23T10:17:42Z"), "2026-11-23T10:00:00Z")));

        assertThat(step("attributes.seen", "hour").apply(event).attributes()).isEqualTo(Map.of("seen", List.of(
                "2026-11-23T10:00:00Z", 1795428000000L, "2026-11-23T10:00:00Z")));
    }

    @Test
    void returnsTheSameEventWhenEveryTimestampIsAlreadyTruncated() throws Exception {
        TelemetryEvent event = event(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T11:00:00Z"),
                Map.of("t", "2026-11-23T10:00:00Z", "ms", 1795428000000L, "list", List.of("2026-11-23T10:00:00Z")));

        assertThat(step("time, received, attributes.t, attributes.ms, attributes.list", "hour").apply(event))
                .isSameAs(event);
    }

    @Test
    void leavesMissingFieldsMissingAndJsonNullNull() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("t", null);
        TelemetryEvent event = event(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:00Z"), attributes);

        TelemetryEvent result = step("attributes.t, attributes.absent, attributes.nested.t", "hour").apply(event);

        assertThat(result).isSameAs(event);
        assertThat(result.attributes()).containsEntry("t", null).doesNotContainKey("absent");
    }
}
