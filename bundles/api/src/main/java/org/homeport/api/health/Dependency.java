package org.homeport.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something outside the node that a component needs, registered as an OSGi service by that
 * component. {@code /health} reports each one and is {@code DEGRADED} while one is down or not
 * configured; {@code /metrics} has {@code homeport_dependency_up{dependency="<name>"}} and the time of
 * its last success.
 */
@ConsumerType
public interface Dependency {
    /** A short stable name, used as a metric label, e.g. {@code oidc-issuer} or {@code consent-store}. */
    String name();

    /**
     * The state as last observed. Called on every {@code /health} request and metrics scrape, so it
     * must answer at once from what the component already knows: never a network call here.
     */
    DependencyState state();
}
