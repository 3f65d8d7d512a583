package org.homeport.security.oidc.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** Signed tokens and component configurations for the tests of this package. */
final class TestTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token of {@code issuer} for audience homeport, valid for five minutes from now, with the given roles. */
    static String token(String issuer, String kid, KeyPair key, String user, String tenant, String... roles) {
        JsonObject claims = new JsonObject().put("iss", issuer).put("aud", "homeport")
                .put("exp", Instant.now().getEpochSecond() + 300).put("preferred_username", user)
                .put("realm_access", new JsonObject().put("roles", new JsonArray(java.util.List.of((Object[]) roles))));
        if (tenant != null) {
            claims.put("homeport_tenant", tenant);
        }
        try {
            String input = B64.encodeToString(new JsonObject().put("alg", "RS256").put("kid", kid).put("typ", "JWT").encode()
                    .getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DS configuration annotation: the given values (by method name), the declared defaults for the rest. */
    @SuppressWarnings("unchecked")
    static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getName().equals("annotationType")) {
                return type;
            }
            return method.getDefaultValue();
        });
    }
}
