package org.homeport.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.homeport.sink.kafka.internal.RecordsTest.event;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.homeport.api.health.DependencyState;
import org.junit.jupiter.api.Test;

class KafkaSinkTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void withoutBootstrapServersTheSinkIsDownAndEveryWriteFailsForTheJournalToKeep() {
        Settings settings = Settings.from(SettingsTest.config(Map.of("bootstrap_servers", new String[0])));
        KafkaSink sink = new KafkaSink(settings, registry, () -> {
            throw new AssertionError("no producer without servers");
        }, noProbe -> {
            throw new AssertionError("no health check without servers");
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
        }, probeSettings -> new FakeProbe());
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

    /** Answers with the brokers set, or throws the failure set; counts its calls. */
    static final class FakeProbe implements BrokerProbe {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        volatile boolean closed;

        @Override
        public int brokers(Duration timeout) throws Exception {
            calls.incrementAndGet();
            Exception e = failure.get();
            if (e != null) {
                throw e;
            }
            return 3;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Settings probedEverySecond() {
        return Settings.from(SettingsTest.config(Map.of("health_interval_seconds", 1)));
    }

    @Test
    void brokersThatAnswerTheHealthCheckMakeTheSinkUpBeforeAnyWrite() {
        FakeProbe probe = new FakeProbe();
        KafkaSink sink = new KafkaSink(probedEverySecond(), registry, () -> {
            throw new AssertionError("no write, no producer");
        }, settings -> probe);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.state().toString().contains("3 broker(s) answer"));
            assertThat(sink.state().status()).isEqualTo(DependencyState.Status.UP);

            probe.failure.set(new ExecutionException(new TimeoutException("Timed out waiting for a node assignment")));
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.state().status() == DependencyState.Status.DOWN);
            assertThat(sink.state().toString()).contains("do not answer").contains("TimeoutException")
                    .contains("Timed out waiting for a node assignment");
        } finally {
            sink.deactivate();
        }
        assertThat(probe.closed).isTrue();
    }

    @Test
    void aFailedWriteKeepsTheSinkDownThoughTheBrokersAnswerUntilAWriteSucceeds() {
        FakeProbe probe = new FakeProbe();
        boolean[] fail = {true};
        KafkaSink sink = new KafkaSink(probedEverySecond(), registry, () -> new RecordSender() {
            @Override
            public void send(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record,
                    org.apache.kafka.clients.producer.Callback done) {
                done.onCompletion(null, fail[0] ? new TimeoutException("Expiring 1 record(s)") : null);
            }

            @Override
            public void close() {
            }
        }, settings -> probe);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.state().status() == DependencyState.Status.UP);
            assertThat(sink.write(List.of(event("a", "usage"))).toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
            int probed = probe.calls.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.calls.get() >= probed + 2);
            assertThat(sink.state().status()).isEqualTo(DependencyState.Status.DOWN);
            assertThat(sink.state().toString()).contains("Expiring 1 record(s)");

            fail[0] = false;
            assertThat(sink.write(List.of(event("a", "usage"))).toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(sink.state().status()).isEqualTo(DependencyState.Status.UP);
        } finally {
            sink.deactivate();
        }
    }
}
