package org.homeport.consent.internal.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.SubjectQuery;
import org.junit.jupiter.api.Test;

/** Which stored forms of an id a data-subject request searches for, per purpose. */
class StoredFormsTest {
    private static final Purpose RAW = purpose("device-recovery", List.of(), false);
    private static final Purpose PSEUDONYMIZED = purpose("product-analytics", List.of(new AnonymizerRef("tag", Map.of())), false);
    private static final Purpose ANONYMOUS = purpose("performance-metrics", List.of(), true);

    private final StoredForms forms = new StoredForms(new Purposes(List.of(RAW, PSEUDONYMIZED, ANONYMOUS)));

    /** Our own stand-in for a pseudonymizing anonymizer: prefixes subject and device. */
    private static final Anonymizer TAG = parameters -> event -> event.withSubject(
            event.subject() == null ? null : "ps_" + event.subject())
            .withSource(new Source(event.source().product(), event.source().version(),
                    event.source().device() == null ? null : "ps_" + event.source().device()));

    @Test
    void searchesTheRawIdEverywhereAndEachPurposesPseudonymAndSkipsAnonymousPurposes() {
        forms.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));

        StoredForms.Search search = forms.subject("acme", "u1");

        assertThat(search.queries()).containsExactlyInAnyOrder(
                new SubjectQuery("acme", "u1", null, Set.of()),
                new SubjectQuery("acme", "ps_u1", null, Set.of("product-analytics")));
        assertThat(search.notSearched()).isEmpty();
    }

    @Test
    void askedPurposesLimitEveryQueryAndWithheldOnesAreLeftOut() {
        forms.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));

        assertThat(forms.subject("acme", "u1", Set.of(), Set.of("device-recovery")).queries()).containsExactlyInAnyOrder(
                new SubjectQuery("acme", "u1", null, Set.of("product-analytics")),
                new SubjectQuery("acme", "ps_u1", null, Set.of("product-analytics")));
    }

    @Test
    void withoutTheAnonymizerInstalledTheSearchSaysWhatItCouldNotLookFor() {
        StoredForms.Search search = forms.subject("acme", "u1", Set.of("product-analytics"), Set.of());

        assertThat(search.queries()).containsExactly(new SubjectQuery("acme", "u1", null, Set.of("product-analytics")));
        assertThat(search.complete()).isFalse();
        assertThat(search.notSearched()).singleElement().asString()
                .contains("product-analytics").contains("'tag'").contains("not installed");
    }

    @Test
    void aRetiredPurposesPseudonymsAreSearchedFromItsPolicyHistory() {
        Purpose retired = purpose("old-survey", List.of(new AnonymizerRef("tag", Map.of())), false);
        StoredForms withHistory = new StoredForms(new Purposes(List.of(RAW)), () -> Map.of("old-survey", List.of(retired)));
        withHistory.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));

        assertThat(withHistory.subject("acme", "u1").queries()).containsExactlyInAnyOrder(
                new SubjectQuery("acme", "u1", null, Set.of()),
                new SubjectQuery("acme", "ps_u1", null, Set.of("old-survey")));
        assertThat(withHistory.subject("acme", "u1", Set.of("old-survey"), Set.of()).queries())
                .containsExactlyInAnyOrder(
                        new SubjectQuery("acme", "u1", null, Set.of("old-survey")),
                        new SubjectQuery("acme", "ps_u1", null, Set.of("old-survey")));
    }

    @Test
    void anEarlierPolicyVersionsPseudonymIsStillSearchedAfterThePolicyDroppedIt() {
        Purpose before = purpose("device-recovery", List.of(new AnonymizerRef("tag", Map.of())), false);
        StoredForms withHistory = new StoredForms(new Purposes(List.of(RAW)),
                () -> Map.of("device-recovery", List.of(before, RAW)));
        withHistory.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));

        assertThat(withHistory.subject("acme", "u1", Set.of("device-recovery"), Set.of()).queries())
                .contains(new SubjectQuery("acme", "ps_u1", null, Set.of("device-recovery")));
    }

    @Test
    void aPipelinesOwnPseudonymizerIsFollowedAfterThePurposesChain() {
        Purposes catalog = new Purposes(List.of(RAW, PSEUDONYMIZED, ANONYMOUS)) {
            @Override
            public List<List<AnonymizerRef>> pipelineAnonymizers(String purpose) {
                return List.of(List.of(), List.of(new AnonymizerRef("hmac", Map.of())));
            }
        };
        StoredForms withPipelines = new StoredForms(catalog);
        withPipelines.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));
        withPipelines.bindAnonymizer(parameters -> event -> event.withSubject("h_" + event.subject()),
                Map.of(Anonymizer.NAME_PROPERTY, "hmac"));

        assertThat(withPipelines.subject("acme", "u1").queries()).containsExactlyInAnyOrder(
                new SubjectQuery("acme", "u1", null, Set.of()),
                new SubjectQuery("acme", "h_u1", null, Set.of("device-recovery")),
                new SubjectQuery("acme", "ps_u1", null, Set.of("product-analytics")),
                new SubjectQuery("acme", "h_ps_u1", null, Set.of("product-analytics")));
    }

    @Test
    void aPipelineAnonymizerThatIsMissingMakesTheSearchIncomplete() {
        Purposes catalog = new Purposes(List.of(RAW)) {
            @Override
            public List<List<AnonymizerRef>> pipelineAnonymizers(String purpose) {
                return List.of(List.of(new AnonymizerRef("hmac", Map.of())));
            }
        };

        StoredForms.Search search = new StoredForms(catalog).subject("acme", "u1");

        assertThat(search.notSearched()).singleElement().asString().contains("device-recovery").contains("'hmac'")
                .contains("pipeline");
    }

    @Test
    void devicesAreSearchedInTheirStoredFormToo() {
        forms.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));

        assertThat(forms.deviceQueries("acme", "d-1", Set.of("device-recovery", "product-analytics")))
                .containsExactlyInAnyOrder(
                        new SubjectQuery("acme", null, "d-1", Set.of("device-recovery", "product-analytics")),
                        new SubjectQuery("acme", null, "ps_d-1", Set.of("product-analytics")));
    }

    /** Our own stand-in for a pseudonymizer with two live keys: it applies the newer, and stored events may carry either. */
    private static final Anonymizer TWO_KEYS = parameters -> new AnonymizerStep() {
        @Override
        public TelemetryEvent apply(TelemetryEvent event) {
            return event.withSubject("ps_k2_" + event.subject());
        }

        @Override
        public List<TelemetryEvent> storedForms(TelemetryEvent event) {
            return List.of(apply(event), event.withSubject("ps_k1_" + event.subject()));
        }
    };

    @Test
    void searchesTheFormUnderEveryLiveKeyOfAPseudonymizerAndFollowsLaterSteps() {
        Purpose rotating = purpose("product-analytics",
                List.of(new AnonymizerRef("two-keys", Map.of()), new AnonymizerRef("tag", Map.of())), false);
        StoredForms rotatingForms = new StoredForms(new Purposes(List.of(rotating)));
        rotatingForms.bindAnonymizer(TWO_KEYS, Map.of(Anonymizer.NAME_PROPERTY, "two-keys"));
        rotatingForms.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));

        assertThat(rotatingForms.subject("acme", "u1").queries()).containsExactlyInAnyOrder(
                new SubjectQuery("acme", "u1", null, Set.of()),
                new SubjectQuery("acme", "ps_ps_k2_u1", null, Set.of("product-analytics")),
                new SubjectQuery("acme", "ps_ps_k1_u1", null, Set.of("product-analytics")));
    }

    private static Purpose purpose(String id, List<AnonymizerRef> anonymizers, boolean anonymous) {
        return new Purpose(id, "", LegalBasis.CONSENT, ConsentDefault.OPT_IN, anonymous, Duration.ZERO, anonymizers, 1);
    }

    /** Our own catalog of fixed purposes. */
    private static class Purposes implements Catalog {
        private final List<Purpose> all;

        Purposes(List<Purpose> all) {
            this.all = all;
        }

        @Override
        public Collection<Purpose> purposes() {
            return all;
        }

        @Override
        public Optional<Purpose> purpose(String id) {
            return all.stream().filter(purpose -> purpose.id().equals(id)).findFirst();
        }

        @Override
        public Collection<EventType> eventTypes() {
            return List.of();
        }

        @Override
        public Optional<EventType> eventType(String id) {
            return Optional.empty();
        }
    }
}
