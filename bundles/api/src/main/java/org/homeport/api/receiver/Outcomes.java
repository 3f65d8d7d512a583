package org.homeport.api.receiver;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.EventOutcome.Status;

/**
 * The outcomes the intake gave one unit of a receiver's input (a request, a frame, a message), and
 * what every receiver concludes from them to answer its sender: a {@link Status#DEFERRED} event means
 * the sender must retry (even if others were stored), and a unit whose events were all
 * {@link Status#REJECTED} was unprocessable as a whole.
 */
public final class Outcomes {
    private final List<EventOutcome> outcomes;
    private final Map<Status, Integer> counts = new EnumMap<>(Status.class);

    private Outcomes(List<EventOutcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        for (EventOutcome outcome : this.outcomes) {
            counts.merge(outcome.status(), 1, Integer::sum);
        }
    }

    /** @param outcomes what {@code Intake.submit} completed with, in submission order */
    public static Outcomes of(List<EventOutcome> outcomes) {
        return new Outcomes(outcomes);
    }

    /** Every outcome, in submission order. */
    public List<EventOutcome> all() {
        return outcomes;
    }

    /** How many events got {@code status}. */
    public int count(Status status) {
        return counts.get(status);
    }

    /** Deferred wins: the sender must send those again later, even if others were stored. */
    public boolean mustRetry() {
        return count(Status.DEFERRED) > 0;
    }

    /** Nothing was stored, dropped or deferred, and something was rejected. */
    public boolean allRejected() {
        return count(Status.REJECTED) > 0 && count(Status.ACCEPTED) == 0 && count(Status.DROPPED) == 0
                && count(Status.DEFERRED) == 0;
    }

    /** Every outcome that is not {@link Status#ACCEPTED}, in submission order. */
    public List<EventOutcome> notAccepted() {
        List<EventOutcome> result = new ArrayList<>();
        for (EventOutcome outcome : outcomes) {
            if (outcome.status() != Status.ACCEPTED) {
                result.add(outcome);
            }
        }
        return result;
    }
}
