package org.homeport.security.oidc.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;

/**
 * Validates OIDC access tokens (signed JWTs) locally: algorithm, signature against the issuer's
 * published keys, issuer, audience, expiry and not-before. No call to the issuer per request; keys
 * come from a {@link KeySource} that refreshes when a token names a key it does not know (rotation).
 */
final class OidcTokenValidator {
    /** Asymmetric algorithms only: 'none' and HMAC would let anyone who knows the algorithm forge tokens. */
    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final String tenantClaim;
    private final KeySource keys;
    private final Clock clock;

    OidcTokenValidator(String issuer, String audience, Duration clockSkew, String tenantClaim, KeySource keys,
            Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkew = clockSkew;
        this.tenantClaim = tenantClaim;
        this.keys = keys;
        this.clock = clock;
    }

    /** A parsed but not yet verified token. */
    private record Parts(String signingInput, byte[] signature, JsonObject header, JsonObject claims) {
    }

    CompletionStage<Caller> validate(String token) {
        Parts parts;
        try {
            parts = parse(token);
        } catch (AuthenticationException e) {
            return CompletableFuture.failedFuture(e);
        }
        String algorithm = ALGORITHMS.get(parts.header().getString("alg"));
        if (algorithm == null) {
            return failed("unsupported-algorithm", "the token's signature algorithm is not accepted");
        }
        String kid = parts.header().getString("kid");
        if (kid == null) {
            return failed("malformed", "the token names no signing key");
        }
        return keys.key(kid).thenCompose(key -> {
            if (key == null) {
                return failed("bad-signature", "the token is signed with a key the issuer does not publish");
            }
            try {
                if (!verifies(algorithm, key, parts)) {
                    return failed("bad-signature", "the token's signature does not verify");
                }
                return CompletableFuture.completedFuture(checkClaims(parts.claims()));
            } catch (AuthenticationException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    private static Parts parse(String token) throws AuthenticationException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new AuthenticationException("malformed", "the token is too long");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            throw new AuthenticationException("malformed", "the token is not a signed JWT");
        }
        try {
            JsonObject header = new JsonObject(new String(Base64Url.decode(token.substring(0, first)), StandardCharsets.UTF_8));
            JsonObject claims = new JsonObject(
                    new String(Base64Url.decode(token.substring(first + 1, second)), StandardCharsets.UTF_8));
            byte[] signature = Base64Url.decode(token.substring(second + 1));
            return new Parts(token.substring(0, second), signature, header, claims);
        } catch (RuntimeException e) {
            throw new AuthenticationException("malformed", "the token is not a signed JWT");
        }
    }

    private static boolean verifies(String algorithm, PublicKey key, Parts parts) throws AuthenticationException {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(parts.signingInput().getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(parts.signature());
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("bad-signature", "the token's signature does not verify");
        }
    }

    private Caller checkClaims(JsonObject claims) throws AuthenticationException {
        if (!issuer.equals(stringClaim(claims, "iss"))) {
            throw new AuthenticationException("wrong-issuer", "the token was issued by someone else");
        }
        if (!hasAudience(claims.getValue("aud"))) {
            throw new AuthenticationException("wrong-audience", "the token is not meant for Homeport");
        }
        long now = clock.instant().getEpochSecond();
        Long expires = numberClaim(claims, "exp");
        if (expires == null || now - clockSkew.toSeconds() >= expires) {
            throw new AuthenticationException("expired", "the token has expired");
        }
        Long notBefore = numberClaim(claims, "nbf");
        if (notBefore != null && now + clockSkew.toSeconds() < notBefore) {
            throw new AuthenticationException("expired", "the token is not valid yet");
        }
        String name = firstNonNull(stringClaim(claims, "preferred_username"), stringClaim(claims, "azp"),
                stringClaim(claims, "sub"));
        return new Caller(name == null ? "unknown" : name, "oidc", realmRoles(claims), stringClaim(claims, tenantClaim));
    }

    private boolean hasAudience(Object aud) {
        if (aud instanceof String single) {
            return audience.equals(single);
        }
        if (aud instanceof JsonArray many) {
            return many.contains(audience);
        }
        return false;
    }

    private static Set<String> realmRoles(JsonObject claims) {
        Set<String> roles = new HashSet<>();
        Object realmAccess = claims.getValue("realm_access");
        if (realmAccess instanceof JsonObject access && access.getValue("roles") instanceof JsonArray array) {
            for (Object role : array) {
                if (role instanceof String text) {
                    roles.add(text);
                }
            }
        }
        return roles;
    }

    private static String stringClaim(JsonObject claims, String name) {
        Object value = claims.getValue(name);
        return value instanceof String text ? text : null;
    }

    private static Long numberClaim(JsonObject claims, String name) {
        Object value = claims.getValue(name);
        return value instanceof Number number ? number.longValue() : null;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static <T> CompletionStage<T> failed(String reason, String message) {
        return CompletableFuture.failedFuture(new AuthenticationException(reason, message));
    }
}
