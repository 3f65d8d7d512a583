package org.homeport.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.security.auth.login.Configuration;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.BearerTokenValidator;
import org.homeport.security.api.Caller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authentication layer with a test JAAS realm (password = user name) and a real OIDC validator
 * reading keys from a JWKS server on 127.0.0.1: who is throttled when, and who is not.
 */
class HttpAuthenticatorServiceTest {
    private static final String A = "192.0.2.1";
    private static final String B = "198.51.100.7";

    private static Vertx vertx;
    private static Configuration previousRealm;
    /** Our own interface, faked: "valid.<user>" is a good token, anything else has a bad signature. */
    private static final BearerTokenValidator TOKENS = token -> token.startsWith("valid.")
            ? CompletableFuture.completedFuture(new Caller(token.substring(6), "oidc", Set.of("telemetry-writer"), "acme"))
            : CompletableFuture.failedFuture(new AuthenticationException("bad-signature", "the signature does not verify"));

    private HttpAuthenticatorService service;

    @BeforeAll
    static void startIssuer() throws Exception {
        vertx = Vertx.vertx();
        previousRealm = TestLoginModule.install();
    }

    @AfterAll
    static void stopIssuer() throws Exception {
        Configuration.setConfiguration(previousRealm);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void createService() {
        service = service(Map.of());
        TestLoginModule.CHECKS.set(0);
        TestLoginModule.gate = null;
    }

    @AfterEach
    void openGate() {
        CountDownLatch gate = TestLoginModule.gate;
        if (gate != null) {
            gate.countDown();
        }
    }

    private HttpAuthenticatorService service(Map<String, Object> config) {
        HttpAuthenticatorService created = new HttpAuthenticatorService(vertx, new SimpleMeterRegistry(),
                TestConfigs.config(HttpAuthenticatorService.Config.class, config));
        created.bindBearerTokens(TOKENS);
        return created;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(String user) {
        return "Bearer valid." + user;
    }

    /** The outcome: the caller's name, or the failure reason. */
    private String outcome(String authorization, String source) {
        try {
            Caller caller = service.authenticate(authorization, source).toCompletableFuture().get(10, TimeUnit.SECONDS);
            return "ok:" + caller.name();
        } catch (java.util.concurrent.ExecutionException e) {
            return ((AuthenticationException) e.getCause()).reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tenBadTokensFromOneSourceLockOutNeitherValidTokensFromItNorFromOthers() {
        String forged = "Bearer forged.mallory";
        for (int i = 0; i < 10; i++) {
            assertThat(outcome(forged, A)).isEqualTo("bad-signature");
        }

        assertThat(outcome(bearer("meter-backend"), B)).isEqualTo("ok:meter-backend");
        assertThat(outcome(bearer("meter-backend"), A)).isEqualTo("ok:meter-backend");
    }

    @Test
    void failingTokensFromASourceOverItsLimitAreToldToWaitWhileValidOnesPass() {
        service = service(Map.of("throttle_source_max_failures", 3));
        String forged = "Bearer forged.mallory";
        assertThat(outcome(forged, A)).isEqualTo("bad-signature");
        assertThat(outcome(forged, A)).isEqualTo("bad-signature");
        assertThat(outcome(forged, A)).isEqualTo("throttled");
        assertThat(outcome(bearer("otto"), A)).isEqualTo("ok:otto");
        assertThat(outcome(forged, B)).isEqualTo("bad-signature");
    }

    @Test
    void anApiKeySuccessDoesNotClearPasswordFailures() {
        for (int i = 0; i < 9; i++) {
            assertThat(outcome(basic("karaf", "guess" + i), A)).isEqualTo("bad-credentials");
        }
        service.record(A, "apikey", "success"); // the public demo key, from the same address

        assertThat(outcome(basic("karaf", "guess9"), A)).isEqualTo("bad-credentials");
        assertThat(outcome(basic("karaf", "guess10"), A)).isEqualTo("throttled");
        assertThat(outcome(basic("karaf", "karaf"), A)).isEqualTo("throttled");
    }

    @Test
    void aPasswordSuccessClearsOnlyItsOwnUser() {
        for (int i = 0; i < 9; i++) {
            assertThat(outcome(basic("karaf", "guess" + i), A)).isEqualTo("bad-credentials");
        }
        assertThat(outcome(basic("otto", "otto"), A)).isEqualTo("ok:otto");

        assertThat(outcome(basic("karaf", "guess9"), A)).isEqualTo("bad-credentials");
        assertThat(outcome(basic("karaf", "guess10"), A)).isEqualTo("throttled");
    }

    @Test
    void aUsersOwnSuccessClearsItsFailures() {
        for (int i = 0; i < 9; i++) {
            outcome(basic("otto", "typo" + i), A);
        }
        assertThat(outcome(basic("otto", "otto"), A)).isEqualTo("ok:otto");
        for (int i = 0; i < 9; i++) {
            assertThat(outcome(basic("otto", "typo" + i), A)).isEqualTo("bad-credentials");
        }
    }

    @Test
    void guessingAUsersPasswordLocksItOutOnlyFromTheGuessingSource() {
        for (int i = 0; i < 10; i++) {
            outcome(basic("otto", "guess" + i), A);
        }
        assertThat(outcome(basic("otto", "otto"), A)).isEqualTo("throttled");
        assertThat(outcome(basic("otto", "otto"), B)).isEqualTo("ok:otto");
        assertThat(outcome(basic("carla", "carla"), A)).isEqualTo("ok:carla");
        assertThat(TestLoginModule.CHECKS.get()).isEqualTo(12); // the throttled attempt was never checked
    }

    @Test
    void aSprayingSourceIsStoppedForTheUsersItTriedButNotForOthers() {
        service = service(Map.of("throttle_source_max_failures", 5));
        for (int i = 0; i < 5; i++) {
            assertThat(outcome(basic("user" + i, "Winter2026!"), A)).isEqualTo("bad-credentials");
        }
        assertThat(outcome(basic("user0", "Summer2026!"), A)).isEqualTo("throttled");
        assertThat(outcome(basic("otto", "otto"), A)).isEqualTo("ok:otto");
        assertThat(outcome(basic("user0", "Summer2026!"), B)).isEqualTo("bad-credentials");
    }

    @Test
    void parallelGuessesAreCountedBeforeAnyIsChecked() {
        TestLoginModule.gate = new CountDownLatch(1);
        List<CompletableFuture<Caller>> attempts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attempts.add(service.authenticate(basic("karaf", "guess" + i), A).toCompletableFuture());
        }
        // every attempt is either being checked (held at the gate) or already refused
        await().atMost(Duration.ofSeconds(10)).until(() -> TestLoginModule.CHECKS.get()
                + attempts.stream().filter(CompletableFuture::isDone).count() >= 30);
        int checked = TestLoginModule.CHECKS.get();
        TestLoginModule.gate.countDown();
        CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).handle((done, failure) -> null).join();

        assertThat(checked).isEqualTo(10);
        assertThat(TestLoginModule.CHECKS.get()).isEqualTo(10);
        assertThat(outcome(basic("karaf", "karaf"), A)).isEqualTo("throttled");
    }

    @Test
    void missingCredentialsDoNotCount() {
        for (int i = 0; i < 20; i++) {
            assertThat(outcome(null, A)).isEqualTo("missing");
        }
        assertThat(outcome(basic("otto", "otto"), A)).isEqualTo("ok:otto");
        assertThat(service.isThrottled(A)).isFalse();
    }
}
