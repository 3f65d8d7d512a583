/**
 * What a component needs from outside the node (an OIDC issuer, a database, a broker) and whether
 * it can reach it: {@code /health} lists every registered {@link org.homeport.api.health.Dependency}
 * and {@code /metrics} exports its state.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.homeport.api.health;
