package org.homeport.anonymizer.generalize.internal;

import java.time.Instant;
import java.util.Map;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/** Test events with a subject, a full source and the given attributes. */
final class Events {
    static final Instant OCCURRED_AT = Instant.parse("2026-11-23T10:17:42.123Z");
    static final Instant RECEIVED_AT = Instant.parse("2026-11-23T10:17:43.456Z");

    private Events() {
    }

    static TelemetryEvent event(Map<String, Object> attributes) {
        return event(OCCURRED_AT, RECEIVED_AT, attributes);
    }

    static TelemetryEvent event(Instant occurredAt, Instant receivedAt, Map<String, Object> attributes) {
        return new TelemetryEvent("e-1", "acme", new Source("finder", "2.1.0", "d-8842"), "user-4711",
                "device-recovery", "device.location", occurredAt, receivedAt, attributes);
    }

    /** The attributes as the sinks write them, so tests see the exact JSON text. */
    static String json(TelemetryEvent event) {
        StringBuilder out = new StringBuilder();
        EventJson.appendValue(out, event.attributes());
        return out.toString();
    }

    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        EventJson.appendValue(out, value);
        return out.toString();
    }
}
