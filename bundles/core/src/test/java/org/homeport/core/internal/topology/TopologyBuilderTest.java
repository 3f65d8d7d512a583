package org.homeport.core.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.sink.Sink;
import org.homeport.core.internal.Events;
import org.homeport.core.internal.config.Declared;
import org.homeport.core.internal.config.PipelineDefinition;
import org.junit.jupiter.api.Test;

class TopologyBuilderTest {
    private static final Sink FILE = batch -> CompletableFuture.completedFuture(null);

    private static <T> Declared<T> ok(String name, T value) {
        return new Declared<>(name, value, null);
    }

    private static PipelineDefinition pipeline(String... sinks) {
        return new PipelineDefinition("default", Set.of(), Set.of(), Set.of(), List.of(), List.of(sinks));
    }

    @Test
    void everythingInstalledGivesNoProblems() {
        Topology topology = TopologyBuilder.build(
                List.of(ok("crash-reports", Events.purpose("crash-reports", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT))),
                List.of(ok("app.error", Events.errorType())), List.of(ok("default", pipeline("file"))), Map.of(),
                Map.of("file", FILE), List.of());

        assertThat(topology.problems()).isEmpty();
        assertThat(topology.pipelines()).singleElement().satisfies(route -> assertThat(route.isAvailable()).isTrue());
    }

    @Test
    void withoutAConsentStoreHealthNamesEveryPurposeWhoseOutcomeARecordedChoiceChanges() {
        Topology topology = TopologyBuilder.build(List.of(
                        ok("crash-reports", Events.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT)),
                        ok("marketing", Events.purpose("marketing", LegalBasis.CONSENT, ConsentDefault.OPT_IN)),
                        ok("billing", Events.purpose("billing", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT))),
                List.of(), List.of(ok("default", pipeline("file"))), Map.of(), Map.of("file", FILE), Set.of(), List.of(),
                false);

        assertThat(topology.problems()).singleElement().asString()
                .contains("no consent store", "'crash-reports'", "'marketing'", "held back")
                .doesNotContain("billing");
    }

    @Test
    void withAConsentStoreOrWithoutPurposesThatNeedOneThereIsNoConsentProblem() {
        List<Declared<org.homeport.api.catalog.Purpose>> contractOnly = List.of(
                ok("billing", Events.purpose("billing", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT)));
        List<Declared<org.homeport.api.catalog.Purpose>> withChoices = List.of(
                ok("marketing", Events.purpose("marketing", LegalBasis.CONSENT, ConsentDefault.OPT_IN)));

        assertThat(TopologyBuilder.build(contractOnly, List.of(), List.of(ok("default", pipeline("file"))), Map.of(),
                Map.of("file", FILE), Set.of(), List.of(), false).problems()).isEmpty();
        assertThat(TopologyBuilder.build(withChoices, List.of(), List.of(ok("default", pipeline("file"))), Map.of(),
                Map.of("file", FILE), Set.of(), List.of(), true).problems()).isEmpty();
    }

    @Test
    void missingSinkHoldsThePipelineBackAndSaysWhich() {
        Topology topology = TopologyBuilder.build(List.of(), List.of(), List.of(ok("default", pipeline("file", "es"))),
                Map.of(), Map.of("file", FILE), List.of());

        assertThat(topology.pipelines().get(0).isAvailable()).isFalse();
        assertThat(topology.problems()).containsExactly("pipeline 'default' is held back: sink es is not installed");
    }

    @Test
    void purposeNamingAnUninstalledAnonymizerIsHeldBack() {
        Topology topology = TopologyBuilder.build(List.of(ok("p", Events.purpose("p", LegalBasis.CONTRACT,
                ConsentDefault.OPT_OUT, new AnonymizerRef("hmac", Map.of())))), List.of(), List.of(), Map.of(), Map.of(), List.of());

        assertThat(topology.purposes().get("p").chain().isAvailable()).isFalse();
        assertThat(topology.problems()).containsExactly("purpose 'p' is held back: anonymizer 'hmac' is not installed");
    }

    @Test
    void anonymizerRejectingItsParametersIsReported() {
        Anonymizer picky = parameters -> {
            throw new InvalidParametersException("parameter 'fields' is required");
        };
        Topology topology = TopologyBuilder.build(List.of(ok("p", Events.purpose("p", LegalBasis.CONTRACT,
                ConsentDefault.OPT_OUT, new AnonymizerRef("hmac", Map.of())))), List.of(), List.of(),
                Map.of("hmac", picky), Map.of(), List.of());

        assertThat(topology.problems()).singleElement().asString().contains("rejects its parameters", "'fields' is required");
    }

    @Test
    void eventTypeNamingUndeclaredPurposeAndInvalidDeclarationsAreReported() {
        Topology topology = TopologyBuilder.build(List.of(new Declared<>("x", null, "purpose 'x': broken")),
                List.of(ok("app.error", Events.errorType())), List.of(), Map.of(), Map.of(), List.of());

        assertThat(topology.problems()).containsExactly("purpose 'x': broken",
                "event type 'app.error' names undeclared purpose 'crash-reports'");
    }
}
