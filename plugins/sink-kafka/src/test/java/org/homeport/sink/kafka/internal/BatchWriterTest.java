package org.homeport.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeport.sink.kafka.internal.RecordsTest.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.homeport.api.sink.SinkRefusedException;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

    /** Answers each send with what {@code outcome} says for its key, later, when {@link #answerAll} runs. */
    static final class FakeSender implements RecordSender {
        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        final Function<String, Exception> outcome;

        FakeSender(Function<String, Exception> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void send(ProducerRecord<byte[], byte[]> record, Callback done) {
            sent.add(record);
            Exception failure = outcome.apply(new String(record.key()));
            pending.add(() -> done.onCompletion(failure == null
                    ? new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0) : null, failure));
        }

        void answerAll() {
            pending.forEach(Runnable::run);
            pending.clear();
        }

        @Override
        public void close() {
        }
    }

    static final class Counts implements BatchWriter.Outcome {
        int sent;
        int refused;
        final List<Failures.Kind> failed = new ArrayList<>();

        @Override
        public void sent(int records, long nanos) {
            sent += records;
        }

        @Override
        public void refused(int records) {
            refused += records;
        }

        @Override
        public void failed(Throwable failure, Failures.Kind kind) {
            failed.add(kind);
        }
    }

    private final Counts counts = new Counts();
    private final BatchWriter writer = new BatchWriter("kafka", new Records(Topics.of("homeport.", "")), counts);

    @Test
    void theBatchCompletesOnlyAfterEveryRecordIsAcknowledged() {
        FakeSender sender = new FakeSender(key -> null);

        CompletableFuture<Void> done = writer.write(List.of(event("a", "usage"), event("b", "usage")), sender);

        assertThat(sender.sent).hasSize(2);
        assertThat(done).isNotDone();
        sender.answerAll();
        assertThat(done).isCompleted();
        assertThat(counts.sent).isEqualTo(2);
    }

    @Test
    void aTemporaryFailureFailsTheWholeBatchForTheJournalToResend() {
        FakeSender sender = new FakeSender(key -> key.equals("b") ? new TimeoutException("expired") : null);

        CompletableFuture<Void> done = writer.write(List.of(event("a", "usage"), event("b", "usage")), sender);
        sender.answerAll();

        assertThat(done).isCompletedExceptionally();
        assertThat(failure(done)).isInstanceOf(TimeoutException.class).isNotInstanceOf(SinkRefusedException.class);
        assertThat(counts.failed).containsExactly(Failures.Kind.TEMPORARY);
        assertThat(counts.sent).isZero();
    }

    @Test
    void permanentRefusalsNameOnlyTheRefusedEventsForTheDeadLetters() {
        FakeSender sender = new FakeSender(key -> switch (key) {
            case "big" -> new RecordTooLargeException("too large");
            case "denied" -> new TopicAuthorizationException("not allowed");
            default -> null;
        });

        CompletableFuture<Void> done = writer.write(
                List.of(event("a", "usage"), event("big", "usage"), event("denied", "usage"), event("bad", "us/age")), sender);
        sender.answerAll();

        assertThat(failure(done)).isInstanceOf(SinkRefusedException.class);
        assertThat(((SinkRefusedException) failure(done)).eventIds()).containsExactlyInAnyOrder("big", "denied", "bad");
        assertThat(counts.refused).isEqualTo(3);
        assertThat(counts.sent).isEqualTo(1);
    }

    @Test
    void aTemporaryFailureWinsOverRefusalsSoNothingIsDeadLetteredEarly() {
        FakeSender sender = new FakeSender(key -> key.equals("big") ? new RecordTooLargeException("too large")
                : new NetworkException("down"));

        CompletableFuture<Void> done = writer.write(List.of(event("big", "usage"), event("a", "usage")), sender);
        sender.answerAll();

        assertThat(failure(done)).isInstanceOf(NetworkException.class);
    }

    @Test
    void aSendThatThrowsFailsTheBatchAndStopsQueueingTheRest() {
        RecordSender sender = new RecordSender() {
            int calls;

            @Override
            public void send(ProducerRecord<byte[], byte[]> record, Callback done) {
                calls++;
                if (calls > 1) {
                    throw new IllegalStateException("Cannot perform operation after producer has been closed");
                }
                done.onCompletion(null, new TimeoutException("metadata"));
            }

            @Override
            public void close() {
            }
        };

        CompletableFuture<Void> done = writer.write(List.of(event("a", "usage"), event("b", "usage"), event("c", "usage")), sender);

        assertThat(done).isCompletedExceptionally();
        assertThat(counts.failed).hasSize(1);
    }

    @Test
    void anEmptyBatchCompletesAtOnce() {
        assertThat(writer.write(List.of(), new FakeSender(key -> null))).isCompleted();
    }

    private static Throwable failure(CompletableFuture<Void> done) {
        try {
            done.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @SuppressWarnings("unused")
    private static final Map<String, String> NONE = Map.of();
}
