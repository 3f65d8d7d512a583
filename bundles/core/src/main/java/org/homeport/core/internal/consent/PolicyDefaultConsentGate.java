package org.homeport.core.internal.consent;

import java.util.Optional;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDecision;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.ConsentGate;
import org.homeport.api.consent.ConsentRecords;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.consent.RecordedChoice;
import org.homeport.api.consent.Verdict;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Decides from the purpose's policy and, where the legal basis makes the subject's choice count,
 * the subject's consent record.
 *
 * <p>Fails closed: where a recorded choice could change the outcome (legal basis consent or
 * legitimate interest, an event with a subject) and no {@link ConsentRecords} service is bound
 * (the consent component is restarting, its store did not open) or the lookup fails, the gate
 * throws {@link ConsentUnavailableException} instead of applying the purpose's default: the
 * default of an opt-out purpose would keep events of subjects who objected. The intake holds
 * such events back; {@code /health} names the purposes (see {@code TopologyBuilder}).
 *
 * <p>The rules:
 * <ul>
 * <li>consent: kept only with a grant on record; an event without a subject has nobody who
 *     consented and is dropped;</li>
 * <li>a grant given under a policy version that a material change superseded (or before the
 *     purpose was retired and revived) no longer counts: it is treated as no grant, and where
 *     that drops the event the reason is {@code consent-outdated};</li>
 * <li>legitimate interest: kept unless the subject denied or withdrew (objected), or, for an
 *     opt-in default, until they grant;</li>
 * <li>contract, legal obligation, vital interest, public task: the subject's consent is not the
 *     basis, so it is kept;</li>
 * <li>a purpose marked anonymous keeps what it keeps without subject identity.</li>
 * </ul>
 */
@Component(service = ConsentGate.class)
public class PolicyDefaultConsentGate implements ConsentGate {

    private volatile ConsentRecords records;

    public PolicyDefaultConsentGate() {
    }

    /** For tests: a gate that consults the given records. */
    public PolicyDefaultConsentGate(ConsentRecords records) {
        this.records = records;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRecords(ConsentRecords newRecords) {
        this.records = newRecords;
    }

    void unbindRecords(ConsentRecords oldRecords) {
        if (this.records == oldRecords) {
            this.records = null;
        }
    }

    @Override
    public ConsentDecision decide(TelemetryEvent event, Purpose purpose) {
        ConsentDecision decision = decideIdentified(event, purpose);
        if (decision.verdict() == Verdict.ALLOW && purpose.anonymous()) {
            return new ConsentDecision(Verdict.ALLOW_ANONYMOUS, "anonymous-purpose");
        }
        return decision;
    }

    private ConsentDecision decideIdentified(TelemetryEvent event, Purpose purpose) {
        LegalBasis basis = purpose.legalBasis();
        if (!dependsOnRecordedChoices(purpose)) {
            return new ConsentDecision(Verdict.ALLOW, "legal-basis-" + basis.id());
        }
        if (event.subject() == null) {
            // Nobody to ask: consent needs a subject who gave it; an objection needs one who made it.
            return basis == LegalBasis.CONSENT
                    ? new ConsentDecision(Verdict.DROP, "no-subject-to-consent")
                    : defaultFor(purpose);
        }
        Optional<RecordedChoice> choice = lookup(event, purpose);
        if (choice.isEmpty()) {
            return defaultFor(purpose);
        }
        if (choice.get().outdated()) {
            ConsentDecision withoutGrant = defaultFor(purpose);
            return withoutGrant.verdict() == Verdict.DROP
                    ? new ConsentDecision(Verdict.DROP, "consent-outdated") : withoutGrant;
        }
        switch (choice.get().state()) {
            case GRANTED:
                return new ConsentDecision(Verdict.ALLOW, "consent-granted");
            case DENIED:
                return new ConsentDecision(Verdict.DROP, "consent-denied");
            default:
                return new ConsentDecision(Verdict.DROP, "consent-withdrawn");
        }
    }

    private Optional<RecordedChoice> lookup(TelemetryEvent event, Purpose purpose) {
        ConsentRecords current = records;
        if (current == null) {
            throw new ConsentUnavailableException("no consent store is available; events of purpose '" + purpose.id()
                    + "' with a subject are held back until it is", null);
        }
        try {
            return current.currentChoice(event.tenant(), event.subject(), purpose.id());
        } catch (RuntimeException e) {
            // The cause may name the subject (a driver message): keep only its type.
            throw new ConsentUnavailableException("the consent store could not be read (" + e.getClass().getSimpleName()
                    + "); events of purpose '" + purpose.id() + "' with a subject are held back", null);
        }
    }

    /**
     * Whether a recorded choice can change what happens to this purpose's events, so that it
     * cannot be decided without the consent store.
     */
    public static boolean dependsOnRecordedChoices(Purpose purpose) {
        return purpose.legalBasis() == LegalBasis.CONSENT || purpose.legalBasis() == LegalBasis.LEGITIMATE_INTEREST;
    }

    private static ConsentDecision defaultFor(Purpose purpose) {
        return purpose.consentDefault() == ConsentDefault.OPT_IN
                ? new ConsentDecision(Verdict.DROP, "no-consent-on-record")
                : new ConsentDecision(Verdict.ALLOW, "opt-out-default");
    }
}
