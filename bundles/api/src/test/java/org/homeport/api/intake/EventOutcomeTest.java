package org.homeport.api.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.homeport.api.intake.EventOutcome.Status;
import org.junit.jupiter.api.Test;

class EventOutcomeTest {

    @Test
    void factoriesSetStatusAndReason() {
        assertThat(EventOutcome.accepted(0, "e-1")).isEqualTo(new EventOutcome(0, "e-1", Status.ACCEPTED, null, null));
        assertThat(EventOutcome.dropped(1, "e-2", "consent-withdrawn"))
                .isEqualTo(new EventOutcome(1, "e-2", Status.DROPPED, "consent-withdrawn", null));
        assertThat(EventOutcome.rejected(2, null, "unknown-purpose", "purpose 'x' is not declared").status())
                .isEqualTo(Status.REJECTED);
        assertThat(EventOutcome.deferred(3, "e-4", "sink-write-failed", "send it again").status())
                .isEqualTo(Status.DEFERRED);
    }

    @Test
    void withIndexMovesAnOutcomeToItsPlaceInTheRequest() {
        EventOutcome moved = EventOutcome.dropped(0, "e-2", "consent-denied").withIndex(7);
        assertThat(moved).isEqualTo(EventOutcome.dropped(7, "e-2", "consent-denied"));
    }

    @Test
    void refusesAMissingStatus() {
        assertThatThrownBy(() -> new EventOutcome(0, "e", null, null, null)).isInstanceOf(NullPointerException.class);
    }
}
