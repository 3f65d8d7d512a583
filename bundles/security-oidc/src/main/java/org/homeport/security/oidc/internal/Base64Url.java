package org.homeport.security.oidc.internal;

import java.util.Base64;

/** Strict base64url decoding of token parts and JWK numbers. */
final class Base64Url {
    private Base64Url() {
    }

    /** @throws IllegalArgumentException if the text is not unpadded base64url */
    static byte[] decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("not base64url");
            }
        }
        return Base64.getUrlDecoder().decode(text);
    }
}
