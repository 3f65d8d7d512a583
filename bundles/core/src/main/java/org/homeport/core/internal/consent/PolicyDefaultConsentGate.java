package org.homeport.core.internal.consent;

import java.util.Optional;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDecision;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.ConsentGate;
import org.homeport.api.consent.ConsentRecords;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.consent.Verdict;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Decides from the purpose's policy and, where the legal basis makes the subject's choice count,
 * the subject's consent record. Without a {@link ConsentRecords} service every subject has no
 * record, so the purpose's default applies.
 *
 * <p>The rules:
 * <ul>
 * <li>consent: kept only with a grant on record; an event without a subject has nobody who
 *     consented and is dropped;</li>
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
        if (basis != LegalBasis.CONSENT && basis != LegalBasis.LEGITIMATE_INTEREST) {
            return new ConsentDecision(Verdict.ALLOW, "legal-basis-" + basis.id());
        }
        if (event.subject() == null) {
            // Nobody to ask: consent needs a subject who gave it; an objection needs one who made it.
            return basis == LegalBasis.CONSENT
                    ? new ConsentDecision(Verdict.DROP, "no-subject-to-consent")
                    : defaultFor(purpose);
        }
        Optional<ConsentState> state = lookup(event, purpose);
        if (state.isEmpty()) {
            return defaultFor(purpose);
        }
        switch (state.get()) {
            case GRANTED:
                return new ConsentDecision(Verdict.ALLOW, "consent-granted");
            case DENIED:
                return new ConsentDecision(Verdict.DROP, "consent-denied");
            default:
                return new ConsentDecision(Verdict.DROP, "consent-withdrawn");
        }
    }

    private Optional<ConsentState> lookup(TelemetryEvent event, Purpose purpose) {
        ConsentRecords current = records;
        return current == null ? Optional.empty() : current.currentState(event.tenant(), event.subject(), purpose.id());
    }

    private static ConsentDecision defaultFor(Purpose purpose) {
        return purpose.consentDefault() == ConsentDefault.OPT_IN
                ? new ConsentDecision(Verdict.DROP, "no-consent-on-record")
                : new ConsentDecision(Verdict.ALLOW, "opt-out-default");
    }
}
