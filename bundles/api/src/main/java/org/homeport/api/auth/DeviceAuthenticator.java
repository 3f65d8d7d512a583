package org.homeport.api.auth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Authenticates senders of telemetry, one credential at a time, without counting or throttling.
 * Receivers use {@link DeviceRequestAuthenticator} instead (one call per request, counting and
 * throttling included) and never check credentials themselves; both are provided by the security
 * bundle.
 *
 * @deprecated since 1.4: nothing in Homeport calls it any more; call
 *             {@link DeviceRequestAuthenticator}, which checks, counts and throttles in one call. The
 *             security bundle still provides this service until the next major version.
 */
@Deprecated(since = "1.4")
@ProviderType
public interface DeviceAuthenticator {

    /**
     * A local lookup, cheap enough to run on an event loop.
     *
     * @param apiKey the API key as presented by the sender
     * @return the principal, or empty if the key is unknown, revoked or expired
     */
    Optional<DevicePrincipal> authenticateApiKey(String apiKey);

    /**
     * Authenticates an OAuth2 access token (e.g. a client-credentials token from Keycloak) of a
     * backend that sends telemetry. Never blocks the caller.
     *
     * @param token the bearer token as presented
     * @return the principal, or empty if the token is invalid; nodes without token support answer
     *         empty. Since 1.2, a valid token that lacks the {@code telemetry-writer} role or a tenant
     *         completes exceptionally with {@link DeviceNotPermittedException} (callers answer 403)
     * @since 1.1
     */
    default CompletionStage<Optional<DevicePrincipal>> authenticateToken(String token) {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
