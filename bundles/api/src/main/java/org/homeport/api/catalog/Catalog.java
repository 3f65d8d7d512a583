package org.homeport.api.catalog;

import java.util.Collection;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The declared purposes and event types, as currently configured. */
@ProviderType
public interface Catalog {

    Collection<Purpose> purposes();

    Optional<Purpose> purpose(String id);

    Collection<EventType> eventTypes();

    Optional<EventType> eventType(String id);
}
