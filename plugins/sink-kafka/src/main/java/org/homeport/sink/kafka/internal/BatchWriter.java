package org.homeport.sink.kafka.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.SinkRefusedException;

/**
 * Sends one batch, one record per event, and completes only when every send callback has answered: normally
 * when all were acknowledged (acks=all), with {@link SinkRefusedException} naming the events Kafka refused
 * for good when the rest succeeded, and with the first temporary failure otherwise, so the journal resends
 * the whole batch (at least once; consumers remove duplicates by key).
 */
final class BatchWriter {
    /** What a batch's outcome was, for meters and health. */
    interface Outcome {
        void sent(int records, long nanos);

        void refused(int records);

        void failed(Throwable failure, Failures.Kind kind);
    }

    private final String sink;
    private final Records records;
    private final Outcome outcome;

    BatchWriter(String sink, Records records, Outcome outcome) {
        this.sink = sink;
        this.records = records;
        this.outcome = outcome;
    }

    /** Must run on one thread per sink, in journal order: {@code send} may block up to max.block.ms. */
    CompletableFuture<Void> write(List<TelemetryEvent> batch, RecordSender sender) {
        long start = System.nanoTime();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Set<String> refused = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
        AtomicReference<Throwable> temporary = new AtomicReference<>();
        AtomicReference<Failures.Kind> temporaryKind = new AtomicReference<>();
        AtomicInteger open = new AtomicInteger(batch.size() + 1);
        Runnable answered = () -> {
            if (open.decrementAndGet() != 0) {
                return;
            }
            Throwable failure = temporary.get();
            if (failure != null) {
                outcome.failed(failure, temporaryKind.get());
                done.completeExceptionally(failure);
            } else if (!refused.isEmpty()) {
                outcome.sent(batch.size() - refused.size(), System.nanoTime() - start);
                outcome.refused(refused.size());
                done.completeExceptionally(new SinkRefusedException("Kafka sink '" + sink + "': " + refused.size()
                        + " record(s) refused for good (too large, invalid or topic not allowed)", refused));
            } else {
                outcome.sent(batch.size(), System.nanoTime() - start);
                done.complete(null);
            }
        };
        for (TelemetryEvent event : batch) {
            if (temporary.get() != null) {
                open.decrementAndGet(); // the batch is resent anyway: do not queue the rest
                continue;
            }
            Optional<ProducerRecord<byte[], byte[]>> record = records.of(event);
            if (record.isEmpty()) {
                refused.add(event.id());
                answered.run();
                continue;
            }
            String id = event.id();
            try {
                sender.send(record.get(), (metadata, failure) -> {
                    if (failure != null) {
                        Failures.Kind kind = Failures.classify(failure);
                        if (kind == Failures.Kind.PERMANENT) {
                            refused.add(id);
                        } else if (temporary.compareAndSet(null, failure)) {
                            temporaryKind.set(kind);
                        }
                    }
                    answered.run();
                });
            } catch (RuntimeException e) {
                Failures.Kind kind = Failures.classify(e);
                if (kind == Failures.Kind.PERMANENT) {
                    refused.add(id);
                } else if (temporary.compareAndSet(null, e)) {
                    temporaryKind.set(kind);
                }
                answered.run();
            }
        }
        answered.run();
        return done;
    }
}
