package org.homeport.consent.internal.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SubjectDataCapable;
import org.homeport.api.sink.SubjectQuery;

/** Our own sink that keeps events in a list and answers subject queries the way the file sink does. */
class InMemorySubjectSink implements Sink, SubjectDataCapable {
    final List<TelemetryEvent> stored = new CopyOnWriteArrayList<>();
    /** How many eraseAll calls (scans) it answered. */
    final List<List<SubjectQuery>> eraseCalls = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> write(List<TelemetryEvent> batch) {
        stored.addAll(batch);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> export(SubjectQuery query, Path into) {
        StringBuilder lines = new StringBuilder();
        long found = 0;
        for (TelemetryEvent event : stored) {
            if (matches(query, event)) {
                lines.append(EventJson.toJson(event)).append('\n');
                found++;
            }
        }
        try {
            Files.writeString(into, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletionStage<Long> erase(SubjectQuery query) {
        return eraseAll(List.of(query));
    }

    @Override
    public CompletionStage<Long> eraseAll(List<SubjectQuery> queries) {
        eraseCalls.add(List.copyOf(queries));
        long before = stored.size();
        stored.removeIf(event -> queries.stream().anyMatch(query -> matches(query, event)));
        return CompletableFuture.completedFuture(before - stored.size());
    }

    private static boolean matches(SubjectQuery query, TelemetryEvent event) {
        return query.matches(event.tenant(), event.purpose(), event.subject(),
                event.source() == null ? null : event.source().device());
    }
}
