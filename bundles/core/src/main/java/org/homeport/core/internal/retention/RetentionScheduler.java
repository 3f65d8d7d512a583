package org.homeport.core.internal.retention;

import org.homeport.api.util.ConfigText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.catalog.RetiredPurposes;
import org.homeport.api.retention.Held;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.RetentionFacts;
import org.homeport.api.retention.RetentionListener;
import org.homeport.api.retention.SinkRetention;
import org.homeport.api.sink.RetentionCapable;
import org.homeport.api.sink.RetentionResult;
import org.homeport.core.internal.topology.NamedSink;
import org.homeport.core.internal.topology.PurposeRoute;
import org.homeport.core.internal.topology.Topology;
import org.homeport.core.internal.topology.TopologyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically asks every sink that can to delete what is older than each purpose's retention:
 * the declared purposes, and the retired ones (from the consent bundle's policy history) with the
 * retention they had when they were retired, since their stored events are not gone with them.
 *
 * <p>It keeps what each run did per purpose and sink ({@link RetentionFacts}: the admin API and
 * {@code homeport:retention-run} show it), counts it in metrics and tells every
 * {@link RetentionListener} of a run that deleted something (the consent bundle audits it).
 */
@Component(immediate = true, service = {RetentionScheduler.class, RetentionFacts.class},
        configurationPid = RetentionScheduler.PID)
@Designate(ocd = RetentionScheduler.Config.class)
public class RetentionScheduler implements RetentionFacts {
    public static final String PID = "org.homeport.retention";
    /** What a sink that cannot delete by age is reported with. */
    static final String NOT_CAPABLE = "the sink cannot delete by age";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);

    @ObjectClassDefinition(name = "Homeport retention", description = "Deletes stored events older than their purpose's retention")
    public @interface Config {
        @AttributeDefinition(name = "Interval", description = "How often retention runs: 1h, 30m, PT6H")
        String interval() default "1h";

        @AttributeDefinition(name = "Initial delay", description = "Wait after start before the first run")
        String initial_delay() default "1m";
    }

    private final Supplier<Topology> topology;
    private final Supplier<Collection<Purpose>> retired;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ScheduledExecutorService timer;
    private final Map<String, PurposeRetention> facts = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final List<RetentionListener> listeners = new CopyOnWriteArrayList<>();
    /** Set while the consent bundle (or whoever keeps the policy history) runs. */
    private volatile RetiredPurposes retiredPurposes;

    @Activate
    public RetentionScheduler(@Reference TopologyService topology, @Reference MeterRegistry registry, Config config) {
        this.topology = topology::current;
        this.retired = this::retiredNow;
        this.clock = Clock.systemUTC();
        this.registry = registry;
        this.timer = newTimer();
        Duration interval = ConfigText.duration(config.interval());
        if (interval.isZero()) {
            LOG.warn("Retention is switched off (interval 0): stored events are kept beyond their purpose's retention");
            return;
        }
        timer.scheduleWithFixedDelay(this::runOnce, ConfigText.duration(config.initial_delay()).toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    RetentionScheduler(Supplier<Topology> topology, Clock clock) {
        this(topology, List::of, clock);
    }

    RetentionScheduler(Supplier<Topology> topology, Supplier<Collection<Purpose>> retired, Clock clock) {
        this(topology, retired, clock, new SimpleMeterRegistry());
    }

    RetentionScheduler(Supplier<Topology> topology, Supplier<Collection<Purpose>> retired, Clock clock,
            MeterRegistry registry) {
        this.topology = topology;
        this.retired = retired;
        this.clock = clock;
        this.registry = registry;
        this.timer = newTimer();
    }

    private static ScheduledExecutorService newTimer() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "homeport-retention");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRetiredPurposes(RetiredPurposes service) {
        this.retiredPurposes = service;
    }

    void unbindRetiredPurposes(RetiredPurposes service) {
        if (this.retiredPurposes == service) {
            this.retiredPurposes = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(RetentionListener listener) {
        listeners.add(listener);
    }

    void removeListener(RetentionListener listener) {
        listeners.remove(listener);
    }

    private Collection<Purpose> retiredNow() {
        RetiredPurposes service = retiredPurposes;
        if (service == null) {
            return List.of();
        }
        try {
            return service.retiredPurposes();
        } catch (RuntimeException e) {
            LOG.warn("Retention could not read the retired purposes; only declared ones are cleaned this run: {}",
                    e.toString());
            return List.of();
        }
    }

    /**
     * One retention pass over every purpose and sink; also what {@code homeport:retention-run} does.
     *
     * @return completes with the facts of every purpose that has a retention once every sink answered
     */
    public CompletableFuture<List<PurposeRetention>> runOnce() {
        Topology current = topology.get();
        Instant now = clock.instant();
        Map<String, Purpose> purposes = new LinkedHashMap<>();
        for (PurposeRoute route : current.purposes().values()) {
            purposes.put(route.purpose().id(), route.purpose());
        }
        Set<String> declared = Set.copyOf(purposes.keySet());
        List<Purpose> retiredOnes = new ArrayList<>(retired.get());
        for (Purpose purpose : retiredOnes) {
            // a retired purpose declared again is governed by its declaration
            purposes.putIfAbsent(purpose.id(), purpose);
        }
        List<CompletableFuture<PurposeRetention>> runs = new ArrayList<>();
        for (Purpose declaredOrRetired : purposes.values()) {
            Duration retention = declaredOrRetired.retention();
            if (retention.isZero()) {
                continue;
            }
            runs.add(run(declaredOrRetired.id(), retention, !declared.contains(declaredOrRetired.id()), now,
                    current.sinks()));
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .thenApply(done -> runs.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PurposeRetention> run(String purpose, Duration retention, boolean isRetired, Instant now,
            List<NamedSink> sinks) {
        Instant cutoff = now.minus(retention);
        List<CompletableFuture<SinkRetention>> perSink = new ArrayList<>();
        for (NamedSink sink : sinks) {
            if (sink.aggregating() && !(sink.sink() instanceof RetentionCapable)) {
                // it keeps k-anonymous counts, never a purpose's events: nothing of the purpose to delete or hold
                continue;
            }
            if (sink.sink() instanceof RetentionCapable capable) {
                CompletableFuture<RetentionResult> asked;
                try {
                    asked = capable.deleteOlderThan(purpose, cutoff).toCompletableFuture();
                } catch (RuntimeException e) {
                    asked = CompletableFuture.failedFuture(e);
                }
                perSink.add(asked.handle((result, failure) -> sinkFacts(purpose, sink.name(), result, failure)));
            } else {
                perSink.add(CompletableFuture.completedFuture(
                        new SinkRetention(sink.name(), 0, "events", -1, -1, Held.UNKNOWN, null, NOT_CAPABLE)));
            }
        }
        return CompletableFuture.allOf(perSink.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<SinkRetention> results = perSink.stream().map(CompletableFuture::join).toList();
            PurposeRetention facts = record(purpose, retention, isRetired, now, cutoff, results);
            if (facts.deletedAnything()) {
                for (RetentionListener listener : listeners) {
                    try {
                        listener.deleted(facts);
                    } catch (RuntimeException e) {
                        LOG.warn("A retention listener failed for purpose '{}': {}", purpose, e.toString());
                    }
                }
            }
            return facts;
        });
    }

    private SinkRetention sinkFacts(String purpose, String sink, RetentionResult result, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.warn("Retention of '{}' in sink '{}' failed: {}", purpose, sink, cause.toString());
            return new SinkRetention(sink, 0, "units", -1, -1, Held.UNKNOWN, null,
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        if (result.removed() > 0) {
            LOG.info("Retention removed {} {} of purpose '{}' from sink '{}'", result.removed(), result.unit(), purpose,
                    sink);
        }
        Held held = !result.reportsHeld() ? Held.UNKNOWN : result.oldestHeld() == null ? Held.NONE : Held.SOME;
        return new SinkRetention(sink, result.removed(), result.unit(), result.eventsRemoved(), result.bytesRemoved(),
                held, result.oldestHeld(), null);
    }

    private PurposeRetention record(String purpose, Duration retention, boolean isRetired, Instant now, Instant cutoff,
            List<SinkRetention> results) {
        PurposeRetention facts = this.facts.compute(purpose, (id, before) -> {
            boolean deleted = results.stream().anyMatch(SinkRetention::deletedAnything);
            Instant lastDeletionAt = deleted ? now : before == null ? null : before.lastDeletionAt();
            List<SinkRetention> lastDeletion = deleted ? results : before == null ? List.of() : before.lastDeletion();
            return new PurposeRetention(purpose, retention, isRetired, now, cutoff, results, lastDeletionAt, lastDeletion);
        });
        for (SinkRetention sink : results) {
            if (sink.eventsRemoved() > 0) {
                Counter.builder("homeport.retention.deleted.events").description("Events retention deleted")
                        .tags("purpose", purpose, "sink", sink.sink()).register(registry).increment(sink.eventsRemoved());
            }
            if (sink.bytesRemoved() > 0) {
                Counter.builder("homeport.retention.deleted.bytes").description("Bytes retention deleted")
                        .tags("purpose", purpose, "sink", sink.sink()).register(registry).increment(sink.bytesRemoved());
            }
            if (sink.removed() > 0) {
                Counter.builder("homeport.retention.deleted.units")
                        .description("Storage units (files, documents) retention deleted")
                        .tags("purpose", purpose, "sink", sink.sink(), "unit", sink.unit()).register(registry)
                        .increment(sink.removed());
            }
        }
        if (gauged.add(purpose)) {
            TimeGauge.builder("homeport.retention.last.run.timestamp", this, TimeUnit.SECONDS,
                            self -> self.lastRunEpochSeconds(purpose))
                    .description("When retention last ran for the purpose (Unix time)").tag("purpose", purpose)
                    .strongReference(true).register(registry);
            TimeGauge.builder("homeport.retention.oldest.held.age", this, TimeUnit.SECONDS,
                            self -> self.oldestHeldAgeSeconds(purpose))
                    .description("Age of the oldest data a sink still holds for the purpose, as of the last run; "
                            + "NaN when none is held or no sink says").tag("purpose", purpose)
                    .strongReference(true).register(registry);
        }
        return facts;
    }

    private double lastRunEpochSeconds(String purpose) {
        PurposeRetention known = facts.get(purpose);
        return known == null ? Double.NaN : known.lastRun().getEpochSecond();
    }

    private double oldestHeldAgeSeconds(String purpose) {
        PurposeRetention known = facts.get(purpose);
        if (known == null) {
            return Double.NaN;
        }
        return known.oldestHeld().map(oldest -> (double) Duration.between(oldest, clock.instant()).toSeconds())
                .orElse(Double.NaN);
    }

    @Override
    public List<PurposeRetention> purposes() {
        return facts.values().stream().sorted(java.util.Comparator.comparing(PurposeRetention::purpose)).toList();
    }

    @Override
    public Optional<PurposeRetention> purpose(String id) {
        return Optional.ofNullable(facts.get(id));
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
