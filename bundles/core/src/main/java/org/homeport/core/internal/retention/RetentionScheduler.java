package org.homeport.core.internal.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.catalog.RetiredPurposes;
import org.homeport.api.sink.RetentionCapable;
import org.homeport.core.internal.config.ConfigValues;
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
 */
@Component(immediate = true, service = RetentionScheduler.class, configurationPid = RetentionScheduler.PID)
@Designate(ocd = RetentionScheduler.Config.class)
public class RetentionScheduler {
    public static final String PID = "org.homeport.retention";
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
    private final ScheduledExecutorService timer;
    /** Set while the consent bundle (or whoever keeps the policy history) runs. */
    private volatile RetiredPurposes retiredPurposes;

    @Activate
    public RetentionScheduler(@Reference TopologyService topology, Config config) {
        this.topology = topology::current;
        this.retired = this::retiredNow;
        this.clock = Clock.systemUTC();
        this.timer = newTimer();
        Duration interval = ConfigValues.duration(config.interval());
        if (interval.isZero()) {
            LOG.warn("Retention is switched off (interval 0): stored events are kept beyond their purpose's retention");
            return;
        }
        timer.scheduleWithFixedDelay(this::runOnce, ConfigValues.duration(config.initial_delay()).toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    RetentionScheduler(Supplier<Topology> topology, Clock clock) {
        this(topology, List::of, clock);
    }

    RetentionScheduler(Supplier<Topology> topology, Supplier<Collection<Purpose>> retired, Clock clock) {
        this.topology = topology;
        this.retired = retired;
        this.clock = clock;
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

    /** One retention pass over every purpose and sink; also what {@code homeport:retention-run} does. */
    public void runOnce() {
        Topology current = topology.get();
        Instant now = clock.instant();
        Map<String, Purpose> purposes = new LinkedHashMap<>();
        for (PurposeRoute route : current.purposes().values()) {
            purposes.put(route.purpose().id(), route.purpose());
        }
        List<Purpose> retiredOnes = new ArrayList<>(retired.get());
        for (Purpose purpose : retiredOnes) {
            // a retired purpose declared again is governed by its declaration
            purposes.putIfAbsent(purpose.id(), purpose);
        }
        for (Purpose declaredOrRetired : purposes.values()) {
            Duration retention = declaredOrRetired.retention();
            if (retention.isZero()) {
                continue;
            }
            for (NamedSink sink : current.sinks()) {
                if (sink.sink() instanceof RetentionCapable capable) {
                    String purpose = declaredOrRetired.id();
                    try {
                        capable.deleteOlderThan(purpose, now.minus(retention)).whenComplete((result, failure) -> {
                            if (failure != null) {
                                LOG.warn("Retention of '{}' in sink '{}' failed: {}", purpose, sink.name(), failure.toString());
                            } else if (result.removed() > 0) {
                                LOG.info("Retention removed {} {} of purpose '{}' from sink '{}'", result.removed(),
                                        result.unit(), purpose, sink.name());
                            }
                        });
                    } catch (RuntimeException e) {
                        LOG.warn("Retention of '{}' in sink '{}' failed: {}", purpose, sink.name(), e.toString());
                    }
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
