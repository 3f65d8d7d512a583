package org.homeport.security.oidc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwksParserTest {

    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void readsRsaSigningKeysAndSkipsTheRest() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
        String jwks = "{\"keys\":["
                + "{\"kid\":\"sig-1\",\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"" + b64(key.getModulus())
                + "\",\"e\":\"" + b64(key.getPublicExponent()) + "\"},"
                + "{\"kid\":\"enc-1\",\"kty\":\"RSA\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
                + "{\"kid\":\"ec-1\",\"kty\":\"EC\",\"use\":\"sig\",\"crv\":\"P-256\"},"
                + "{\"kid\":\"broken\",\"kty\":\"RSA\",\"use\":\"sig\",\"n\":\"***\",\"e\":\"AQAB\"}]}";

        var keys = JwksParser.signingKeys(jwks);

        assertThat(keys).containsOnlyKeys("sig-1");
        assertThat(((RSAPublicKey) keys.get("sig-1")).getModulus()).isEqualTo(key.getModulus());
    }
}
