package org.homeport.api.sink;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Stores events. Homeport feeds each sink from its journal in journal order, one batch at a time
 * unless the sink declares {@value #CONCURRENT_WRITES_PROPERTY}. Register it as an OSGi service with
 * the property {@value #NAME_PROPERTY}; pipelines name the sinks they deliver to.
 *
 * <p>Delivery is at least once: a batch may arrive again after a failure, so sinks that can
 * should use {@link TelemetryEvent#id()} to remove duplicates.
 */
@ConsumerType
public interface Sink {

    /** The service property holding the name pipelines use. */
    String NAME_PROPERTY = "homeport.sink.name";

    /**
     * Service property, {@code true} on sinks that keep no individual events, only aggregates
     * that meet a k-anonymity threshold. Pipelines of an aggregate-only purpose may deliver to
     * such sinks only.
     *
     * @since 1.2
     */
    String AGGREGATING_PROPERTY = "homeport.sink.aggregating";

    /**
     * Service property, an {@code Integer}: the most batches this sink accepts before the first
     * of them is acknowledged. Homeport then hands over the next batches while the sink writes the
     * earlier ones (at most this many, and at most the journal's {@code in.flight.batches}), so
     * reading and encoding overlap the sink's write and fsync. The batches come in journal order
     * and are disjoint; each stage completes on its own. The cursor still moves in order: when one
     * batch fails, it and every batch handed over after it are written again. Absent, or below 2:
     * one batch at a time.
     *
     * @since 1.6
     */
    String CONCURRENT_WRITES_PROPERTY = "homeport.sink.concurrent.writes";

    /**
     * Writes a batch. Must not block the caller.
     *
     * @return completed once every event of the batch is durable as the sink's configuration
     *         defines it; completed exceptionally if any is not: with {@link SinkRefusedException}
     *         for events refused for good (they go to the dead letters), otherwise the whole batch
     *         is retried with backoff
     */
    CompletionStage<Void> write(List<TelemetryEvent> batch);
}
