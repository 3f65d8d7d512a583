package org.homeport.api.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.EventOutcome.Status;
import org.junit.jupiter.api.Test;

class OutcomesTest {

    @Test
    void countsAndConclusions() {
        Outcomes outcomes = Outcomes.of(List.of(EventOutcome.accepted(0, "a"), EventOutcome.dropped(1, "b", "no-consent"),
                EventOutcome.rejected(2, null, "unknown-type", null)));
        assertThat(outcomes.count(Status.ACCEPTED)).isEqualTo(1);
        assertThat(outcomes.count(Status.DROPPED)).isEqualTo(1);
        assertThat(outcomes.count(Status.REJECTED)).isEqualTo(1);
        assertThat(outcomes.count(Status.DEFERRED)).isZero();
        assertThat(outcomes.mustRetry()).isFalse();
        assertThat(outcomes.allRejected()).isFalse();
        assertThat(outcomes.notAccepted()).extracting(EventOutcome::index).containsExactly(1, 2);
    }

    @Test
    void deferredMeansRetryAndOnlyRejectionsMeanUnprocessable() {
        assertThat(Outcomes.of(List.of(EventOutcome.accepted(0, "a"), EventOutcome.deferred(1, "b", "journal-full", null)))
                .mustRetry()).isTrue();
        assertThat(Outcomes.of(List.of(EventOutcome.rejected(0, null, "x", null))).allRejected()).isTrue();
        assertThat(Outcomes.of(List.of()).allRejected()).isFalse();
    }

    @Test
    void refusalReasonsAreBoundedSlugs() {
        assertThat(Refusal.of("too-large", "more than 8192 bytes").reason()).isEqualTo("too-large");
        assertThatThrownBy(() -> Refusal.of("Has Spaces", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Refusal.of("x".repeat(41), null)).isInstanceOf(IllegalArgumentException.class);
    }
}
