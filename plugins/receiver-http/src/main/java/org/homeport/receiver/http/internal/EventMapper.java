package org.homeport.receiver.http.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.Identifiers;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/**
 * Maps one parsed JSON event (as {@link EventStreamParser} builds it) onto a
 * {@link TelemetryEvent}. Strict: unknown fields and wrong types refuse the event, because
 * "nothing undeclared gets in". Error details name the field, never its value, since values may
 * be personal data.
 */
final class EventMapper {
    private static final Set<String> EVENT_FIELDS =
            Set.of("id", "type", "purpose", "time", "source", "subject", "attributes");
    private static final Set<String> SOURCE_FIELDS = Set.of("product", "version", "device");
    /** Field names come from the sender; keep them from bloating the error report. */
    private static final int MAX_NAME_IN_DETAIL = 64;

    private final Supplier<String> idGenerator;

    EventMapper() {
        this(() -> UUID.randomUUID().toString());
    }

    EventMapper(Supplier<String> idGenerator) {
        this.idGenerator = idGenerator;
    }

    TelemetryEvent map(EventStreamParser.RawEvent raw, DevicePrincipal principal, Instant receivedAt)
            throws InvalidEventException {
        if (!(raw.value() instanceof Map<?, ?> object)) {
            throw new InvalidEventException(null, "an event must be a JSON object");
        }
        String clientId = optionalString(null, object, "id");
        if (raw.duplicateField() != null) {
            throw new InvalidEventException(clientId, "field '" + shorten(raw.duplicateField())
                    + "' is repeated or holds a repeated key");
        }
        for (Object name : object.keySet()) {
            if (!EVENT_FIELDS.contains(name)) {
                throw new InvalidEventException(clientId, "unknown field '" + shorten((String) name) + "'");
            }
        }
        String type = requiredString(clientId, object, "type");
        String purpose = requiredString(clientId, object, "purpose");
        Instant occurredAt = optionalInstant(clientId, object, "time");
        Source source = source(clientId, object.get("source"));
        String subject = exactIdentifier(clientId, optionalString(clientId, object, "subject"), "subject");
        Map<String, Object> attributes = optionalObject(clientId, object, "attributes");
        try {
            return new TelemetryEvent(
                    clientId != null ? clientId : idGenerator.get(),
                    principal.tenant(),
                    source,
                    subject,
                    purpose,
                    type,
                    occurredAt != null ? occurredAt : receivedAt,
                    receivedAt,
                    attributes);
        } catch (IllegalArgumentException e) {
            // the API's own checks; their messages name fields only
            throw new InvalidEventException(clientId, e.getMessage());
        }
    }

    private static Source source(String clientId, Object value) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException(clientId, "field 'source' is required");
        }
        if (!(value instanceof Map<?, ?> source)) {
            throw new InvalidEventException(clientId, "field 'source' must be an object");
        }
        for (Object name : source.keySet()) {
            if (!SOURCE_FIELDS.contains(name)) {
                throw new InvalidEventException(clientId, "unknown field 'source." + shorten((String) name) + "'");
            }
        }
        return new Source(
                identifier(clientId, requiredString(clientId, source, "product", "source.product"), "source.product"),
                identifier(clientId, optionalString(clientId, source, "version", "source.version"), "source.version"),
                exactIdentifier(clientId, optionalString(clientId, source, "device", "source.device"), "source.device"));
    }

    /**
     * The subject and the device id key consent records and caches, and product and version are
     * labels of the same kind: all four are held to the one identifier limit of the whole node.
     */
    private static String identifier(String clientId, String value, String path) throws InvalidEventException {
        if (!Identifiers.fits(value)) {
            throw new InvalidEventException(clientId, InvalidEventException.IDENTIFIER_TOO_LONG,
                    "field '" + path + "' is longer than " + Identifiers.MAX_BYTES + " bytes (UTF-8)");
        }
        return value;
    }

    /**
     * Subjects and device ids are what data-subject requests look for, matched exactly: besides the
     * length limit, one with whitespace or an invisible character at an end, or a control character,
     * is refused, or it would be stored where a request typed without it never finds it.
     */
    private static String exactIdentifier(String clientId, String value, String path) throws InvalidEventException {
        identifier(clientId, value, path);
        String problem = Identifiers.problem(value);
        if (problem != null) {
            throw new InvalidEventException(clientId, InvalidEventException.INVALID_IDENTIFIER,
                    "field '" + path + "' " + problem);
        }
        return value;
    }

    private static String requiredString(String clientId, Map<?, ?> object, String name)
            throws InvalidEventException {
        return requiredString(clientId, object, name, name);
    }

    private static String requiredString(String clientId, Map<?, ?> object, String name, String path)
            throws InvalidEventException {
        String value = optionalString(clientId, object, name, path);
        if (value == null) {
            throw new InvalidEventException(clientId, "field '" + path + "' is required");
        }
        return value;
    }

    private static String optionalString(String clientId, Map<?, ?> object, String name)
            throws InvalidEventException {
        return optionalString(clientId, object, name, name);
    }

    /** Absent and JSON null are the same; a present string must not be blank. */
    private static String optionalString(String clientId, Map<?, ?> object, String name, String path)
            throws InvalidEventException {
        Object value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String string)) {
            throw new InvalidEventException(clientId, "field '" + path + "' must be a string");
        }
        if (string.isBlank()) {
            throw new InvalidEventException(clientId, "field '" + path + "' must not be blank");
        }
        return string;
    }

    private static Instant optionalInstant(String clientId, Map<?, ?> object, String name)
            throws InvalidEventException {
        String text = optionalString(clientId, object, name);
        if (text == null) {
            return null;
        }
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(clientId,
                    "field '" + name + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optionalObject(String clientId, Map<?, ?> object, String name)
            throws InvalidEventException {
        Object value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidEventException(clientId, "field '" + name + "' must be an object");
        }
        return (Map<String, Object>) map;
    }

    private static String shorten(String name) {
        return name.length() <= MAX_NAME_IN_DETAIL ? name : name.substring(0, MAX_NAME_IN_DETAIL) + "…";
    }
}
