package org.homeport.consent.api;

/**
 * The outcome of checking the audit trail's hash chain from its first entry.
 *
 * @param intact        whether every entry's hash is right and the sequence has no gap
 * @param checked       how many entries were checked
 * @param firstBrokenSeq the first entry whose hash or position is wrong, or 0 when intact
 * @param problem       what is wrong with it, or {@code null} when intact
 */
public record AuditVerification(boolean intact, long checked, long firstBrokenSeq, String problem) {
}
