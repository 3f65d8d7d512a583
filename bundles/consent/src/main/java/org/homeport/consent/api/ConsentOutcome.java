package org.homeport.consent.api;

/**
 * What recording a change did.
 *
 * @param record  the record as stored (the first one, for a repeated request id)
 * @param created whether this call wrote it
 * @param receipt the consent receipt (Kantara-style JSON) for the record
 */
public record ConsentOutcome(ConsentRecord record, boolean created, String receipt) {
}
