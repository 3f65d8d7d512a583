package org.homeport.core.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.sink.Sink;
import org.homeport.core.api.NodeComponents.State;
import org.homeport.core.internal.Events;
import org.homeport.core.internal.config.Declared;
import org.homeport.core.internal.config.PipelineDefinition;
import org.junit.jupiter.api.Test;

class NodeComponentsServiceTest {
    private static final Sink FILE = batch -> CompletableFuture.completedFuture(null);

    private static <T> Declared<T> ok(String name, T value) {
        return new Declared<>(name, value, null);
    }

    private static PipelineDefinition pipeline(String name, Set<String> purposes, String... sinks) {
        return new PipelineDefinition(name, purposes, Set.of(), Set.of(), List.of(), List.of(sinks));
    }

    private static Purpose aggregateOnly(String id) {
        return new Purpose(id, id, LegalBasis.CONTRACT, ConsentDefault.OPT_OUT, false, Duration.ZERO, List.of(), 1, true);
    }

    @Test
    void everyPurposeIsOkWhenItsAnonymizersPipelinesAndConsentStoreAreThere() {
        Topology topology = TopologyBuilder.build(
                List.of(ok("crash-reports", Events.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT)),
                        ok("billing", Events.purpose("billing", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT))),
                List.of(), List.of(ok("default", pipeline("default", Set.of(), "file"))), Map.of(), Map.of("file", FILE),
                Set.of(), List.of(), true);

        assertThat(NodeComponentsService.purposeStates(topology, true))
                .containsExactly(new State("billing", List.of()), new State("crash-reports", List.of()));
        assertThat(NodeComponentsService.pipelineStates(topology)).containsExactly(new State("default", List.of()));
    }

    @Test
    void aPurposeSaysEachReasonItsEventsAreHeldBack() {
        Topology topology = TopologyBuilder.build(
                List.of(ok("usage", Events.purpose("usage", LegalBasis.CONSENT, ConsentDefault.OPT_IN,
                                new AnonymizerRef("hmac", Map.of()))),
                        ok("billing", Events.purpose("billing", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT)),
                        ok("audience", aggregateOnly("audience"))),
                List.of(),
                List.of(ok("default", pipeline("default", Set.of("usage", "audience"), "file", "es")),
                        ok("billing", pipeline("billing", Set.of("billing"), "file"))),
                Map.of(), Map.of("file", FILE), Set.of(), List.of(), false);

        List<State> states = NodeComponentsService.purposeStates(topology, false);

        assertThat(states).extracting(State::name).containsExactly("audience", "billing", "usage");
        assertThat(states.get(0).heldBack()).containsExactly("no pipeline delivers it to aggregating sinks only");
        assertThat(states.get(1).ok()).isTrue();
        assertThat(states.get(2).heldBack()).containsExactly("anonymizer 'hmac' is not installed",
                "pipeline 'default' is held back: sink es is not installed",
                "no consent store is available: events with a subject are held back");
        assertThat(NodeComponentsService.pipelineStates(topology)).containsExactly(new State("billing", List.of()),
                new State("default", List.of("sink es is not installed")));
    }

    @Test
    void anInvalidPipelineIsListedAndHoldsBackPurposesNoValidPipelineTakes() {
        Topology topology = TopologyBuilder.build(
                List.of(ok("billing", Events.purpose("billing", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT))),
                List.of(), List.of(new Declared<>("broken", null, "pipeline 'broken': 'sinks' is required")),
                Map.of(), Map.of("file", FILE), Set.of(), List.of(), true);

        assertThat(NodeComponentsService.purposeStates(topology, true)).singleElement()
                .satisfies(state -> assertThat(state.heldBack()).containsExactly("pipeline 'broken' has an invalid configuration"));
        assertThat(NodeComponentsService.pipelineStates(topology))
                .containsExactly(new State("broken", List.of("its configuration is invalid (see /health)")));
    }
}
