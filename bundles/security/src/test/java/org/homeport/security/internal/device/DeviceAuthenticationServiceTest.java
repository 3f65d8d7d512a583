package org.homeport.security.internal.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceAuthenticationException.Reason;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DeviceNotPermittedException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.BearerTokenValidator;
import org.homeport.security.api.Caller;
import org.homeport.security.internal.HttpAuthenticatorService;
import org.homeport.security.internal.TestConfigs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device authentication as a receiver sees it: one call per request, against the real key index and
 * the real throttle of {@link HttpAuthenticatorService} (a source may fail 5 times here), with
 * access tokens from a fake issuer.
 */
class DeviceAuthenticationServiceTest {
    private static final String SOURCE = "192.0.2.10";
    private static final String OTHER = "198.51.100.20";
    /** Tokens look like JWTs (three dot-separated parts); the fake issuer knows these by their middle part. */
    private static final String WRITER = "h.writer.s";
    private static final String PERSON = "h.person.s";
    private static final String NO_TENANT = "h.no-tenant.s";
    private static final BearerTokenValidator ISSUER = token -> switch (token) {
        case WRITER -> CompletableFuture.completedFuture(new Caller("meter-backend", "oidc", Set.of("telemetry-writer"), "acme"));
        case PERSON -> CompletableFuture.completedFuture(new Caller("otto", "oidc", Set.of("operator"), null));
        case NO_TENANT -> CompletableFuture.completedFuture(new Caller("svc", "oidc", Set.of("telemetry-writer"), null));
        default -> CompletableFuture.failedFuture(new AuthenticationException("bad-signature", "the signature does not verify"));
    };

    private final String key = ApiKeys.generate(new SecureRandom());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DeviceAuthenticationService service;

    @BeforeEach
    void createService() {
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator();
        keys.index(List.of(new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(key), Set.of("usage-metering"),
                null, true)));
        HttpAuthenticatorService security = new HttpAuthenticatorService(null, registry,
                TestConfigs.config(HttpAuthenticatorService.Config.class, Map.of("throttle_source_max_failures", 5)));
        security.bindBearerTokens(ISSUER);
        service = new DeviceAuthenticationService(keys, security);
    }

    private CompletionStage<DevicePrincipal> send(String apiKey, String authorization, String source) {
        return service.authenticate(new DeviceCredentials(apiKey, authorization, source));
    }

    private static DeviceAuthenticationException refusal(CompletionStage<DevicePrincipal> stage) {
        try {
            stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DeviceAuthenticationException.class);
            return (DeviceAuthenticationException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the request was let through");
    }

    private double counted(String method, String outcome) {
        var counter = registry.find("homeport.security.authentications").tags("method", method, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void apiKeyInTheHeaderOrAsBearerAnswersAtOnceWithItsTenantAndPurposes() {
        DevicePrincipal expected = new DevicePrincipal("acme", "fleet", Set.of("usage-metering"));

        CompletableFuture<DevicePrincipal> header = send(key, null, SOURCE).toCompletableFuture();
        CompletableFuture<DevicePrincipal> bearer = send(null, "Bearer " + key, SOURCE).toCompletableFuture();

        // a key is a local lookup: the receiver needs no second trip through its event loop
        assertThat(header).isCompletedWithValue(expected);
        assertThat(bearer).isCompletedWithValue(expected);
        assertThat(counted("apikey", "success")).isEqualTo(2);
    }

    @Test
    void missingOrUnknownCredentialsAre401WithTheChallengeAndNameNoCredential() {
        DeviceAuthenticationException missing = refusal(send(null, null, SOURCE));
        DeviceAuthenticationException unknown = refusal(send("hp_not-a-key", null, SOURCE));

        for (DeviceAuthenticationException refused : List.of(missing, unknown)) {
            assertThat(refused.reason()).isEqualTo(Reason.UNAUTHORIZED);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.type()).isEqualTo("https://homeport.dev/problems/unauthorized");
            assertThat(refused.challenge()).isEqualTo("ApiKey, Bearer realm=\"homeport\"");
            assertThat(refused.retryAfterSeconds()).isZero();
            assertThat(refused.detail()).isEqualTo("a valid API key or access token is required").doesNotContain("hp_");
        }
        assertThat(counted("none", "missing")).isEqualTo(1);
        assertThat(counted("apikey", "bad-credentials")).isEqualTo(1);
    }

    @Test
    void sourceThatKeepsFailingIsThrottledWith429ButAValidKeyFromItStillPasses() {
        for (int i = 0; i < 4; i++) {
            assertThat(refusal(send("wrong-key-" + i, null, SOURCE)).status()).isEqualTo(401);
        }

        DeviceAuthenticationException throttled = refusal(send("wrong-key-4", null, SOURCE));
        assertThat(throttled.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.type()).isEqualTo("https://homeport.dev/problems/too-many-attempts");
        assertThat(throttled.retryAfterSeconds()).isEqualTo(60);

        // the attacker's failures must not lock out the devices that share its address, nor other sources
        assertThat(send(key, null, SOURCE).toCompletableFuture().join().tenant()).isEqualTo("acme");
        assertThat(refusal(send("wrong-key-5", null, OTHER)).status()).isEqualTo(401);
        // a request without credentials is a first try, not a failure, and is not told to wait
        assertThat(refusal(send(null, null, SOURCE)).status()).isEqualTo(401);
        assertThat(counted("apikey", "bad-credentials")).isEqualTo(6);
    }

    @Test
    void tokensNeedTheWriterRoleAndATenantAndSayWhichIsMissing() {
        assertThat(send(null, "Bearer " + WRITER, SOURCE).toCompletableFuture().join())
                .isEqualTo(new DevicePrincipal("acme", "oidc:meter-backend", Set.of()));

        DeviceAuthenticationException person = refusal(send(null, "Bearer " + PERSON, SOURCE));
        assertThat(person.status()).isEqualTo(403);
        assertThat(person.type()).isEqualTo("https://homeport.dev/problems/forbidden");
        assertThat(person.detail()).contains("telemetry-writer");
        assertThat(refusal(send(null, "Bearer " + NO_TENANT, SOURCE)).detail()).contains("tenant");

        assertThat(refusal(send(null, "Bearer h.forged.s", SOURCE)).status()).isEqualTo(401);
        assertThat(counted("token", "success")).isEqualTo(1);
        assertThat(counted("token", "not-permitted")).isEqualTo(2);
        assertThat(counted("token", "bad-credentials")).isEqualTo(1);
    }

    @Test
    void badTokensFromAnywhereDoNotLockOutValidTokens() {
        for (int i = 0; i < 10; i++) {
            refusal(send(null, "Bearer h.forged-" + i + ".s", SOURCE));
        }
        assertThat(refusal(send(null, "Bearer h.forged.s", SOURCE)).reason()).isEqualTo(Reason.THROTTLED);

        assertThat(send(null, "Bearer " + WRITER, SOURCE).toCompletableFuture().join().tenant()).isEqualTo("acme");
    }

    @Test
    void theOlderDeviceAuthenticatorCallsStillAnswerForTheConsentApi() {
        assertThat(service.authenticateApiKey(key)).isPresent();
        assertThat(service.authenticateToken(WRITER).toCompletableFuture().join()).isPresent();
        assertThat(service.authenticateToken("h.forged.s").toCompletableFuture().join()).isEmpty();
        assertThat(service.authenticateToken(PERSON).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(DeviceNotPermittedException.class);
    }
}
