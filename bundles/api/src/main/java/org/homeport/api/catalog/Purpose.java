package org.homeport.api.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;

/**
 * A declared purpose and its policy.
 *
 * @param id            e.g. {@code crash-reports}
 * @param description   shown to people deciding about consent
 * @param legalBasis    why it may be processed
 * @param consentDefault what applies without a consent record
 * @param anonymous     whether events are always kept without subject identity
 * @param retention     how long stored events may be kept; {@link Duration#ZERO} for no limit
 * @param anonymizers   the anonymizers every event of this purpose passes, in order
 * @param version       the policy version; a change increments it
 * @param aggregateOnly whether events may only reach sinks that keep k-anonymous aggregates,
 *                      never individual events ({@code Sink.AGGREGATING_PROPERTY}); since 1.1
 */
public record Purpose(
        String id,
        String description,
        LegalBasis legalBasis,
        ConsentDefault consentDefault,
        boolean anonymous,
        Duration retention,
        List<AnonymizerRef> anonymizers,
        int version,
        boolean aggregateOnly) {

    /** A purpose whose events may be stored individually. */
    public Purpose(String id, String description, LegalBasis legalBasis, ConsentDefault consentDefault,
            boolean anonymous, Duration retention, List<AnonymizerRef> anonymizers, int version) {
        this(id, description, legalBasis, consentDefault, anonymous, retention, anonymizers, version, false);
    }

    public Purpose {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("purpose id must not be blank");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(legalBasis, "legalBasis");
        Objects.requireNonNull(consentDefault, "consentDefault");
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention of '" + id + "' must not be negative");
        }
        if (legalBasis == LegalBasis.CONSENT && consentDefault != ConsentDefault.OPT_IN) {
            throw new IllegalArgumentException("purpose '" + id
                    + "' has legal basis consent, which must be opt-in (GDPR Art. 7)");
        }
        anonymizers = List.copyOf(anonymizers == null ? List.of() : anonymizers);
    }
}
