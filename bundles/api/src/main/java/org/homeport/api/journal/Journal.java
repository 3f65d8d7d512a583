package org.homeport.api.journal;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Appends events bound for named sinks. Once the returned stage completes, the events are durable
 * on this node (written and forced to disk) and will reach each named sink at least once, even
 * across a crash; a sink that is down or slow holds back only itself.
 */
@ProviderType
public interface Journal {

    /**
     * Appends the batch as one unit: all of it or none.
     *
     * @return completed once every event is durable; completed exceptionally with {@link
     *         JournalFullException} when there is no room now (the caller should tell its sender to
     *         retry later), or with another exception if the journal cannot write (nothing of the
     *         batch is then acknowledged)
     */
    CompletionStage<Void> append(List<RoutedEvent> batch);
}
