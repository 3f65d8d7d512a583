package org.homeport.api.auth;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated sender of telemetry.
 *
 * @param tenant       the tenant every event it sends belongs to
 * @param credentialId names the credential (API key id, client id) for metrics and audit; never
 *                     the secret itself
 * @param purposes     the purposes it may send events for; empty means every declared purpose
 */
public record DevicePrincipal(String tenant, String credentialId, Set<String> purposes) {
    public DevicePrincipal {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank");
        }
        Objects.requireNonNull(credentialId, "credentialId");
        purposes = Set.copyOf(purposes == null ? Set.of() : purposes);
    }

    public boolean mayWrite(String purpose) {
        return purposes.isEmpty() || purposes.contains(purpose);
    }
}
