package org.homeport.security.api;

/**
 * A key just created or rotated: the only time the key itself is seen.
 *
 * @param info what is stored about it
 * @param key  the secret to hand to the devices
 */
public record IssuedApiKey(ApiKeyInfo info, String key) {
    @Override
    public String toString() {
        return "IssuedApiKey[" + info.name() + "]";
    }
}
