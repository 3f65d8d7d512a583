package org.homeport.api.intake;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's entry point for receivers: validates each event against its declared type and
 * purpose, asks the consent gate, applies the anonymizers the purpose requires, and appends what is
 * left to the journal, bound for the pipelines' sinks.
 *
 * <p>Safe to call from an event loop: the work runs on the core's worker pool.
 */
@ProviderType
public interface Intake {

    /**
     * @return one outcome per submitted event, in submission order, completed once every
     *         accepted event is durable in the journal; completed exceptionally with {@link IntakeBusyException}
     *         if the node is saturated and the sender should retry later
     */
    CompletionStage<List<EventOutcome>> submit(Submission submission);
}
