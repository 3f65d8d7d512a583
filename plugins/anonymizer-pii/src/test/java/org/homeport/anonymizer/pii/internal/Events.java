package org.homeport.anonymizer.pii.internal;

import java.time.Instant;
import java.util.Map;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/** Test events with a subject, a full source and the given attributes. */
final class Events {
    private Events() {
    }

    static TelemetryEvent event(Map<String, Object> attributes) {
        return new TelemetryEvent("e-1", "acme", new Source("meet", "45.3.1", "d-8842"), "user-4711",
                "crash-reports", "app.error", Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:00:01Z"), attributes);
    }
}
