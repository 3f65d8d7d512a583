package org.homeport.api.sink;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by sinks that can find and delete what they hold on one data subject or device, so
 * Homeport can answer access (GDPR Art. 15) and erasure (Art. 17) requests and device-recovery
 * reads. Register it on the same service as the {@link Sink}.
 *
 * @since 1.1
 */
@ConsumerType
public interface SubjectDataCapable {

    /**
     * Appends every stored event that matches, one JSON object per line in the sink's stored form,
     * to the file {@code into} (created if missing).
     *
     * @return how many events were written
     */
    CompletionStage<Long> export(SubjectQuery query, Path into);

    /**
     * Deletes every stored event that matches, durably, before completing. Events written
     * concurrently for the same subject may or may not be caught; callers stop new events first
     * (a withdrawal) when that matters.
     *
     * @return how many events were deleted
     */
    CompletionStage<Long> erase(SubjectQuery query);

    /**
     * Deletes every stored event that matches any of the queries, as {@link #erase(SubjectQuery)}
     * does for one. Sinks that scan override it to find all of them in one pass (several subjects
     * who withdrew at once, or one subject stored in several forms); the default erases one query
     * after the other.
     *
     * @return how many events were deleted
     * @since 1.3
     */
    default CompletionStage<Long> eraseAll(List<SubjectQuery> queries) {
        CompletionStage<Long> total = CompletableFuture.completedFuture(0L);
        for (SubjectQuery query : queries) {
            total = total.thenCompose(sum -> erase(query).thenApply(erased -> sum + erased));
        }
        return total;
    }
}
