package org.homeport.receiver.http.internal;

import java.util.Map;
import java.util.Optional;
import org.homeport.api.auth.DeviceAuthenticator;
import org.homeport.api.auth.DevicePrincipal;

/** API keys from a fixed map. */
final class MapAuthenticator implements DeviceAuthenticator {
    private final Map<String, DevicePrincipal> principals;

    MapAuthenticator(Map<String, DevicePrincipal> principals) {
        this.principals = Map.copyOf(principals);
    }

    @Override
    public Optional<DevicePrincipal> authenticateApiKey(String apiKey) {
        return Optional.ofNullable(principals.get(apiKey));
    }
}
