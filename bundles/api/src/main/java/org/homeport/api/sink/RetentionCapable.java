package org.homeport.api.sink;

import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by sinks that can delete what is older than a purpose's retention. The core calls
 * it periodically for every purpose with a retention period.
 */
@ConsumerType
public interface RetentionCapable {

    /**
     * Deletes stored events of {@code purpose} that are older than {@code cutoff}. A sink whose
     * storage unit spans time (a daily file) deletes a unit only once all of it is older.
     */
    CompletionStage<RetentionResult> deleteOlderThan(String purpose, Instant cutoff);
}
