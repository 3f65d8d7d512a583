package org.homeport.core.internal.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodically asks every sink that can to delete what is older than each purpose's retention. */
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
    private final Clock clock;
    private final ScheduledExecutorService timer;

    @Activate
    public RetentionScheduler(@Reference TopologyService topology, Config config) {
        this(topology::current, Clock.systemUTC());
        Duration interval = ConfigValues.duration(config.interval());
        if (interval.isZero()) {
            LOG.warn("Retention is switched off (interval 0): stored events are kept beyond their purpose's retention");
            return;
        }
        timer.scheduleWithFixedDelay(this::runOnce, ConfigValues.duration(config.initial_delay()).toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    RetentionScheduler(Supplier<Topology> topology, Clock clock) {
        this.topology = topology;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "homeport-retention");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One retention pass over every purpose and sink; also what {@code homeport:retention-run} does. */
    public void runOnce() {
        Topology current = topology.get();
        Instant now = clock.instant();
        for (PurposeRoute route : current.purposes().values()) {
            Duration retention = route.purpose().retention();
            if (retention.isZero()) {
                continue;
            }
            for (NamedSink sink : current.sinks()) {
                if (sink.sink() instanceof RetentionCapable capable) {
                    String purpose = route.purpose().id();
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
