package org.homeport.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.util.EventJson;
import org.junit.jupiter.api.Test;

class RecordsTest {

    static TelemetryEvent event(String id, String purpose) {
        return new TelemetryEvent(id, "acme", new Source("meet", "45.3.1", "d-1"), "hmac-subject", purpose, "app.error",
                Instant.parse("2026-12-05T10:00:00Z"), Instant.parse("2026-12-05T10:00:01Z"), Map.of("code", 42));
    }

    @Test
    void aPurposeGetsItsOwnPrefixedTopic() {
        Records records = new Records(Topics.of("homeport.", ""));

        assertThat(records.of(event("e-1", "usage")).orElseThrow().topic()).isEqualTo("homeport.usage");
        assertThat(records.of(event("e-2", "diagnostics")).orElseThrow().topic()).isEqualTo("homeport.diagnostics");
    }

    @Test
    void aConfiguredTopicTakesEveryPurpose() {
        Records records = new Records(Topics.of("homeport.", " all-events "));

        assertThat(records.of(event("e-1", "usage")).orElseThrow().topic()).isEqualTo("all-events");
        assertThat(records.of(event("e-2", "diagnostics")).orElseThrow().topic()).isEqualTo("all-events");
    }

    @Test
    void keyIsTheEventIdAndValueTheSameJsonTheFileSinkWrites() {
        TelemetryEvent event = event("01J-ü", "usage");
        ProducerRecord<byte[], byte[]> record = new Records(Topics.of("homeport.", "")).of(event).orElseThrow();

        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("01J-ü");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(EventJson.toJson(event));
        assertThat(record.partition()).isNull();
    }

    @Test
    void headersCarryPurposeTypeAndTenant() {
        ProducerRecord<byte[], byte[]> record = new Records(Topics.of("homeport.", "")).of(event("e-1", "usage")).orElseThrow();

        assertThat(header(record, Records.PURPOSE_HEADER)).isEqualTo("usage");
        assertThat(header(record, Records.TYPE_HEADER)).isEqualTo("app.error");
        assertThat(header(record, Records.TENANT_HEADER)).isEqualTo("acme");
    }

    @Test
    void aPurposeThatMakesNoTopicNameGivesNoRecord() {
        Records records = new Records(Topics.of("homeport.", ""));

        assertThat(records.of(event("e-1", "us/age"))).isEmpty();
        assertThat(records.of(event("e-2", "x".repeat(245)))).isEmpty();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
