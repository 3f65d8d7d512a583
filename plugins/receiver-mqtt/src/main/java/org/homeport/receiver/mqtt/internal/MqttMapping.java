package org.homeport.receiver.mqtt.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.catalog.EventType;
import org.homeport.api.event.Identifiers;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/**
 * Turns one PUBLISH (topic and payload) of an authenticated client into a {@link TelemetryEvent}:
 * <ul>
 * <li>the topic must fit the {@link TopicTemplate}; its {@code {tenant}} level, if any, must be the
 * client's tenant (the tenant always comes from the credential); {@code {device}},
 * {@code {product}} and {@code {version}} become the event's source;</li>
 * <li>{@code {type}} must be a declared event type; the purpose is the {@code {purpose}} level, else
 * the configured {@code type=purpose} entry, else the type's only declared purpose;</li>
 * <li>the payload is a JSON object; its subject, time and id fields (names configurable) become the
 * envelope, every other member an attribute, which the intake checks against the type.</li>
 * </ul>
 * Anything else is refused with a reason ({@code unmapped}, {@code tenant-mismatch},
 * {@code device-mismatch}, {@code unknown-type}, {@code ambiguous-purpose}, {@code malformed}, {@code too-complex},
 * {@code bad-identifier}) before the intake sees it. Immutable and safe to share between event loops.
 */
final class MqttMapping {
    private final TopicTemplate topic;
    private final Map<String, String> purposes;
    private final String product;
    private final String subjectField;
    private final String timeField;
    private final String idField;
    private final PayloadParser payloads;
    private final Function<String, Optional<EventType>> types;
    private final Supplier<String> ids;

    private MqttMapping(TopicTemplate topic, Map<String, String> purposes, String product, String subjectField,
            String timeField, String idField, PayloadParser payloads, Function<String, Optional<EventType>> types,
            Supplier<String> ids) {
        this.topic = topic;
        this.purposes = purposes;
        this.product = product;
        this.subjectField = subjectField;
        this.timeField = timeField;
        this.idField = idField;
        this.payloads = payloads;
        this.types = types;
        this.ids = ids;
    }

    /**
     * @param purposeEntries {@code type=purpose}, for types declared with more than one purpose
     * @param subjectField   the payload member naming the subject; empty for none
     * @param types          the declared event types (the catalog)
     * @throws IllegalArgumentException naming the first wrong setting
     */
    static MqttMapping parse(String template, List<String> purposeEntries, String product, String subjectField,
            String timeField, String idField, PayloadParser payloads, Function<String, Optional<EventType>> types,
            Supplier<String> ids) {
        Map<String, String> purposes = new LinkedHashMap<>();
        for (String entry : purposeEntries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("purpose entry '" + entry + "' is not type=purpose");
            }
            purposes.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        if (product == null || product.isBlank() || !Identifiers.fits(product.trim())) {
            throw new IllegalArgumentException("product must not be blank nor longer than " + Identifiers.MAX_BYTES
                    + " bytes");
        }
        return new MqttMapping(TopicTemplate.parse(template), Map.copyOf(purposes), product.trim(), trim(subjectField),
                trim(timeField), trim(idField), payloads, types, ids);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    TelemetryEvent map(String topicName, byte[] payload, DevicePrincipal principal, Instant receivedAt)
            throws RefusedException {
        return map(topicName, payload, principal, null, receivedAt);
    }

    /**
     * @param boundDevice the device a client certificate identified, or {@code null}: such a client
     *                    publishes only as itself ({@code device-mismatch} otherwise)
     */
    TelemetryEvent map(String topicName, byte[] payload, DevicePrincipal principal, String boundDevice,
            Instant receivedAt) throws RefusedException {
        Map<String, String> levels = topic.match(topicName);
        if (levels == null) {
            throw new RefusedException("unmapped", "the topic does not fit the template " + topic);
        }
        String tenant = levels.get("tenant");
        if (tenant != null && !tenant.equals(principal.tenant())) {
            throw new RefusedException("tenant-mismatch", "the topic names another tenant than the credential's");
        }
        String typeName = levels.get("type");
        Optional<EventType> type = types.apply(typeName);
        if (type.isEmpty()) {
            // the name came from the sender: not echoed
            throw new RefusedException("unknown-type", "the topic's type level names no declared event type");
        }
        String purpose = purpose(levels, type.get());
        Map<String, Object> attributes = payloads.parse(payload);
        String subject = envelopeString(attributes, subjectField);
        String time = envelopeString(attributes, timeField);
        String clientId = envelopeString(attributes, idField);
        Instant occurredAt = receivedAt;
        if (time != null) {
            try {
                occurredAt = OffsetDateTime.parse(time).toInstant();
            } catch (DateTimeParseException e) {
                throw new RefusedException("malformed", "member '" + timeField
                        + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
        String device = levels.get("device");
        if (boundDevice != null) {
            if (device != null && !device.equals(boundDevice)) {
                throw new RefusedException("device-mismatch", "the topic names another device than the client certificate's");
            }
            device = boundDevice;
        }
        identifier(subject, "the subject");
        identifier(device, "the device level");
        String productName = levels.getOrDefault("product", product);
        String version = levels.get("version");
        if (!Identifiers.fits(productName) || !Identifiers.fits(version)) {
            throw new RefusedException("bad-identifier", "the product or version level is longer than "
                    + Identifiers.MAX_BYTES + " bytes");
        }
        try {
            return new TelemetryEvent(clientId != null ? clientId : ids.get(), principal.tenant(),
                    new Source(productName, version, device), subject, purpose, type.get().id(), occurredAt, receivedAt,
                    attributes);
        } catch (IllegalArgumentException e) {
            // the API's own checks name fields, never values
            throw new RefusedException("malformed", e.getMessage());
        }
    }

    private String purpose(Map<String, String> levels, EventType type) throws RefusedException {
        String purpose = levels.get("purpose");
        if (purpose != null) {
            return purpose;
        }
        purpose = purposes.get(type.id());
        if (purpose != null) {
            return purpose;
        }
        if (type.purposes().size() == 1) {
            return type.purposes().iterator().next();
        }
        throw new RefusedException("ambiguous-purpose", "event type '" + type.id()
                + "' is declared for several purposes and the mapping names none (purposes = type=purpose)");
    }

    /** Removes {@code field} from the payload's members and returns it; it must be a non-blank string. */
    private static String envelopeString(Map<String, Object> members, String field) throws RefusedException {
        if (field.isEmpty() || !members.containsKey(field)) {
            return null;
        }
        Object value = members.remove(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new RefusedException("malformed", "member '" + field + "' must be a non-blank string");
        }
        return text;
    }

    private static void identifier(String value, String what) throws RefusedException {
        if (!Identifiers.fits(value)) {
            throw new RefusedException("bad-identifier", what + " is longer than " + Identifiers.MAX_BYTES + " bytes");
        }
        String problem = Identifiers.problem(value);
        if (problem != null) {
            throw new RefusedException("bad-identifier", what + " " + problem);
        }
    }
}
