package org.homeport.anonymizer.generalize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeport.anonymizer.generalize.internal.Events.event;
import static org.homeport.anonymizer.generalize.internal.Events.json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

/** The examples of docs/anonymizers/generalize.md, and what holds for every kind of field. */
class GeneralizeAnonymizerTest {
    private final GeneralizeAnonymizer anonymizer = new GeneralizeAnonymizer();

    @Test
    void deviceRecoveryExampleKeepsARoughLocationAndTheHour() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of(
                "time.fields", "time, received",
                "time.unit", "hour",
                "grid.latitude.fields", "attributes.latitude",
                "grid.longitude.fields", "attributes.longitude",
                "grid.degrees", "0.1"));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("latitude", 48.137154);
        attributes.put("longitude", 11.576124);
        attributes.put("accuracyM", 12);
        attributes.put("network", "home-wifi");

        TelemetryEvent result = step.apply(event(attributes));

        // accuracyM and network are left to drop-fields in the documented pipeline
        assertThat(json(result)).isEqualTo("{\"latitude\":48.15,\"longitude\":11.55,\"accuracyM\":12,\"network\":\"home-wifi\"}");
        assertThat(result.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(result.receivedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(result.subject()).isEqualTo("user-4711");
        assertThat(result.source().device()).isEqualTo("d-8842");
    }

    @Test
    void locationObjectExampleKeepsOnlyTheSnappedCoordinates() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("grid.fields", "attributes.location",
                "number.fields", "attributes.batteryPct", "number.bounds", "0, 20, 50, 100"));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("location", Map.of("type", "Point", "coordinates", List.of(11.576124, 48.137154, 519.2)));
        attributes.put("batteryPct", 37);

        assertThat(json(step.apply(event(attributes))))
                .isEqualTo("{\"location\":{\"type\":\"Point\",\"coordinates\":[11.55,48.15]},\"batteryPct\":\"20-49\"}");
    }

    @Test
    void usageMeteringBillingExampleKeepsExactCountersAndTheMonth() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of(
                "time.fields", "time, attributes.periodStart",
                "time.unit", "month"));

        TelemetryEvent result = step.apply(event(meterReading()));

        assertThat(json(result))
                .isEqualTo("{\"pagesMono\":18734,\"pagesColor\":2051,\"periodStart\":\"2026-11-01T00:00:00Z\"}");
        assertThat(result.occurredAt()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(result.receivedAt()).isEqualTo(Events.RECEIVED_AT);
    }

    @Test
    void usageMeteringInsightsExampleKeepsVolumeBands() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of(
                "time.fields", "time, received, attributes.periodStart",
                "time.unit", "month",
                "number.fields", "attributes.pagesMono, attributes.pagesColor",
                "number.bounds", "0, 1000, 10000, 100000"));

        assertThat(json(step.apply(event(meterReading())))).isEqualTo(
                "{\"pagesMono\":\"10000-99999\",\"pagesColor\":\"1000-9999\",\"periodStart\":\"2026-11-01T00:00:00Z\"}");
    }

    @Test
    void widthExampleFloorsCountersToHundreds() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of(
                "number.fields", "attributes.pagesMono, attributes.pagesColor", "number.width", "100"));

        assertThat(json(step.apply(event(meterReading()))))
                .isEqualTo("{\"pagesMono\":18700,\"pagesColor\":2000,\"periodStart\":\"2026-11-14T08:00:00Z\"}");
    }

    private static Map<String, Object> meterReading() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("pagesMono", 18734);
        attributes.put("pagesColor", 2051);
        attributes.put("periodStart", "2026-11-14T08:00:00Z");
        return attributes;
    }

    @Test
    void leavesUnlistedFieldsAsTheyAre() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("number.fields", "attributes.app.build", "number.width", "10"));
        TelemetryEvent event = event(Map.of("app", Map.of("build", 4711, "name", "finder"), "latency", 1234, "os", "linux"));

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes()).isEqualTo(Map.of("app", Map.of("build", 4710L, "name", "finder"),
                "latency", 1234, "os", "linux"));
        assertThat(result).usingRecursiveComparison().ignoringFields("attributes").isEqualTo(event);
    }

    @Test
    void returnsTheSameEventWhenNoListedFieldIsPresent() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of(
                "grid.fields", "attributes.location, attributes.a.b",
                "number.fields", "attributes.count", "number.width", "10",
                "time.fields", "attributes.at"));
        TelemetryEvent event = event(Map.of("a", "not an object", "os", "linux"));

        assertThat(step.apply(event)).isSameAs(event);
    }

    @Test
    void aFieldListedTwiceInOneListIsGeneralizedOnce() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of(
                "number.fields", "attributes.n, attributes.n", "number.bounds", "0,10"));

        assertThat(step.apply(event(Map.of("n", 5))).attributes()).isEqualTo(Map.of("n", "0-9"));
    }

    @Test
    void generalizesTheSubjectAndSourceFieldsToo() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("grid.fields", "source.device", "number.fields", "subject",
                "number.width", "10"));
        TelemetryEvent event = new TelemetryEvent("e-1", "acme",
                new org.homeport.api.event.Source("finder", "2.1.0", "48.137154,11.576124"), "user-4711",
                "device-recovery", "device.location", Events.OCCURRED_AT, Events.RECEIVED_AT, Map.of());

        TelemetryEvent result = step.apply(event);

        assertThat(result.source().device()).isEqualTo("48.15,11.55");
        assertThat(result.subject()).isNull(); // text where a number is expected: removed
    }

    @Test
    void oneStepServesManyThreadsWithTheSameResult() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("grid.fields", "attributes.location", "time.fields", "time"));
        TelemetryEvent event = event(Map.of("location", "48.137154,11.576124"));
        TelemetryEvent expected = step.apply(event);

        List<TelemetryEvent> results = java.util.stream.IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> step.apply(event)).toList();

        assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(expected));
        assertThat(expected.attributes()).isEqualTo(Map.of("location", "48.15,11.55"));
    }
}
