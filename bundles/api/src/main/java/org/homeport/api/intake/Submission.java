package org.homeport.api.intake;

import java.util.List;
import java.util.Objects;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.TelemetryEvent;

/**
 * A batch of events a receiver hands to the intake.
 *
 * @param receiver  the receiver's name, for metrics ({@code http}, {@code otlp}, …)
 * @param principal who sent them; every event's tenant must be the principal's
 * @param events    the events, in the order they arrived
 */
public record Submission(String receiver, DevicePrincipal principal, List<TelemetryEvent> events) {
    public Submission {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(principal, "principal");
        events = List.copyOf(events);
    }
}
