package org.homeport.security.oidc.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.HashMap;
import java.util.Map;

/** Reads the RSA signing keys of a JSON Web Key Set (RFC 7517); other keys are skipped. */
final class JwksParser {
    private JwksParser() {
    }

    static Map<String, PublicKey> signingKeys(String jwksJson) {
        Map<String, PublicKey> keys = new HashMap<>();
        JsonArray array = new JsonObject(jwksJson).getJsonArray("keys", new JsonArray());
        for (int i = 0; i < array.size(); i++) {
            JsonObject jwk = array.getJsonObject(i);
            String use = jwk.getString("use", "sig");
            if (!"RSA".equals(jwk.getString("kty")) || !"sig".equals(use) || jwk.getString("kid") == null) {
                continue;
            }
            try {
                RSAPublicKeySpec spec = new RSAPublicKeySpec(
                        new BigInteger(1, Base64Url.decode(jwk.getString("n"))),
                        new BigInteger(1, Base64Url.decode(jwk.getString("e"))));
                keys.put(jwk.getString("kid"), KeyFactory.getInstance("RSA").generatePublic(spec));
            } catch (GeneralSecurityException | RuntimeException e) {
                // A malformed key cannot verify anything; the others still can.
            }
        }
        return keys;
    }
}
