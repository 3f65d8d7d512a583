package org.homeport.core.internal.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDecision;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.ConsentRecords;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.consent.RecordedChoice;
import org.homeport.api.consent.Verdict;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.core.internal.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyDefaultConsentGateTest {

    /** Every legal basis × default × recorded state, with the verdict the rules require. */
    static Stream<Arguments> decisionTable() {
        List<Arguments> rows = new ArrayList<>();
        for (LegalBasis basis : LegalBasis.values()) {
            for (ConsentDefault consentDefault : ConsentDefault.values()) {
                if (basis == LegalBasis.CONSENT && consentDefault == ConsentDefault.OPT_OUT) {
                    continue; // refused by Purpose itself, tested below
                }
                for (ConsentState state : new ConsentState[] {null, ConsentState.GRANTED, ConsentState.DENIED,
                        ConsentState.WITHDRAWN}) {
                    rows.add(Arguments.of(basis, consentDefault, state, expected(basis, consentDefault, state)));
                }
            }
        }
        return rows.stream();
    }

    private static Verdict expected(LegalBasis basis, ConsentDefault consentDefault, ConsentState state) {
        boolean subjectChoiceCounts = basis == LegalBasis.CONSENT || basis == LegalBasis.LEGITIMATE_INTEREST;
        if (!subjectChoiceCounts) {
            return Verdict.ALLOW;
        }
        if (state == null) {
            return consentDefault == ConsentDefault.OPT_IN ? Verdict.DROP : Verdict.ALLOW;
        }
        return state == ConsentState.GRANTED ? Verdict.ALLOW : Verdict.DROP;
    }

    @ParameterizedTest(name = "{0} {1} state={2} -> {3}")
    @MethodSource("decisionTable")
    void decidesByLegalBasisDefaultAndRecordedState(LegalBasis basis, ConsentDefault consentDefault, ConsentState state,
            Verdict verdict) {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate(
                (tenant, subject, purpose) -> Optional.ofNullable(state));
        Purpose purpose = Events.purpose("p", basis, consentDefault);

        ConsentDecision decision = gate.decide(Events.event("e1", "p", "t", "user-4711", java.util.Map.of()), purpose);

        assertThat(decision.verdict()).isEqualTo(verdict);
        assertThat(decision.reason()).isNotBlank();
    }

    /** A store that knows nobody. */
    private static final ConsentRecords NO_RECORDS = (tenant, subject, purpose) -> Optional.empty();

    @Test
    void optInPurposeWithoutRecordsDropsWithReasonNoConsentOnRecord() {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate(NO_RECORDS);
        ConsentDecision decision = gate.decide(Events.event("e1", "marketing", "tv.viewing", "user-1", java.util.Map.of()),
                Events.purpose("marketing", LegalBasis.CONSENT, ConsentDefault.OPT_IN));
        assertThat(decision).isEqualTo(new ConsentDecision(Verdict.DROP, "no-consent-on-record"));
    }

    @Test
    void consentPurposeDropsEventsWithoutSubjectEvenIfSomeoneGranted() {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate(
                (tenant, subject, purpose) -> Optional.of(ConsentState.GRANTED));
        ConsentDecision decision = gate.decide(Events.event("e1", "p", "t", null, java.util.Map.of()),
                Events.purpose("p", LegalBasis.CONSENT, ConsentDefault.OPT_IN));
        assertThat(decision).isEqualTo(new ConsentDecision(Verdict.DROP, "no-subject-to-consent"));
    }

    @Test
    void withdrawnConsentDropsWithItsOwnReason() {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate(
                (tenant, subject, purpose) -> Optional.of(ConsentState.WITHDRAWN));
        ConsentDecision decision = gate.decide(Events.event("e1", "p", "t", "user-1", java.util.Map.of()),
                Events.purpose("p", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT));
        assertThat(decision).isEqualTo(new ConsentDecision(Verdict.DROP, "consent-withdrawn"));
    }

    @Test
    void anonymousPurposeKeepsEventsWithoutIdentity() {
        Purpose anonymous = new Purpose("performance-metrics", "", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT,
                true, java.time.Duration.ZERO, List.of(), 1);
        ConsentDecision decision = new PolicyDefaultConsentGate(NO_RECORDS)
                .decide(Events.event("e1", "performance-metrics", "t", "user-1", java.util.Map.of()), anonymous);
        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW_ANONYMOUS);
    }

    /** Without the store, every basis × default: held where a recorded choice could change the outcome. */
    static Stream<Arguments> withoutAStore() {
        List<Arguments> rows = new ArrayList<>();
        for (LegalBasis basis : LegalBasis.values()) {
            for (ConsentDefault consentDefault : ConsentDefault.values()) {
                if (basis != LegalBasis.CONSENT || consentDefault != ConsentDefault.OPT_OUT) {
                    rows.add(Arguments.of(basis, consentDefault,
                            basis == LegalBasis.CONSENT || basis == LegalBasis.LEGITIMATE_INTEREST));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} held={2}")
    @MethodSource("withoutAStore")
    void withoutAConsentStoreEveryPurposeThatDependsOnRecordedChoicesIsHeldNotDecidedByItsDefault(LegalBasis basis,
            ConsentDefault consentDefault, boolean held) {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate();
        Purpose purpose = Events.purpose("p", basis, consentDefault);
        TelemetryEvent event = Events.event("e1", "p", "t", "user-4711", java.util.Map.of());

        if (held) {
            assertThatThrownBy(() -> gate.decide(event, purpose)).isInstanceOf(ConsentUnavailableException.class)
                    .hasMessageNotContaining("user-4711");
        } else {
            assertThat(gate.decide(event, purpose).verdict()).isEqualTo(Verdict.ALLOW);
        }
    }

    @Test
    void anOptOutPurposeIsHeldWhileTheStoreIsGoneAndDecidedAgainOnceItIsBack() {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate();
        ConsentRecords objected = (tenant, subject, purpose) -> Optional.of(ConsentState.DENIED);
        Purpose crashReports = Events.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT);
        TelemetryEvent event = Events.event("e1", "crash-reports", "app.error", "user-1", java.util.Map.of());

        gate.bindRecords(objected);
        assertThat(gate.decide(event, crashReports).verdict()).isEqualTo(Verdict.DROP);
        gate.unbindRecords(objected);
        assertThatThrownBy(() -> gate.decide(event, crashReports)).isInstanceOf(ConsentUnavailableException.class);
        gate.bindRecords(objected);
        assertThat(gate.decide(event, crashReports)).isEqualTo(new ConsentDecision(Verdict.DROP, "consent-denied"));
    }

    @Test
    void aLookupThatFailsHoldsTheEventInsteadOfCountingAsNoRecord() {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate((tenant, subject, purpose) -> {
            throw new IllegalStateException("SQLState 08006 for subject user-1");
        });

        assertThatThrownBy(() -> gate.decide(Events.event("e1", "crash-reports", "app.error", "user-1", java.util.Map.of()),
                Events.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT)))
                .isInstanceOf(ConsentUnavailableException.class)
                .hasMessageNotContaining("user-1");
    }

    @Test
    void eventsWithoutASubjectNeedNoStore() {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate();

        assertThat(gate.decide(Events.event("e1", "p", "t", null, java.util.Map.of()),
                Events.purpose("p", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT)).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(gate.decide(Events.event("e1", "p", "t", null, java.util.Map.of()),
                Events.purpose("p", LegalBasis.CONSENT, ConsentDefault.OPT_IN)))
                .isEqualTo(new ConsentDecision(Verdict.DROP, "no-subject-to-consent"));
    }

    @Test
    void recordsAreAskedForTheEventsTenantSubjectAndPurpose() {
        List<String> asked = new ArrayList<>();
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate((tenant, subject, purpose) -> {
            asked.add(tenant + "/" + subject + "/" + purpose);
            return Optional.empty();
        });
        gate.decide(Events.event("e1", "product-analytics", "t", "user-9", java.util.Map.of()),
                Events.purpose("product-analytics", LegalBasis.CONSENT, ConsentDefault.OPT_IN));
        assertThat(asked).containsExactly("demo/user-9/product-analytics");
    }

    /** A store whose only record is a grant under a policy version a material change superseded. */
    private static ConsentRecords outdatedGrant() {
        return new ConsentRecords() {
            @Override
            public Optional<ConsentState> currentState(String tenant, String subject, String purpose) {
                return Optional.of(ConsentState.GRANTED);
            }

            @Override
            public Optional<RecordedChoice> currentChoice(String tenant, String subject, String purpose) {
                return Optional.of(new RecordedChoice(ConsentState.GRANTED, true));
            }
        };
    }

    @Test
    void aGrantUnderASupersededPolicyVersionNoLongerCountsForConsent() {
        ConsentDecision decision = new PolicyDefaultConsentGate(outdatedGrant())
                .decide(Events.event("e1", "p", "t", "user-1", java.util.Map.of()),
                        Events.purpose("p", LegalBasis.CONSENT, ConsentDefault.OPT_IN));
        assertThat(decision).isEqualTo(new ConsentDecision(Verdict.DROP, "consent-outdated"));
    }

    @Test
    void anOutdatedGrantCountsAsNoGrantUnderLegitimateInterest() {
        PolicyDefaultConsentGate gate = new PolicyDefaultConsentGate(outdatedGrant());
        TelemetryEvent event = Events.event("e1", "p", "t", "user-1", java.util.Map.of());
        assertThat(gate.decide(event, Events.purpose("p", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_IN)))
                .isEqualTo(new ConsentDecision(Verdict.DROP, "consent-outdated"));
        assertThat(gate.decide(event, Events.purpose("p", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT)))
                .isEqualTo(new ConsentDecision(Verdict.ALLOW, "opt-out-default"));
    }

    @Test
    void onlyAGrantCanBeOutdated() {
        assertThatThrownBy(() -> new RecordedChoice(ConsentState.WITHDRAWN, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
