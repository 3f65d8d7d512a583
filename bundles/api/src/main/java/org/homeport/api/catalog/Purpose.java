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
 * @param version       the policy version the consent store recorded for these settings; 0 for a
 *                      purpose as configured now (the catalog's), whose recorded version only the
 *                      policy history knows. Since 1.3 the {@code version} key of a purpose's
 *                      configuration is ignored: there is one notion of version, the recorded one
 * @param aggregateOnly whether events may only reach sinks that keep k-anonymous aggregates,
 *                      never individual events ({@code Sink.AGGREGATING_PROPERTY}); since 1.1
 * @param allowedSinks  the only sinks (by {@code homeport.sink.name}) its events may reach; empty
 *                      for every sink; since 1.3
 * @param dataCategories the only top-level event attributes its events may carry; empty for every
 *                      attribute its event types declare; since 1.3
 * @param eraseOnWithdrawal whether a denial or withdrawal also erases the subject's stored events
 *                      of this purpose; since 1.3
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
        boolean aggregateOnly,
        List<String> allowedSinks,
        List<String> dataCategories,
        boolean eraseOnWithdrawal) {

    /** A purpose whose events may be stored individually. */
    public Purpose(String id, String description, LegalBasis legalBasis, ConsentDefault consentDefault,
            boolean anonymous, Duration retention, List<AnonymizerRef> anonymizers, int version) {
        this(id, description, legalBasis, consentDefault, anonymous, retention, anonymizers, version, false);
    }

    /** A purpose without allowed sinks, data categories or erasure on withdrawal (the form of 1.1). */
    public Purpose(String id, String description, LegalBasis legalBasis, ConsentDefault consentDefault,
            boolean anonymous, Duration retention, List<AnonymizerRef> anonymizers, int version,
            boolean aggregateOnly) {
        this(id, description, legalBasis, consentDefault, anonymous, retention, anonymizers, version, aggregateOnly,
                List.of(), List.of(), false);
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
        allowedSinks = List.copyOf(allowedSinks == null ? List.of() : allowedSinks);
        dataCategories = List.copyOf(dataCategories == null ? List.of() : dataCategories);
    }

    /**
     * The same policy under another recorded version.
     *
     * @since 1.3
     */
    public Purpose withVersion(int recorded) {
        return new Purpose(id, description, legalBasis, consentDefault, anonymous, retention, anonymizers, recorded,
                aggregateOnly, allowedSinks, dataCategories, eraseOnWithdrawal);
    }

    /**
     * Whether {@code other} declares the same policy, whatever version either was recorded as:
     * what decides whether a change of configuration is a new policy version.
     *
     * @since 1.3
     */
    public boolean samePolicyAs(Purpose other) {
        return other != null && withVersion(0).equals(other.withVersion(0));
    }

    /**
     * Whether events of this purpose may reach the sink named {@code sink}.
     *
     * @since 1.3
     */
    public boolean allowsSink(String sink) {
        return allowedSinks.isEmpty() || allowedSinks.contains(sink);
    }

    /**
     * Whether events of this purpose may carry the top-level attribute {@code attribute}.
     *
     * @since 1.3
     */
    public boolean allowsAttribute(String attribute) {
        return dataCategories.isEmpty() || dataCategories.contains(attribute);
    }
}
