package org.homeport.core.internal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.homeport.api.health.Dependency;
import org.homeport.api.health.DependencyState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Every {@link Dependency} the installed components registered: {@code /health} and
 * {@code homeport:health} report their states, and each gets two gauges while it is registered.
 */
@Component(service = DependencyRegistry.class)
public class DependencyRegistry {
    /** A dependency as reported: its name and its state at the time of asking. */
    public record Reported(String name, DependencyState state) {
    }

    private final MeterRegistry registry;
    private final Map<Dependency, List<Meter>> gauges = new ConcurrentHashMap<>();

    @Activate
    public DependencyRegistry(@Reference MeterRegistry registry) {
        this.registry = registry;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addDependency(Dependency dependency) {
        String name = dependency.name();
        Meter up = Gauge.builder("homeport.dependency.up", dependency, d -> d.state().isUp() ? 1 : 0)
                .description("1 while the dependency answered when last used or probed, else 0")
                .tag("dependency", name).register(registry);
        Meter lastSuccess = Gauge.builder("homeport.dependency.last.success.seconds", dependency, d -> {
            DependencyState state = d.state();
            return state.lastSuccess() == null ? Double.NaN : state.lastSuccess().toEpochMilli() / 1000.0;
        }).description("When the dependency last answered, in seconds since the epoch (NaN: never)")
                .tag("dependency", name).register(registry);
        gauges.put(dependency, List.of(up, lastSuccess));
    }

    public void removeDependency(Dependency dependency) {
        List<Meter> meters = gauges.remove(dependency);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    /** Each registered dependency's state now, by name. */
    public List<Reported> states() {
        List<Reported> reported = new ArrayList<>();
        for (Dependency dependency : gauges.keySet()) {
            reported.add(new Reported(dependency.name(), dependency.state()));
        }
        reported.sort(Comparator.comparing(Reported::name));
        return reported;
    }
}
