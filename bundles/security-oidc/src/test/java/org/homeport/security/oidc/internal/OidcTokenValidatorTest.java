package org.homeport.security.oidc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;
import org.junit.jupiter.api.Test;

/**
 * The validator against tokens signed here with our own keys; the real Keycloak is exercised by
 * the integration tests.
 */
class OidcTokenValidatorTest {
    private static final String ISSUER = "http://127.0.0.1:8080/realms/homeport";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair issuerKey = rsa();
    private final KeyPair strangerKey = rsa();
    private final Map<String, PublicKey> published = Map.of("k1", issuerKey.getPublic());
    private final OidcTokenValidator validator = new OidcTokenValidator(ISSUER, "homeport", Duration.ofSeconds(30),
            "homeport_tenant", kid -> CompletableFuture.completedFuture(published.get(kid)), Clock.fixed(NOW, ZoneOffset.UTC));

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject claims() {
        return new JsonObject().put("iss", ISSUER).put("aud", new JsonArray().add("homeport").add("account"))
                .put("exp", NOW.getEpochSecond() + 300).put("iat", NOW.getEpochSecond())
                .put("preferred_username", "otto")
                .put("realm_access", new JsonObject().put("roles", new JsonArray().add("operator").add("offline_access")));
    }

    private static String sign(JsonObject header, JsonObject claims, KeyPair key) {
        try {
            String input = B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(JsonObject claims) {
        return sign(new JsonObject().put("alg", "RS256").put("kid", "k1").put("typ", "JWT"), claims, issuerKey);
    }

    private Caller valid(String token) throws Exception {
        return validator.validate(token).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> valid(token)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    @Test
    void validTokenGivesTheUserAndRealmRoles() throws Exception {
        Caller caller = valid(token(claims()));
        assertThat(caller).isEqualTo(new Caller("otto", "oidc", Set.of("operator", "offline_access"), null));
    }

    @Test
    void serviceTokenCarriesItsTenantClaim() throws Exception {
        Caller caller = valid(token(claims().put("homeport_tenant", "acme").put("aud", "homeport")));
        assertThat(caller.tenant()).isEqualTo("acme");
    }

    @Test
    void signatureByAnotherKeyIsRefused() {
        assertRefused(sign(new JsonObject().put("alg", "RS256").put("kid", "k1"), claims(), strangerKey), "bad-signature");
    }

    @Test
    void editedPayloadIsRefused() {
        String token = token(claims());
        String[] parts = token.split("\\.");
        String edited = B64.encodeToString(claims().put("realm_access",
                new JsonObject().put("roles", new JsonArray().add("compliance-officer"))).encode().getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + edited + "." + parts[2], "bad-signature");
    }

    @Test
    void algNoneAndHmacAreRefused() {
        String unsigned = B64.encodeToString(new JsonObject().put("alg", "none").put("kid", "k1").encode().getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims().encode().getBytes(StandardCharsets.UTF_8)) + ".";
        assertRefused(unsigned, "malformed");
        String noneWithSignature = B64.encodeToString(new JsonObject().put("alg", "none").put("kid", "k1").encode()
                .getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(claims().encode().getBytes(StandardCharsets.UTF_8)) + ".AAAA";
        assertRefused(noneWithSignature, "unsupported-algorithm");
        assertRefused(sign(new JsonObject().put("alg", "HS256").put("kid", "k1"), claims(), issuerKey), "unsupported-algorithm");
    }

    @Test
    void unknownKeyIdIsRefused() {
        assertRefused(sign(new JsonObject().put("alg", "RS256").put("kid", "k9"), claims(), issuerKey), "bad-signature");
    }

    @Test
    void wrongIssuerAudienceAndExpiryAreRefusedEachWithItsReason() {
        assertRefused(token(claims().put("iss", "http://127.0.0.1:8080/realms/other")), "wrong-issuer");
        assertRefused(token(claims().put("aud", "account")), "wrong-audience");
        assertRefused(token(claims().put("exp", NOW.getEpochSecond() - 31)), "expired");
        assertRefused(token(claims().put("nbf", NOW.getEpochSecond() + 60)), "expired");
        assertRefused(token(claims().putNull("exp")), "expired");
    }

    @Test
    void expiryWithinTheClockSkewIsStillAccepted() throws Exception {
        assertThat(valid(token(claims().put("exp", NOW.getEpochSecond() - 10))).name()).isEqualTo("otto");
    }

    @Test
    void garbageIsMalformed() {
        assertRefused("not-a-token", "malformed");
        assertRefused("a.b.c", "malformed");
        assertRefused("a.b", "malformed");
        assertRefused("x".repeat(20_000), "malformed");
    }
}
