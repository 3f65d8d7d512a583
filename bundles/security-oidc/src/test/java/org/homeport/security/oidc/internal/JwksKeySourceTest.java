package org.homeport.security.oidc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.homeport.security.api.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keys come from a JWKS server on 127.0.0.1 that the test changes, as an administrator would in Keycloak. */
class JwksKeySourceTest {
    private static final String ISSUER = "http://127.0.0.1/realms/homeport";
    private final Vertx vertx = Vertx.vertx();
    private final KeyPair current = TestTokens.rsa();
    private final KeyPair compromised = TestTokens.rsa();
    private JwksServer jwks;
    private OidcBearerValidator validator;

    @AfterEach
    void stop() throws Exception {
        if (validator != null) {
            validator.deactivate();
        }
        if (jwks != null) {
            jwks.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private OidcBearerValidator validator(int refreshSeconds, int leastSeconds) {
        return new OidcBearerValidator(vertx, TestTokens.config(OidcBearerValidator.Config.class, Map.of(
                "issuer", ISSUER, "jwks_url", jwks.url(), "key_refresh_seconds", refreshSeconds,
                "key_refresh_min_seconds", leastSeconds)));
    }

    private String outcome(String token) {
        try {
            return "ok:" + validator.validate(token).toCompletableFuture().get(10, TimeUnit.SECONDS).name();
        } catch (ExecutionException e) {
            return ((AuthenticationException) e.getCause()).reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKeyWithdrawnAtTheIssuerStopsValidatingAfterTheScheduledRefresh() throws Exception {
        jwks = new JwksServer();
        jwks.publish("current", current);
        jwks.publish("compromised", compromised);
        validator = validator(1, 1);
        String stolen = TestTokens.token(ISSUER, "compromised", compromised, "mallory", null, "operator");
        assertThat(outcome(stolen)).isEqualTo("ok:mallory");

        jwks.withdraw("compromised");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outcome(stolen)).isEqualTo("bad-signature"));
        assertThat(outcome(TestTokens.token(ISSUER, "current", current, "otto", null, "operator"))).isEqualTo("ok:otto");
    }

    @Test
    void keysAreFetchedOnTheirScheduleEvenWhenNoTokenNamesAnUnknownKey() throws Exception {
        jwks = new JwksServer();
        jwks.publish("current", current);
        validator = validator(1, 1);

        // A fetch may take up to its 10 s request timeout before the schedule goes on; the bound leaves room for one.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jwks.requests.get())
                .as(jwks::requestLog).isGreaterThanOrEqualTo(3));
    }

    @Test
    void aShorterCacheControlMaxAgeIsHonouredWithinTheLeastInterval() throws Exception {
        jwks = new JwksServer();
        jwks.publish("current", current);
        jwks.cacheControl = "public, max-age=1";
        validator = validator(300, 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jwks.requests.get())
                .as(jwks::requestLog).isGreaterThanOrEqualTo(3));
    }

    @Test
    void cacheControlIsReadWithinBounds() {
        assertThat(JwksKeySource.maxAge("public, max-age=120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(JwksKeySource.maxAge("no-cache")).as("Keycloak's answer").isEqualTo(Duration.ZERO);
        assertThat(JwksKeySource.maxAge("public")).isNull();
        assertThat(JwksKeySource.maxAge(null)).isNull();
    }

    @Test
    void theTimeOfTheLastSuccessfulFetchIsKept() throws Exception {
        jwks = new JwksServer();
        jwks.publish("current", current);
        Instant before = Instant.now();
        validator = validator(300, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> validator.lastKeyFetch().isPresent());
        assertThat(validator.lastKeyFetch().get()).isAfterOrEqualTo(before.minusSeconds(1));
    }

    @Test
    void anIssuerOrJwksUrlWithoutHttpsIsRefusedUnlessItIsLoopback() {
        assertThatThrownBy(() -> new OidcBearerValidator(vertx, TestTokens.config(OidcBearerValidator.Config.class,
                Map.of("issuer", "http://keycloak.example.com/realms/homeport"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> new OidcBearerValidator(vertx, TestTokens.config(OidcBearerValidator.Config.class,
                Map.of("issuer", "https://keycloak.example.com/realms/homeport",
                        "jwks_url", "http://keycloak.example.com/certs"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jwks.url");
        OidcBearerValidator.requireSecure("issuer", "https://keycloak.example.com/realms/homeport");
        OidcBearerValidator.requireSecure("issuer", "http://127.0.0.1:8080/realms/homeport");
        OidcBearerValidator.requireSecure("issuer", "http://localhost:8080/realms/homeport");
        OidcBearerValidator.requireSecure("issuer", "http://[::1]:8080/realms/homeport");
    }
}
