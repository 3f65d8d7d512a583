package org.homeport.runtime.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.CountingMode;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Offers the node's one Micrometer registry to every bundle, so plugins register their meters
 * where {@code /metrics} shows them. Cumulative counting, as Prometheus expects.
 */
// Registered by hand, so it is declared here for resolvers that check service requirements.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.micrometer.core.instrument.MeterRegistry\"")
@Component(immediate = true, service = {})
public class MeterRegistryProvider {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(new SimpleConfig() {
        @Override
        public String get(String key) {
            return null;
        }

        @Override
        public CountingMode mode() {
            return CountingMode.CUMULATIVE;
        }
    }, io.micrometer.core.instrument.Clock.SYSTEM);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ServiceRegistration<?> registration;

    @Activate
    public MeterRegistryProvider(BundleContext context) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.description", "Homeport metrics registry");
        registration = context.registerService(MeterRegistry.class, registry, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        gcMetrics.close();
        registry.close();
    }
}
