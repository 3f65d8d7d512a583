package org.homeport.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.homeport.api.auth.DeviceNotPermittedException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;
import org.homeport.security.api.HttpAuthenticator;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(Clock.fixed(NOW, ZoneOffset.UTC));
    private final String key = ApiKeys.generate(new SecureRandom());

    private ApiKeyConfiguration.Entry entry(Instant expires, boolean enabled, Set<String> purposes) {
        return new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(key), purposes, expires, enabled);
    }

    @Test
    void knownKeyAuthenticatesAsItsTenantWithItsPurposes() {
        authenticator.index(List.of(entry(null, true, Set.of("usage-metering"))));

        assertThat(authenticator.authenticateApiKey(key))
                .contains(new DevicePrincipal("acme", "fleet", Set.of("usage-metering")));
    }

    @Test
    void unknownRevokedAndExpiredKeysAreRefused() {
        authenticator.index(List.of(entry(null, true, Set.of())));
        assertThat(authenticator.authenticateApiKey(key + "x")).isEmpty();
        assertThat(authenticator.authenticateApiKey("")).isEmpty();
        assertThat(authenticator.authenticateApiKey(null)).isEmpty();

        authenticator.index(List.of(entry(null, false, Set.of())));
        assertThat(authenticator.authenticateApiKey(key)).isEmpty();

        authenticator.index(List.of(entry(NOW, true, Set.of())));
        assertThat(authenticator.authenticateApiKey(key)).isEmpty();

        authenticator.index(List.of(entry(NOW.plusSeconds(1), true, Set.of())));
        assertThat(authenticator.authenticateApiKey(key)).isPresent();
    }

    @Test
    void generatedKeysAreLongRandomAndPrefixed() {
        String other = ApiKeys.generate(new SecureRandom());
        assertThat(key).startsWith("hp_").hasSize(31).isNotEqualTo(other);
        assertThat(ApiKeys.hash(key)).matches("[0-9a-f]{64}");
    }

    @Test
    void rotatedKeyKeepsWorkingUntilTheOverlapEndsAndTheNewOneWorksAtOnce() {
        String next = ApiKeys.generate(new SecureRandom());
        authenticator.index(List.of(new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(next), Set.of(), null, true,
                ApiKeys.hash(key), NOW.plusSeconds(60))));

        assertThat(authenticator.authenticateApiKey(next)).isPresent();
        assertThat(authenticator.authenticateApiKey(key)).isPresent();

        authenticator.index(List.of(new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(next), Set.of(), null, true,
                ApiKeys.hash(key), NOW)));
        assertThat(authenticator.authenticateApiKey(key)).isEmpty();
        assertThat(authenticator.authenticateApiKey(next)).isPresent();
    }

    @Test
    void revokingAlsoEndsTheOverlapOfTheOldKey() {
        String next = ApiKeys.generate(new SecureRandom());
        authenticator.index(List.of(new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(next), Set.of(), null, false,
                ApiKeys.hash(key), NOW.plusSeconds(60))));

        assertThat(authenticator.authenticateApiKey(key)).isEmpty();
        assertThat(authenticator.authenticateApiKey(next)).isEmpty();
    }

    @Test
    void successfulUseIsRecordedAsLastUsed() {
        authenticator.index(List.of(entry(null, true, Set.of())));
        assertThat(authenticator.lastUsed("fleet")).isEmpty();

        authenticator.authenticateApiKey(key);

        assertThat(authenticator.lastUsed("fleet")).contains(NOW);
    }

    @Test
    void tokensNeedTheWriterRoleAndATenantAndSayWhichIsMissing() {
        authenticator.bindTokens(new FixedCallers(Map.of(
                "writer", new Caller("meter-backend", "oidc", Set.of("telemetry-writer"), "acme"),
                "person", new Caller("otto", "oidc", Set.of("operator"), null),
                "no-tenant", new Caller("svc", "oidc", Set.of("telemetry-writer"), null))));

        assertThat(authenticator.authenticateToken("writer").toCompletableFuture().join())
                .contains(new DevicePrincipal("acme", "oidc:meter-backend", Set.of()));
        assertThat(authenticator.authenticateToken("forged").toCompletableFuture().join()).isEmpty();
        assertThat(authenticator.authenticateToken("person").toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(DeviceNotPermittedException.class)
                .withMessageContaining("telemetry-writer");
        assertThat(authenticator.authenticateToken("no-tenant").toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .havingCause().withMessageContaining("tenant");
    }

    @Test
    void badTokensFromAnywhereDoNotLockOutValidTokens() {
        authenticator.bindTokens(new ThrottlingCallers(Map.of(
                "writer", new Caller("meter-backend", "oidc", Set.of("telemetry-writer"), "acme"))));
        for (int i = 0; i < 10; i++) {
            assertThat(authenticator.authenticateToken("forged-" + i).toCompletableFuture().join()).isEmpty();
        }

        assertThat(authenticator.authenticateToken("writer").toCompletableFuture().join())
                .contains(new DevicePrincipal("acme", "oidc:meter-backend", Set.of()));
    }

    /**
     * The security layer as it throttles: ten failures from a source refuse it; a token checked with
     * {@code verifyBearer} is only validated (the receiver counts it under its real source).
     */
    private static final class ThrottlingCallers implements HttpAuthenticator {
        private final Map<String, Caller> callers;
        private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();

        ThrottlingCallers(Map<String, Caller> callers) {
            this.callers = callers;
        }

        @Override
        public CompletionStage<Caller> authenticate(String authorization, String source) {
            String from = source == null ? "unknown" : source;
            if (failures.getOrDefault(from, 0) >= 10) {
                return CompletableFuture.failedFuture(new AuthenticationException("throttled", "wait"));
            }
            CompletionStage<Caller> result = verifyBearer(authorization.substring("Bearer ".length()));
            return result.whenComplete((caller, failure) -> {
                if (failure != null) {
                    failures.merge(from, 1, Integer::sum);
                }
            });
        }

        @Override
        public CompletionStage<Caller> verifyBearer(String token) {
            Caller caller = callers.get(token);
            return caller == null
                    ? CompletableFuture.failedFuture(new AuthenticationException("bad-signature", "bad token"))
                    : CompletableFuture.completedFuture(caller);
        }

        @Override
        public boolean isThrottled(String source) {
            return false;
        }

        @Override
        public void record(String source, String method, String outcome) {
        }
    }

    /** Our own fake of the security layer: known bearer tokens map to callers, anything else fails. */
    private static final class FixedCallers implements HttpAuthenticator {
        private final Map<String, Caller> callers;

        FixedCallers(Map<String, Caller> callers) {
            this.callers = callers;
        }

        @Override
        public CompletionStage<Caller> authenticate(String authorization,
                String source) {
            Caller caller = callers.get(authorization.substring("Bearer ".length()));
            return caller == null
                    ? CompletableFuture.failedFuture(
                            new AuthenticationException("bad-signature", "bad token"))
                    : CompletableFuture.completedFuture(caller);
        }

        @Override
        public boolean isThrottled(String source) {
            return false;
        }

        @Override
        public void record(String source, String method, String outcome) {
        }
    }
}
