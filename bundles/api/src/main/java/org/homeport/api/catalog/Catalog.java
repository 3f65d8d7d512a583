package org.homeport.api.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.homeport.api.anonymize.AnonymizerRef;
import org.osgi.annotation.versioning.ProviderType;

/** The declared purposes and event types, as currently configured. */
@ProviderType
public interface Catalog {

    Collection<Purpose> purposes();

    Optional<Purpose> purpose(String id);

    Collection<EventType> eventTypes();

    Optional<EventType> eventType(String id);

    /**
     * The anonymizers that configured pipelines apply to events of {@code purpose} after the
     * purpose's own, one list per pipeline that may take such events (a pipeline without
     * anonymizers gives an empty list). Data-subject requests use it to find what a pipeline's own
     * pseudonymizer stored.
     *
     * @since 1.2
     */
    default List<List<AnonymizerRef>> pipelineAnonymizers(String purpose) {
        return List.of();
    }
}
