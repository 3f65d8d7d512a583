package org.homeport.core.internal.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.homeport.api.consent.ConsentDecision;
import org.homeport.api.consent.ConsentGate;
import org.homeport.api.config.Durations;
import org.homeport.api.consent.Verdict;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.IntakeBusyException;
import org.homeport.api.intake.Submission;
import org.homeport.api.journal.Journal;
import org.homeport.api.journal.JournalFullException;
import org.homeport.api.journal.RoutedEvent;
import org.homeport.core.internal.consent.ConsentUnavailableException;
import org.homeport.core.internal.topology.NamedSink;
import org.homeport.core.internal.topology.PipelineRoute;
import org.homeport.core.internal.topology.PurposeRoute;
import org.homeport.core.internal.topology.Topology;
import org.homeport.core.internal.topology.TopologyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates, gates, anonymizes and routes each submitted event on a bounded worker pool, then
 * appends what is kept to the {@link Journal}, bound for its pipelines' sinks. A submission
 * completes once every kept event is durable in the journal (ADR 0007); delivery to the sinks
 * follows from there. An event that cannot be kept now is reported {@code DEFERRED} so the sender
 * keeps it and retries; a full journal makes the whole submission {@link IntakeBusyException} (429).
 */
@Component(service = Intake.class, configurationPid = IntakeService.PID)
@Designate(ocd = IntakeService.Config.class)
public class IntakeService implements Intake {
    public static final String PID = "org.homeport.intake";
    static final long DEFAULT_QUEUE_CAPACITY_BYTES = 64L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

    @ObjectClassDefinition(name = "Homeport intake", description = "Validation, consent gate, anonymization and routing of events")
    public @interface Config {
        @AttributeDefinition(name = "Worker threads", description = "Threads that process submissions; 0 means one per core")
        int workers() default 0;

        @AttributeDefinition(name = "Queue capacity",
                description = "Submissions waiting for a worker; beyond this senders are told to retry (HTTP 429)")
        int queue_capacity() default 1024;

        @AttributeDefinition(name = "Queue capacity (bytes)",
                description = "Estimated heap the events of waiting and unfinished submissions may hold together; a "
                        + "submission that would go beyond it is refused and its sender told to retry (HTTP 429). "
                        + "A submission is always taken when nothing else is held")
        long queue_capacity_bytes() default DEFAULT_QUEUE_CAPACITY_BYTES;

        @AttributeDefinition(name = "Latest event time",
                description = "How far after its receipt an event's time may lie (e.g. 1d, 12h, P1D); later events are "
                        + "rejected (time-in-future). 0 for no bound")
        String time_max_future() default "1d";

        @AttributeDefinition(name = "Oldest event time without retention",
                description = "How old an event of a purpose without retention may be (e.g. 365d); older events are "
                        + "rejected (time-too-old). A purpose with retention accepts events no older than its retention. "
                        + "0 for no bound")
        String time_max_age() default "365d";

        @AttributeDefinition(name = "Retry after (seconds)", description = "What saturated senders are told to wait")
        int retry_after_seconds() default 1;
    }

