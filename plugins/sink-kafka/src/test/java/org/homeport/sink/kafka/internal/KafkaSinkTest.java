package org.homeport.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeport.sink.kafka.internal.RecordsTest.event;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class KafkaSinkTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void withoutBootstrapServersTheSinkIsDownAndEveryWriteFailsForTheJournalToKeep() {
        Settings settings = Settings.from(SettingsTest.config(Map.of("bootstrap_servers", new String[0])));
        KafkaSink sink = new KafkaSink(settings, registry, () -> {
            throw new AssertionError("no producer without servers");
        });
        try {
            CompletableFuture<Void> written = sink.write(List.of(event("a", "usage"))).toCompletableFuture();

            assertThat(written).isCompletedExceptionally();
            assertThat(sink.state().toString()).contains("bootstrap.servers is not set");
            assertThat(registry.get("homeport.sink.kafka.write.failures").tag("reason", "unconfigured").counter().count())
                    .isEqualTo(1);
        } finally {
            sink.deactivate();
        }
    }

    @Test
    void aProducerThatCannotBeBuiltFailsTheWriteTemporarilyAndIsTriedAgain() {
        Settings settings = Settings.from(SettingsTest.config(Map.of()));
        int[] attempts = {0};
        BatchWriterTest.FakeSender fake = new BatchWriterTest.FakeSender(key -> null);
        KafkaSink sink = new KafkaSink(settings, registry, () -> {
            if (attempts[0]++ == 0) {
                throw new KafkaException("Failed to construct kafka producer");
            }
            return new RecordSender() {
                @Override
                public void send(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record,
                        org.apache.kafka.clients.producer.Callback done) {
                    fake.send(record, done);
                    fake.answerAll();
                }

                @Override
                public void close() {
                }
            };
        });
        try {
            CompletableFuture<Void> first = sink.write(List.of(event("a", "usage"))).toCompletableFuture();
            assertThat(first).failsWithin(Duration.ofSeconds(5));
            assertThat(sink.state().toString()).contains("no producer");

            CompletableFuture<Void> second = sink.write(List.of(event("a", "usage"))).toCompletableFuture();
            assertThat(second).succeedsWithin(Duration.ofSeconds(5));
            assertThat(fake.sent).hasSize(1);
            assertThat(registry.get("homeport.sink.kafka.records").counter().count()).isEqualTo(1);
        } finally {
            sink.deactivate();
        }
    }
}
