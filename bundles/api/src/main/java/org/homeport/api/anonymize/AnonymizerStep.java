package org.homeport.api.anonymize;

import java.util.List;
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

    /**
     * Every form this step may have given {@code event} in the past that can still be recognised:
     * a keyed pseudonym, for example, has one form per live key. Data-subject requests use it to
     * find a subject's stored events; the event path never calls it.
     *
     * @return the possible outputs, the one {@link #apply} gives now first
     * @since 1.1
     */
    default List<TelemetryEvent> storedForms(TelemetryEvent event) {
        return List.of(apply(event));
    }
}
