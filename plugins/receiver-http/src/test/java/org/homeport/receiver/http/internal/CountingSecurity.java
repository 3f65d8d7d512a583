package org.homeport.receiver.http.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;
import org.homeport.security.api.HttpAuthenticator;

/** Our security layer reduced to what the receiver uses: it records outcomes and throttles after a few failures. */
final class CountingSecurity implements HttpAuthenticator {
    private final int maxFailures;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    final List<String> recorded = new CopyOnWriteArrayList<>();

    CountingSecurity(int maxFailures) {
        this.maxFailures = maxFailures;
    }

    @Override
    public CompletionStage<Caller> authenticate(String authorization, String source) {
        return CompletableFuture.failedFuture(new AuthenticationException("unsupported-scheme", "not used by the receiver"));
    }

    @Override
    public boolean isThrottled(String source) {
        return failures.getOrDefault(source, 0) >= maxFailures;
    }

    @Override
    public void record(String source, String method, String outcome) {
        recorded.add(method + ":" + outcome);
        if ("bad-credentials".equals(outcome)) {
            failures.merge(source, 1, Integer::sum);
        }
    }
}
