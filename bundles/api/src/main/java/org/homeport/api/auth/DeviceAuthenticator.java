package org.homeport.api.auth;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Authenticates senders of telemetry. Receivers use it and never check credentials themselves.
 * Lookups are local and cheap enough to run on an event loop.
 */
@ProviderType
public interface DeviceAuthenticator {

    /**
     * @param apiKey the API key as presented by the sender
     * @return the principal, or empty if the key is unknown, revoked or expired
     */
    Optional<DevicePrincipal> authenticateApiKey(String apiKey);
}