    private final Supplier<Topology> topology;
    private final ConsentGate gate;
    private final Journal journal;
    private final IntakeMetrics metrics;
    private final ThreadPoolExecutor workers;
    private final Duration retryAfter;
    private final long queueCapacityBytes;
    /** Estimated heap of the events of every submission taken and not yet answered. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final TimeWindow timeWindow;

    @Activate
    public IntakeService(@Reference TopologyService topology, @Reference ConsentGate gate, @Reference Journal journal,
            @Reference MeterRegistry registry, Config config) {
        this(topology::current, gate, journal, registry, config.workers(), config.queue_capacity(),
                config.retry_after_seconds(), config.queue_capacity_bytes(),
                new TimeWindow(Durations.parse(config.time_max_future()), Durations.parse(config.time_max_age())));
    }

    IntakeService(Supplier<Topology> topology, ConsentGate gate, Journal journal, MeterRegistry registry,
            int workerCount, int queueCapacity, int retryAfterSeconds) {
        this(topology, gate, journal, registry, workerCount, queueCapacity, retryAfterSeconds,
                DEFAULT_QUEUE_CAPACITY_BYTES, TimeWindow.DEFAULT);
    }

    IntakeService(Supplier<Topology> topology, ConsentGate gate, Journal journal, MeterRegistry registry,
            int workerCount, int queueCapacity, int retryAfterSeconds, long queueCapacityBytes,
            TimeWindow timeWindow) {
        if (queueCapacityBytes <= 0) {
            throw new IllegalArgumentException("queue.capacity.bytes must be positive");
        }
        this.queueCapacityBytes = queueCapacityBytes;
        this.timeWindow = timeWindow;
        this.topology = topology;
        this.gate = gate;
        this.journal = journal;
        this.metrics = new IntakeMetrics(registry, queuedBytes::get);
        int threads = workerCount > 0 ? workerCount : Runtime.getRuntime().availableProcessors();
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueCapacity)), runnable -> {
                    Thread thread = new Thread(runnable, "homeport-intake-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.retryAfter = Duration.ofSeconds(Math.max(1, retryAfterSeconds));
        LOG.info("Intake started with {} workers and a queue of {} submissions and {} bytes", threads, queueCapacity,
                queueCapacityBytes);
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        metrics.close();
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Intake workers did not finish within 30 s");
            workers.shutdownNow();
        }
    }

    @Override
    public CompletionStage<List<EventOutcome>> submit(Submission submission) {
        CompletableFuture<List<EventOutcome>> result = new CompletableFuture<>();
        long bytes = RetainedSize.of(submission.events());
        if (!reserve(bytes)) {
            metrics.busy();
            result.completeExceptionally(new IntakeBusyException("the intake queue is full (bytes)", retryAfter));
            return result;
        }
        try {
            workers.execute(() -> process(submission, result));
        } catch (RejectedExecutionException e) {
            metrics.busy();
            result.completeExceptionally(new IntakeBusyException("the intake queue is full", retryAfter));
        }
        // held until answered: the events stay on the heap while they are gated, anonymized and written
        result.whenComplete((outcomes, failure) -> queuedBytes.addAndGet(-bytes));
        return result;
    }

    /** Counts {@code bytes} in if they fit; a submission alone is always taken, however large. */
    private boolean reserve(long bytes) {
        while (true) {
            long held = queuedBytes.get();
            if (held > 0 && held + bytes > queueCapacityBytes) {
                return false;
            }
            if (queuedBytes.compareAndSet(held, held + bytes)) {
                return true;
            }
        }
    }

