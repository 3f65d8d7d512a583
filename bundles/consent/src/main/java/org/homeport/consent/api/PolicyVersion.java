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
 */
public record PolicyVersion(String purpose, int version, String status, String document, String digest,
        Instant createdAt, String createdBy) {
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";

    public PolicyVersion {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
