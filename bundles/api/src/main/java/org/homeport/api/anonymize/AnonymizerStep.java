package org.homeport.api.anonymize;

import org.homeport.api.event.TelemetryEvent;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One configured anonymization, applied to every event of a purpose or pipeline. Must be
 * thread-safe and must not block: it runs on the core's worker threads.
 */
@ConsumerType
@FunctionalInterface
public interface AnonymizerStep {

    /** @return the event with personal data removed or reduced; the same instance if unchanged */
    TelemetryEvent apply(TelemetryEvent event);
}
