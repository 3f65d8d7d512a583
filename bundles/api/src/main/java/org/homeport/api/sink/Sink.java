package org.homeport.api.sink;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Stores events. Homeport feeds each sink from its journal, one batch at a time, in journal order. Register it as an OSGi service with the property {@value #NAME_PROPERTY};
 * pipelines name the sinks they deliver to.
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
     * Writes a batch. Must not block the caller.
     *
     * @return completed once every event of the batch is durable as the sink's configuration
     *         defines it; completed exceptionally if any is not: with {@link SinkRefusedException}
     *         for events refused for good (they go to the dead letters), otherwise the whole batch
     *         is retried with backoff
     */
    CompletionStage<Void> write(List<TelemetryEvent> batch);
}
