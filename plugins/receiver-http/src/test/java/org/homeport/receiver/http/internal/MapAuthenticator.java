package org.homeport.receiver.http.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceAuthenticationException.Reason;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.auth.DeviceRequestAuthenticator;

/**
 * Our device authentication reduced to what the receiver relies on (the real one, with its
 * throttle, is tested in the security bundle): API keys from a fixed map answer at once; access
 * tokens (with dots) answer asynchronously, as the real ones do; a source that failed
 * {@code maxFailures} times gets 429 for failing credentials while valid ones still pass.
 */
final class MapAuthenticator implements DeviceRequestAuthenticator {
    /** A token that is valid but lacks the telemetry-writer role. */
    static final String PERSON_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvdHRvIn0.c2lnbmF0dXJl";

    private final Map<String, DevicePrincipal> principals;
    private final int maxFailures;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** Every outcome, as {@code method:outcome}. */
    final List<String> recorded = new CopyOnWriteArrayList<>();

    MapAuthenticator(Map<String, DevicePrincipal> principals) {
        this(principals, 5);
    }

    MapAuthenticator(Map<String, DevicePrincipal> principals, int maxFailures) {
        this.principals = Map.copyOf(principals);
        this.maxFailures = maxFailures;
    }

    @Override
    public CompletionStage<DevicePrincipal> authenticate(DeviceCredentials credentials) {
        String bearer = credentials.bearer();
        if (bearer != null && bearer.contains(".")) {
            return CompletableFuture.supplyAsync(() -> {
                if (PERSON_TOKEN.equals(bearer)) {
                    recorded.add("token:not-permitted");
                    throw new DeviceAuthenticationException(Reason.FORBIDDEN,
                            "the token is valid but lacks the role telemetry-writer", 0, null);
                }
                return decide(principals.get(bearer), credentials.source(), "token", true);
            });
        }
        String key = credentials.apiKey() != null ? credentials.apiKey() : bearer;
        try {
            return CompletableFuture.completedFuture(decide(key == null ? null : principals.get(key.trim()),
                    credentials.source(), "apikey", credentials.presented()));
        } catch (DeviceAuthenticationException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private DevicePrincipal decide(DevicePrincipal principal, String source, String method, boolean presented) {
        recorded.add((presented ? method : "none") + ":" + (principal != null ? "success" : presented ? "bad-credentials" : "missing"));
        if (principal != null) {
            return principal;
        }
        if (presented && failures.merge(String.valueOf(source), 1, Integer::sum) >= maxFailures) {
            throw new DeviceAuthenticationException(Reason.THROTTLED,
                    "this source failed to authenticate too often; wait and try again", 60, null);
        }
        throw new DeviceAuthenticationException(Reason.UNAUTHORIZED, "a valid API key or access token is required", 0,
                "ApiKey, Bearer realm=\"homeport\"");
    }
}
