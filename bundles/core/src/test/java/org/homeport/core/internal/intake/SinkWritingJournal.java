package org.homeport.core.internal.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.journal.Journal;
import org.homeport.api.journal.RoutedEvent;
import org.homeport.api.sink.Sink;

/**
 * A journal without files for the intake's tests: each append goes straight to the named sinks and
 * completes when they all stored it, so tests see where the intake routed each event. {@link
 * #answer} replaces that, to hold, fail or refuse appends.
 */
final class SinkWritingJournal implements Journal {
    private final Map<String, Sink> sinks;
    final List<List<RoutedEvent>> appends = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile Function<List<RoutedEvent>, CompletionStage<Void>> answer;

    SinkWritingJournal(Map<String, Sink> sinks) {
        this.sinks = sinks;
    }

    @Override
    public CompletionStage<Void> append(List<RoutedEvent> batch) {
        appends.add(List.copyOf(batch));
        if (answer != null) {
            return answer.apply(batch);
        }
        Map<String, List<TelemetryEvent>> bySink = new LinkedHashMap<>();
        for (RoutedEvent routed : batch) {
            for (String sink : routed.sinks()) {
                bySink.computeIfAbsent(sink, name -> new ArrayList<>()).add(routed.event());
            }
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        bySink.forEach((name, events) -> {
            Sink sink = sinks.get(name);
            writes.add(sink == null ? CompletableFuture.failedFuture(new IllegalStateException("no sink " + name))
                    : sink.write(events).toCompletableFuture());
        });
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }
}
