package org.homeport.consent.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a purpose's policy. Versions are never changed once written: a change of the
 * policy appends the next version.
 *
 * @param purpose   the purpose id
 * @param version   1, 2, 3, … per purpose
 * @param status    {@code active}, or {@code retired} once the purpose is withdrawn from use
 * @param document  the whole policy as canonical JSON (what was shown and enforced)
 * @param digest    SHA-256 of {@code document}, hex
 * @param createdAt when this version was recorded
 * @param createdBy who recorded it (user name, or {@code etc} for a configuration file)
 * @param material  whether the change it records is material: grants given under earlier versions
 *                  no longer count for a purpose that needs consent, until the subject consents
 *                  again (since 1.5). A version that brings a retired purpose back is always material.
 */
public record PolicyVersion(String purpose, int version, String status, String document, String digest,
        Instant createdAt, String createdBy, boolean material) {
    /** The stored status of a version in use; {@link #standing} tells whether it is the one in force. */
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";
    /** {@link #standing}: the latest version of a purpose in use, the one consent and events are checked against. */
    public static final String IN_FORCE = "in-force";
    /** {@link #standing}: an earlier version, replaced by a later one. */
    public static final String SUPERSEDED = "superseded";

    /** A version that records no material change (the 1.4 constructor). */
    public PolicyVersion(String purpose, int version, String status, String document, String digest, Instant createdAt,
            String createdBy) {
        this(purpose, version, status, document, digest, createdAt, createdBy, false);
    }

    public PolicyVersion {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /**
     * Where this version stands, given the purpose's latest version: {@value #RETIRED} for the
     * version that retired the purpose, {@value #IN_FORCE} for the latest version in use,
     * {@value #SUPERSEDED} for every earlier one.
     */
    public String standing(PolicyVersion latest) {
        if (RETIRED.equals(status)) {
            return RETIRED;
        }
        return latest != null && latest.version() == version && ACTIVE.equals(latest.status()) ? IN_FORCE : SUPERSEDED;
    }
}
