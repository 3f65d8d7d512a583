package org.homeport.aggregate.kanon.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed 64-bit hashes of the ids of the people a group counts (HMAC-SHA-256 under the aggregator's
 * own random key, truncated). The state log holds these hashes, never the ids: without the key, which
 * lives only in that log and goes with it, a hash cannot be checked against a guessed id.
 */
final class PersonHashes {
    static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    PersonHashes(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the people key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    static byte[] newKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** A hasher for one thread: a {@link Mac} is not thread-safe, so each batch makes its own. */
    Hasher hasher() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return new Hasher(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }

    static final class Hasher {
        private static final byte[] NO_ID = {0};
        private final Mac mac;

        private Hasher(Mac mac) {
            this.mac = mac;
        }

        /** The hash of {@code id}; every event without one (null or blank) hashes alike. */
        long of(String id) {
            if (id == null || id.isBlank()) {
                return ByteBuffer.wrap(mac.doFinal(NO_ID)).getLong();
            }
            mac.update((byte) 1);
            return ByteBuffer.wrap(mac.doFinal(id.getBytes(StandardCharsets.UTF_8))).getLong();
        }
    }
}
