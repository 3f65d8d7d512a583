package org.homeport.aggregate.kanon.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.journal.Journal;
import org.homeport.api.journal.JournalFullException;
import org.homeport.api.journal.RoutedEvent;

/**
 * A journal that records every append and answers as the test tells it: durable at once (the
 * default), full, stalled (the test completes the stage later) or anything else.
 */
final class FakeJournal implements Journal {
    /** Every batch handed to {@link #append}, whatever the answer. */
    final List<List<RoutedEvent>> appends = new CopyOnWriteArrayList<>();
    /** The events of the appends that completed normally: what the journal holds durably. */
    final List<TelemetryEvent> durable = new CopyOnWriteArrayList<>();
    private volatile Function<List<RoutedEvent>, CompletionStage<Void>> behaviour = batch -> null;

    /** Every append from now on answers with {@code answer} ({@code null}: durable at once). */
    FakeJournal answering(Function<List<RoutedEvent>, CompletionStage<Void>> answer) {
        this.behaviour = answer;
        return this;
    }

    FakeJournal full() {
        return answering(batch -> CompletableFuture.failedFuture(
                new JournalFullException("quota", Duration.ofSeconds(1))));
    }

    FakeJournal healthy() {
        return answering(batch -> null);
    }

    /** Appends from now on stay pending until the returned future completes; then they are durable. */
    CompletableFuture<Void> stalled() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        answering(batch -> release.thenRun(() -> durable.addAll(events(batch))));
        return release;
    }

    /** Appends from now on become durable, but their answer never comes: a crash right after the fsync. */
    FakeJournal durableButUnanswered() {
        return answering(batch -> {
            durable.addAll(events(batch));
            return new CompletableFuture<>();
        });
    }

    @Override
    public CompletionStage<Void> append(List<RoutedEvent> batch) {
        appends.add(List.copyOf(batch));
        CompletionStage<Void> answer = behaviour.apply(batch);
        if (answer != null) {
            return answer;
        }
        durable.addAll(events(batch));
        return CompletableFuture.completedFuture(null);
    }

    /** Every event handed to {@link #append}, durable or not. */
    List<TelemetryEvent> attempted() {
        return appends.stream().flatMap(batch -> events(batch).stream()).toList();
    }

    private static List<TelemetryEvent> events(List<RoutedEvent> batch) {
        return batch.stream().map(RoutedEvent::event).toList();
    }
}
