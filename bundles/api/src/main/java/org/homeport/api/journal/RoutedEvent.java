package org.homeport.api.journal;

import java.util.Objects;
import java.util.Set;
import org.homeport.api.event.TelemetryEvent;

/**
 * One event as it is to be stored, and the names of the sinks ({@code homeport.sink.name}) that
 * must receive it.
 */
public record RoutedEvent(TelemetryEvent event, Set<String> sinks) {
    public RoutedEvent {
        Objects.requireNonNull(event, "event");
        sinks = Set.copyOf(sinks);
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("an event in the journal needs at least one sink");
        }
    }
}
