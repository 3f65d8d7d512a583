package org.homeport.api.consent;

import org.homeport.api.catalog.Purpose;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.annotation.versioning.ProviderType;

/** Decides for (tenant, subject, purpose) whether an event may be kept. */
@ProviderType
public interface ConsentGate {

    /**
     * @param event   a validated event
     * @param purpose the declared purpose the event names
     */
    ConsentDecision decide(TelemetryEvent event, Purpose purpose);
}
