package org.homeport.core.internal.intake;

import java.util.List;
import java.util.Map;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.core.internal.topology.Topology;

/** Checks an event against its declared purpose and type: nothing undeclared gets in. */
final class EventValidator {
    /** Ids become keys in every sink (Elasticsearch allows 512 bytes); 128 characters leaves room. */
    static final int MAX_ID_LENGTH = 128;
    private EventValidator() {
    }

    /** @return why the event is refused, or {@code null} if it is valid */
    static Rejection check(TelemetryEvent event, DevicePrincipal principal, Topology topology) {
        return check(event, principal, topology, TimeWindow.DEFAULT);
    }

    /** @return why the event is refused, or {@code null} if it is valid */
    static Rejection check(TelemetryEvent event, DevicePrincipal principal, Topology topology, TimeWindow window) {
        if (event.id().length() > MAX_ID_LENGTH) {
            return new Rejection("invalid-id", "the event id is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (!event.tenant().equals(principal.tenant())) {
            return new Rejection("tenant-mismatch", "the event's tenant is not the sender's");
        }
        if (!topology.purposes().containsKey(event.purpose())) {
            return new Rejection("unknown-purpose", "purpose '" + safe(event.purpose()) + "' is not declared");
        }
        if (!principal.mayWrite(event.purpose())) {
            return new Rejection("purpose-not-permitted",
                    "this credential may not send events for purpose '" + event.purpose() + "'");
        }
        EventType type = topology.eventTypes().get(event.type());
        if (type == null) {
            return new Rejection("unknown-type", "event type '" + safe(event.type()) + "' is not declared");
        }
        if (!type.purposes().contains(event.purpose())) {
            return new Rejection("purpose-not-allowed-for-type",
                    "event type '" + type.id() + "' may not be sent for purpose '" + event.purpose() + "'");
        }
        Purpose purpose = topology.purposes().get(event.purpose()).purpose();
        Rejection time = window.check(event, purpose);
        if (time != null) {
            return time;
        }
        Rejection schema = checkAttributes(event.attributes(), type);
        return schema != null ? schema : checkDataCategories(event.attributes(), purpose);
    }

    /** A purpose that names its data categories takes no other attribute, whatever its event types declare. */
    private static Rejection checkDataCategories(Map<String, Object> attributes, Purpose purpose) {
        if (purpose.dataCategories().isEmpty()) {
            return null;
        }
        for (String key : attributes.keySet()) {
            if (!purpose.allowsAttribute(key)) {
                // the key is a declared field (checked before), so naming it echoes nothing the sender chose
                return new Rejection("data-category-not-allowed", "attribute '" + key
                        + "' is not among the data categories of purpose '" + purpose.id() + "' (data.categories)");
            }
        }
        return null;
    }

    private static Rejection checkAttributes(Map<String, Object> attributes, EventType type) {
        List<FieldSpec> fields = type.fields();
        // One hash lookup per declared field; only an event with an undeclared key pays for finding it.
        int declaredPresent = 0;
        for (FieldSpec field : fields) {
            if (attributes.containsKey(field.name())) {
                declaredPresent++;
            }
        }
        if (declaredPresent < attributes.size()) {
            for (String key : attributes.keySet()) {
                if (fields.stream().noneMatch(field -> field.name().equals(key))) {
                    return new Rejection("schema-violation",
                            "attribute '" + safe(key) + "' is not declared for event type '" + type.id() + "'");
                }
            }
        }
        for (FieldSpec field : fields) {
            Object value = attributes.get(field.name());
            if (value == null) {
                if (field.required()) {
                    return new Rejection("schema-violation", "required attribute '" + field.name() + "' is missing");
                }
                continue;
            }
            if (!matches(field.kind(), value)) {
                return new Rejection("schema-violation",
                        "attribute '" + field.name() + "' must be of kind " + field.kind().id());
            }
        }
        return null;
    }

    private static boolean matches(FieldSpec.Kind kind, Object value) {
        switch (kind) {
            case STRING: return value instanceof String;
            case NUMBER: return value instanceof Number;
            case BOOLEAN: return value instanceof Boolean;
            case OBJECT: return value instanceof Map;
            case ARRAY: return value instanceof List;
            default: return true;
        }
    }

    /** Names from the sender are echoed in errors; cut them short so an error cannot carry a payload. */
    private static String safe(String name) {
        String printable = name.replaceAll("[^A-Za-z0-9._:-]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
