package org.homeport.receiver.http.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.homeport.api.auth.DeviceAuthenticator;
import org.homeport.api.auth.DeviceNotPermittedException;
import org.homeport.api.auth.DevicePrincipal;

/** API keys and access tokens from a fixed map; tokens answer asynchronously, as the real ones do. */
final class MapAuthenticator implements DeviceAuthenticator {
    private final Map<String, DevicePrincipal> principals;

    MapAuthenticator(Map<String, DevicePrincipal> principals) {
        this.principals = Map.copyOf(principals);
    }

    @Override
    public Optional<DevicePrincipal> authenticateApiKey(String apiKey) {
        return Optional.ofNullable(principals.get(apiKey));
    }

    /** A token that is valid but lacks the telemetry-writer role. */
    static final String PERSON_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvdHRvIn0.c2lnbmF0dXJl";

    @Override
    public CompletionStage<Optional<DevicePrincipal>> authenticateToken(String token) {
        return CompletableFuture.supplyAsync(() -> {
            if (PERSON_TOKEN.equals(token)) {
                throw new DeviceNotPermittedException("the token is valid but lacks the role telemetry-writer");
            }
            return Optional.ofNullable(principals.get(token));
        });
    }
}
