package org.homeport.benchmarks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPayloadsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void everyPayloadIsAJsonArrayOfTheConfiguredSize() {
        List<Buffer> payloads = EventPayloads.build(100, 8, NOW, 1L);

        assertThat(payloads).hasSize(8);
        for (Buffer payload : payloads) {
            assertThat(new JsonArray(payload)).hasSize(100).allSatisfy(event -> assertThat(event).isInstanceOf(JsonObject.class));
        }
    }

    @Test
    void mixesTheStoredEventTypesEvenInASmallBatch() {
        JsonArray batch = new JsonArray(EventPayloads.build(3, 1, NOW, 1L).get(0));

        assertThat(types(batch)).containsExactlyInAnyOrder("app.performance", "app.error", "hw.fault");
    }

    @Test
    void eventsLookLikeTheWireFormatAndCarryNoId() {
        JsonArray batch = EventPayloads.batch(40, NOW, new Random(7));

        for (Object element : batch) {
            JsonObject event = (JsonObject) element;
            assertThat(event.containsKey("id")).as("the server assigns ids").isFalse();
            assertThat(event.getString("purpose")).isIn("performance-metrics", "crash-reports", "fault-alerts");
            assertThat(Instant.parse(event.getString("time"))).isBeforeOrEqualTo(NOW);
            assertThat(event.getJsonObject("source").getString("device")).isNotBlank();
            assertThat(event.getJsonObject("attributes")).isNotNull();
            if (event.getString("type").equals("hw.fault")) {
                assertThat(event.containsKey("subject")).isFalse();
            } else {
                assertThat(event.getString("subject")).startsWith("user-");
            }
        }
        JsonObject metric = batch.getJsonObject(0);
        assertThat(metric.getString("type")).isEqualTo("app.performance");
        assertThat(metric.getJsonObject("attributes").getValue("value")).isInstanceOf(Double.class);
    }

    @Test
    void payloadsDifferButAreReproducibleForASeed() {
        List<Buffer> first = EventPayloads.build(10, 4, NOW, 5L);
        List<Buffer> again = EventPayloads.build(10, 4, NOW, 5L);

        assertThat(first).isEqualTo(again);
        assertThat(Set.copyOf(first)).hasSize(4);
    }

    @Test
    void gzipRoundTripsToTheSameBody() throws IOException {
        Buffer body = EventPayloads.build(50, 1, NOW, 3L).get(0);

        Buffer compressed = EventPayloads.gzip(body);

        assertThat(compressed.length()).isLessThan(body.length());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.getBytes()))) {
            assertThat(Buffer.buffer(in.readAllBytes())).isEqualTo(body);
        }
    }

    private static Set<String> types(JsonArray batch) {
        return batch.stream().map(event -> ((JsonObject) event).getString("type")).collect(Collectors.toSet());
    }

    @Test
    void countsTheEventsOfABodyFileAndRefusesWhatIsNoArrayOfEvents() {
        assertThat(EventPayloads.eventsIn(Buffer.buffer("[{\"a\":1},{\"b\":2}]"))).isEqualTo(2);
        assertThatThrownBy(() -> EventPayloads.eventsIn(Buffer.buffer("{\"events\":[]}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventPayloads.eventsIn(Buffer.buffer("[]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventPayloads.eventsIn(Buffer.buffer("[{")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