    /** Estimated heap held by the events of submissions taken and not yet answered. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    private void process(Submission submission, CompletableFuture<List<EventOutcome>> result) {
        try {
            Topology current = topology.get();
            List<TelemetryEvent> events = submission.events();
            EventOutcome[] outcomes = new EventOutcome[events.size()];
            String[] purposeTags = new String[events.size()];
            List<RoutedEvent> routed = new ArrayList<>(events.size());

            Map<String, Integer> received = new HashMap<>(4);
            for (int i = 0; i < events.size(); i++) {
                TelemetryEvent event = events.get(i);
                purposeTags[i] = IntakeMetrics.purposeTag(event.purpose(), current);
                received.merge(purposeTags[i], 1, Integer::sum);
                outcomes[i] = route(i, event, submission, current, routed);
            }
            // counted per purpose, not per event: a request is mostly events of one or two purposes
            received.forEach((purpose, n) -> metrics.received(submission.receiver(), purpose, n));
            journal(routed).whenComplete((ignored, failure) -> {
                if (failure instanceof JournalFullException full) {
                    metrics.busy();
                    result.completeExceptionally(new IntakeBusyException(full.getMessage(),
                            full.retryAfter() == null ? retryAfter : full.retryAfter()));
                    return;
                }
                if (failure != null) {
                    LOG.warn("The journal did not take a batch of {}: {}", routed.size(), failure.toString());
                }
                Map<String, Integer> accepted = new HashMap<>(4);
                for (int i = 0; i < outcomes.length; i++) {
                    if (outcomes[i] == null) {
                        outcomes[i] = failure == null ? EventOutcome.accepted(i, events.get(i).id())
                                : EventOutcome.deferred(i, events.get(i).id(), "journal-unavailable",
                                        "the journal could not store the event now; send it again (see /health)");
                    }
                    count(outcomes[i], purposeTags[i], accepted);
                }
                accepted.forEach(metrics::accepted);
                result.complete(Arrays.asList(outcomes));
            });
        } catch (RuntimeException e) {
            LOG.warn("Processing a submission failed: {}", e.toString());
            result.completeExceptionally(e);
        }
    }

    private CompletableFuture<Void> journal(List<RoutedEvent> routed) {
        if (routed.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return journal.append(routed).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Decides one event. Returns its final outcome, or {@code null} if it waits for the journal
     * (its forms, one per pipeline, are then added to {@code routed}).
     */
    private EventOutcome route(int index, TelemetryEvent event, Submission submission, Topology current,
            List<RoutedEvent> routed) {
        Rejection rejection = EventValidator.check(event, submission.principal(), current, timeWindow);
        if (rejection != null) {
            return EventOutcome.rejected(index, event.id(), rejection.reason(), rejection.detail());
        }
        PurposeRoute purpose = current.purposes().get(event.purpose());
        ConsentDecision decision;
        try {
            decision = gate.decide(event, purpose.purpose());
        } catch (RuntimeException e) {
            // Fail closed: without the subject's recorded choice the event is neither kept nor dropped but held back.
            return EventOutcome.deferred(index, event.id(), ConsentUnavailableException.REASON, "the consent store cannot "
                    + "be consulted for purpose '" + event.purpose() + "' now; send the event again later (see /health)");
        }
        if (decision.verdict() == Verdict.DROP) {
            return EventOutcome.dropped(index, event.id(), decision.reason());
        }
        if (!purpose.chain().isAvailable()) {
            return EventOutcome.deferred(index, event.id(), "anonymizer-unavailable", purpose.chain().unavailableReason());
        }
        Purpose policy = purpose.purpose();
        boolean aggregateOnly = policy.aggregateOnly();
        List<PipelineRoute> routes = new ArrayList<>(2);
        for (PipelineRoute pipeline : current.pipelines()) {
            // An aggregate-only purpose never reaches a sink that would keep the event itself.
            if (pipeline.definition().selects(event) && (!aggregateOnly || pipeline.onlyAggregatingSinks())
                    && pipeline.mayDeliver(policy)) {
                if (!pipeline.isAvailable()) {
                    return EventOutcome.deferred(index, event.id(), "pipeline-unavailable",
                            "pipeline '" + pipeline.name() + "' is held back: " + pipeline.unavailableReason());
                }
                routes.add(pipeline);
            }
        }
        if (aggregateOnly && routes.isEmpty()) {
            return EventOutcome.deferred(index, event.id(), "no-aggregating-pipeline", "purpose '" + event.purpose()
                    + "' is aggregate-only and no pipeline delivers it to aggregating sinks only; see /health");
        }
        if (!policy.allowedSinks().isEmpty() && routes.isEmpty()) {
            return EventOutcome.deferred(index, event.id(), "no-allowed-sink", "purpose '" + event.purpose()
                    + "' allows only sinks " + policy.allowedSinks() + " and no pipeline that takes the event "
                    + "delivers to one of them; see /health");
        }
        List<RoutedEvent> planned = new ArrayList<>(routes.size());
        try {
            TelemetryEvent kept = decision.verdict() == Verdict.ALLOW_ANONYMOUS ? withoutIdentity(event) : event;
            kept = purpose.chain().apply(kept);
            for (PipelineRoute pipeline : routes) {
                TelemetryEvent forPipeline = pipeline.chain().apply(kept);
                Set<String> sinks = new LinkedHashSet<>();
                for (NamedSink sink : pipeline.sinks()) {
                    // a sink the purpose's policy does not allow (sinks.allowed) never gets its events
                    if (policy.allowsSink(sink.name())) {
                        sinks.add(sink.name());
                    }
                }
                if (!sinks.isEmpty()) {
                    planned.add(new RoutedEvent(forPipeline, sinks));
                }
            }
        } catch (RuntimeException e) {
            // Fail closed: an event an anonymizer cannot handle is not kept in any form.
            LOG.warn("An anonymizer failed on an event of purpose '{}': {}", event.purpose(), e.getClass().getName());
            return EventOutcome.rejected(index, event.id(), "anonymization-failed",
                    "an anonymizer required for purpose '" + event.purpose() + "' could not process the event");
        }
        if (routes.isEmpty() && !current.invalidPipelines().isEmpty()) {
            // An invalid pipeline might have been meant for this event: hold it back rather than lose it.
            return EventOutcome.deferred(index, event.id(), "pipeline-unavailable",
                    "pipeline '" + current.invalidPipelines().get(0) + "' has an invalid configuration; see /health");
        }
        if (planned.isEmpty()) {
            metrics.unrouted(event.purpose());
            return EventOutcome.accepted(index, event.id());
        }
        routed.addAll(planned);
        return null;
    }

    private static TelemetryEvent withoutIdentity(TelemetryEvent event) {
        TelemetryEvent anonymous = event.withSubject(null);
        return anonymous.source().device() == null ? anonymous : anonymous.withSource(anonymous.source().withDevice(null));
    }

    /** Counts a refusal at once; acceptances go into {@code accepted}, counted per purpose once the batch is done. */
    private void count(EventOutcome outcome, String purpose, Map<String, Integer> accepted) {
        switch (outcome.status()) {
            case ACCEPTED -> accepted.merge(purpose, 1, Integer::sum);
            case DROPPED -> metrics.dropped(purpose, outcome.reason());
            case REJECTED -> metrics.rejected(purpose, outcome.reason());
            case DEFERRED -> metrics.deferred(purpose, outcome.reason());
        }
    }
}
