package org.homeport.api.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One piece of telemetry, as every stage after the receiver sees it. Immutable: anonymizers
 * return a changed copy through the {@code with…} methods.
 *
 * @param id          unique id, the idempotency key for sinks; never blank
 * @param tenant      the organisation unit it belongs to; taken from the sender's credential, never
 *                    from the event body
 * @param source      what sent it
 * @param subject     whose data this is (consent is keyed on it), or {@code null} if nobody's
 * @param purpose     the declared purpose it is collected for
 * @param type        the declared event type
 * @param occurredAt  when it happened on the device
 * @param receivedAt  when this node received it
 * @param attributes  the free part, a JSON object: values are {@code String}, {@code Boolean},
 *                    {@code Number}, {@code null}, {@code List} or {@code Map<String, Object>}.
 *                    Deep-frozen on construction.
 */
public record TelemetryEvent(
        String id,
        String tenant,
        Source source,
        String subject,
        String purpose,
        String type,
        Instant occurredAt,
        Instant receivedAt,
        Map<String, Object> attributes) {

    public TelemetryEvent {
        requireNonBlank(id, "id");
        requireNonBlank(tenant, "tenant");
        requireNonBlank(purpose, "purpose");
        requireNonBlank(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        attributes = JsonData.freeze(attributes == null ? Map.of() : attributes);
    }

    private static void requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    public TelemetryEvent withSubject(String newSubject) {
        return new TelemetryEvent(id, tenant, source, newSubject, purpose, type, occurredAt, receivedAt, attributes);
    }

    public TelemetryEvent withSource(Source newSource) {
        return new TelemetryEvent(id, tenant, newSource, subject, purpose, type, occurredAt, receivedAt, attributes);
    }

    public TelemetryEvent withAttributes(Map<String, Object> newAttributes) {
        return new TelemetryEvent(id, tenant, source, subject, purpose, type, occurredAt, receivedAt, newAttributes);
    }
}
