package org.homeport.consent.api;

import java.time.Instant;

/**
 * One entry of the hash-chained audit trail: {@code hash} = SHA-256 over the previous entry's hash
 * and this entry's fields, so changing or removing any entry breaks every hash after it.
 *
 * @param seq          1, 2, 3, … without gaps
 * @param time         when it happened
 * @param actor        who did it
 * @param action       what was done, e.g. {@code policy.update}, {@code consent.withdraw},
 *                     {@code dsr.erase}, {@code read.audit}
 * @param target       what it was done to, e.g. a purpose id or {@code tenant/subject}
 * @param detail       more about it, as JSON; never a secret
 * @param previousHash the previous entry's hash, or 64 zeros for the first
 * @param hash         this entry's hash, hex
 */
public record AuditEntry(long seq, Instant time, String actor, String action, String target, String detail,
        String previousHash, String hash) {
}
