package org.homeport.consent.internal.subject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SubjectDataCapable;
import org.homeport.api.sink.SubjectQuery;
import org.homeport.consent.api.SubjectDataAccess;
import org.homeport.consent.api.SubjectDataReport;
import org.homeport.consent.api.SubjectDataReport.Outcome;
import org.homeport.consent.api.SubjectDataReport.SinkResult;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every registered sink, by name: those that are {@link SubjectDataCapable} export or erase,
 * the others are reported as unable so a receipt never claims more than was done. Holders of
 * events that are not sinks (the journal, with the events no sink has yet) are asked first, so an
 * erasure removes what still waits before it reaches a sink.
 */
@Component(service = SubjectDataAccess.class)
public class SinkSubjectDataAccess implements SubjectDataAccess {
    private static final Logger LOG = LoggerFactory.getLogger(SinkSubjectDataAccess.class);
    private static final long TIMEOUT_SECONDS = 300;

    /** The service property that marks a holder of events that is not a sink, e.g. {@code journal}. */
    static final String HOLDER_PROPERTY = "homeport.subject-data.holder";

    private final Map<String, Sink> sinks = new ConcurrentSkipListMap<>();
    private final Map<String, SubjectDataCapable> holders = new ConcurrentSkipListMap<>();
    /** Names of the sinks that keep only k-anonymous aggregates: nothing about one subject to find. */
    private final Set<String> aggregating = ConcurrentHashMap.newKeySet();

    public SinkSubjectDataAccess() {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindSink(Sink sink, Map<String, Object> properties) {
        String name = name(properties);
        if (Boolean.parseBoolean(String.valueOf(properties.get(Sink.AGGREGATING_PROPERTY)))) {
            aggregating.add(name);
        } else {
            aggregating.remove(name);
        }
        sinks.put(name, sink);
    }

    public void unbindSink(Sink sink, Map<String, Object> properties) {
        if (sinks.remove(name(properties), sink)) {
            aggregating.remove(name(properties));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + HOLDER_PROPERTY + "=*)")
    public void bindHolder(SubjectDataCapable holder, Map<String, Object> properties) {
        holders.put(String.valueOf(properties.get(HOLDER_PROPERTY)), holder);
    }

    public void unbindHolder(SubjectDataCapable holder, Map<String, Object> properties) {
        holders.remove(String.valueOf(properties.get(HOLDER_PROPERTY)), holder);
    }

    private static String name(Map<String, Object> properties) {
        return String.valueOf(properties.getOrDefault(Sink.NAME_PROPERTY, "unnamed"));
    }

    @Override
    public SubjectDataReport export(List<SubjectQuery> queries, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the export directory", e);
        }
        // One after the other: they append to the same file.
        return ask("export", queries, (all, sinkName, capable) -> {
            CompletionStage<Long> total = java.util.concurrent.CompletableFuture.completedFuture(0L);
            for (SubjectQuery query : all) {
                total = total.thenCompose(sum -> capable.export(query, directory.resolve(sinkName + ".jsonl"))
                        .thenApply(exported -> sum + exported));
            }
            return List.of(total);
        }, sinkName -> directory.resolve(sinkName + ".jsonl"));
    }

    /** Each sink gets all queries at once, so a sink that scans finds every form in one pass. */
    @Override
    public SubjectDataReport erase(List<SubjectQuery> queries) {
        return ask("erase", queries, (all, sinkName, capable) -> List.of(capable.eraseAll(all)), sinkName -> null);
    }

    /** The queries asked of one sink: one or more answers to add up. */
    @FunctionalInterface
    private interface SinkCall {
        List<CompletionStage<Long>> apply(List<SubjectQuery> queries, String sinkName, SubjectDataCapable sink);
    }

    private SubjectDataReport ask(String what, List<SubjectQuery> queries, SinkCall call, Function<String, Path> fileOf) {
        List<SinkResult> results = new ArrayList<>();
        // holders first: what waits in the journal is gone before a sink could be handed it
        List<Map.Entry<String, Object>> asked = new ArrayList<>();
        holders.forEach((name, holder) -> asked.add(Map.entry(name, holder)));
        sinks.forEach((name, sink) -> asked.add(Map.entry(name, sink)));
        for (Map.Entry<String, Object> entry : asked) {
            String sinkName = entry.getKey();
            if (aggregating.contains(sinkName) && !(entry.getValue() instanceof SubjectDataCapable)) {
                results.add(new SinkResult(sinkName, Outcome.AGGREGATES_ONLY, 0, null, null));
                continue;
            }
            if (!(entry.getValue() instanceof SubjectDataCapable capable)) {
                results.add(new SinkResult(sinkName, Outcome.UNSUPPORTED, 0, null, null));
                continue;
            }
            try {
                long events = 0;
                if (!queries.isEmpty()) {
                    for (CompletionStage<Long> answer : call.apply(queries, sinkName, capable)) {
                        events += answer.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                }
                Path file = fileOf.apply(sinkName);
                if (file != null && events == 0) {
                    // A sink may create the file before it finds nothing; an empty file would suggest otherwise.
                    Files.deleteIfExists(file);
                }
                results.add(new SinkResult(sinkName, Outcome.DONE, events, events > 0 ? file : null, null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(new SinkResult(sinkName, Outcome.FAILED, 0, null, "interrupted"));
            } catch (Exception e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                LOG.warn("Sink '{}' failed a data-subject {}: {}", sinkName, what, cause.toString());
                results.add(new SinkResult(sinkName, Outcome.FAILED, 0, null, cause.getClass().getSimpleName()));
            }
        }
        results.sort(Comparator.comparing(SinkResult::sink));
        return new SubjectDataReport(results);
    }
}
