package org.homeport.security.internal.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API keys are 160 random bits, so a plain SHA-256 is enough to store them: there is nothing to
 * brute-force that a slow hash would protect (unlike passwords).
 */
public final class ApiKeys {
    private static final String PREFIX = "hp_";
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private ApiKeys() {
    }

    /** A new random key, e.g. {@code hp_7Qm2xV9cLr4tWz8KpN3s...}. */
    public static String generate(SecureRandom random) {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < 28; i++) {
            key.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    /** The stored form of a key: lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String hash(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
