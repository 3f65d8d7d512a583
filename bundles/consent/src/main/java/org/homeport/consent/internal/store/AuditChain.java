package org.homeport.consent.internal.store;

import java.time.Instant;

/**
 * How an audit entry's hash is computed: SHA-256 (hex) of the UTF-8 string
 * {@code previousHash \n seq \n timeMillis \n actor \n action \n target \n detail}, a missing field
 * counting as the empty string. The first entry's previous hash is {@link #GENESIS}.
 */
public final class AuditChain {
    /** The previous hash of the first entry: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String previousHash, long seq, Instant time, String actor, String action, String target,
            String detail) {
        return Sha256.hex(orEmpty(previousHash) + "\n" + seq + "\n" + time.toEpochMilli() + "\n" + orEmpty(actor) + "\n"
                + orEmpty(action) + "\n" + orEmpty(target) + "\n" + orEmpty(detail));
    }

    private static String orEmpty(String field) {
        return field == null ? "" : field;
    }
}
