package org.homeport.security.internal.device;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceAuthenticationException.Reason;
import org.homeport.api.auth.DeviceAuthenticator;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DeviceNotPermittedException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.security.api.HttpAuthenticator;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Device authentication in one place: API keys against the configured key hashes, OAuth2 access
 * tokens (client credentials) that carry the {@code telemetry-writer} role and a tenant, the count
 * of every attempt under its real source and the throttle on sources that keep failing (both
 * through {@link HttpAuthenticator}, the one throttle every surface shares). A receiver calls
 * {@link #authenticate(DeviceCredentials)} once per request.
 *
 * <p>Who waits when (docs/security.md, "Failed logins and throttling"): keys and tokens cannot be
 * guessed, so a valid one always passes, even from a throttled source; a failing one from a source
 * over its limit is refused as throttled (429, {@code Retry-After}) instead of unauthorized (401).
 * A request without any credential (a client's first try) is not a failure.
 */
// still the deprecated DeviceAuthenticator too, for plugins built against api.auth 1.3 or earlier
@SuppressWarnings("deprecation")
@Component(service = {DeviceRequestAuthenticator.class, DeviceAuthenticator.class})
public class DeviceAuthenticationService implements DeviceRequestAuthenticator, DeviceAuthenticator {
    /** What a throttled source is told to wait, in seconds; the same as every other surface answers. */
    static final long RETRY_AFTER_SECONDS = 60;
    static final String CHALLENGE = "ApiKey, Bearer realm=\"homeport\"";
    static final String UNAUTHORIZED_DETAIL = "a valid API key or access token is required";
    static final String THROTTLED_DETAIL = "this source failed to authenticate too often; wait and try again";

    private final ApiKeyAuthenticator keys;
    private final HttpAuthenticator security;

    @Activate
    public DeviceAuthenticationService(@Reference ApiKeyAuthenticator keys, @Reference HttpAuthenticator security) {
        this.keys = keys;
        this.security = security;
    }

    @Override
    public CompletionStage<DevicePrincipal> authenticate(DeviceCredentials credentials) {
        String source = credentials.source();
        String bearer = credentials.bearer();
        if (bearer != null && looksLikeJwt(bearer)) {
            return authenticateToken(bearer).handle((principal, failure) -> {
                Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failure;
                if (cause instanceof DeviceNotPermittedException notPermitted) {
                    security.record(source, "token", "not-permitted");
                    throw new DeviceAuthenticationException(Reason.FORBIDDEN, notPermitted.getMessage(), 0, null);
                }
                if (failure != null) {
                    throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
                }
                return decide(principal, source, "token", true);
            });
        }
        String key = credentials.apiKey() != null ? credentials.apiKey() : bearer;
        Optional<DevicePrincipal> principal = key == null || key.isBlank()
                ? Optional.empty() : keys.authenticateApiKey(key.trim());
        try {
            return CompletableFuture.completedFuture(decide(principal, source, "apikey", credentials.presented()));
        } catch (DeviceAuthenticationException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** Counts the attempt and turns its outcome into the principal or the refusal. */
    private DevicePrincipal decide(Optional<DevicePrincipal> principal, String source, String method, boolean presented) {
        security.record(source, presented ? method : "none",
                principal.isPresent() ? "success" : presented ? "bad-credentials" : "missing");
        if (principal.isPresent()) {
            return principal.get();
        }
        if (presented && security.isThrottled(source)) {
            throw new DeviceAuthenticationException(Reason.THROTTLED, THROTTLED_DETAIL, RETRY_AFTER_SECONDS, null);
        }
        throw new DeviceAuthenticationException(Reason.UNAUTHORIZED, UNAUTHORIZED_DETAIL, 0, CHALLENGE);
    }

    /** A JWT has three dot-separated parts; Homeport's API keys have no dots. */
    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }

    @Override
    public Optional<DevicePrincipal> authenticateApiKey(String apiKey) {
        return keys.authenticateApiKey(apiKey);
    }

    /**
     * Validates the token without throttling or counting it; {@link #authenticate} counts it under
     * the request's real source.
     */
    @Override
    public CompletionStage<Optional<DevicePrincipal>> authenticateToken(String token) {
        if (token == null || token.isBlank()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return security.verifyBearer(token).handle((caller, failure) -> {
            if (failure != null) {
                return Optional.<DevicePrincipal>empty();
            }
            if (!caller.hasRole(Role.TELEMETRY_WRITER)) {
                throw new DeviceNotPermittedException("the token is valid but lacks the role telemetry-writer");
            }
            if (caller.tenant() == null || caller.tenant().isBlank()) {
                throw new DeviceNotPermittedException("the token is valid but names no tenant (claim homeport_tenant)");
            }
            return Optional.of(new DevicePrincipal(caller.tenant(), "oidc:" + caller.name(), Set.of()));
        });
    }
}
