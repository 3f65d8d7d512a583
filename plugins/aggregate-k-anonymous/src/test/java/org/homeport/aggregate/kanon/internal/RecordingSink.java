package org.homeport.aggregate.kanon.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.Sink;

/** A target sink that records what it acknowledged and answers as the test tells it. */
final class RecordingSink implements Sink {
    final List<TelemetryEvent> stored = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    private volatile Function<List<TelemetryEvent>, CompletionStage<Void>> behaviour = batch -> null;

    /** Every write from now on answers with {@code answer} ({@code null}: store and acknowledge). */
    RecordingSink answering(Function<List<TelemetryEvent>, CompletionStage<Void>> answer) {
        this.behaviour = answer;
        return this;
    }

    RecordingSink failing() {
        return answering(batch -> CompletableFuture.failedFuture(new IllegalStateException("target down")));
    }

    RecordingSink healthy() {
        return answering(batch -> null);
    }

    @Override
    public CompletionStage<Void> write(List<TelemetryEvent> batch) {
        attempts.incrementAndGet();
        CompletionStage<Void> answer = behaviour.apply(batch);
        if (answer != null) {
            return answer;
        }
        stored.addAll(batch);
        return CompletableFuture.completedFuture(null);
    }
}
