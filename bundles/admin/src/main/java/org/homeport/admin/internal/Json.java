package org.homeport.admin.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.homeport.api.config.Durations;

/** Reading request fields with 400s that say which field is wrong, and writing values. */
final class Json {
    private Json() {
    }

    static String requiredString(JsonObject body, String field) {
        String value = optionalString(body, field);
        if (value == null || value.isBlank()) {
            throw Problem.badRequest("missing-field", "'" + field + "' is required");
        }
        return value;
    }

    static String optionalString(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw Problem.badRequest("invalid-field", "'" + field + "' must be a string");
        }
        return (String) value;
    }

    static Set<String> strings(JsonObject body, String field) {
        Object value = body.getValue(field);
        Set<String> items = new LinkedHashSet<>();
        if (value == null) {
            return items;
        }
        if (!(value instanceof JsonArray array)) {
            throw Problem.badRequest("invalid-field", "'" + field + "' must be an array of strings");
        }
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw Problem.badRequest("invalid-field", "'" + field + "' must be an array of strings");
            }
            items.add(text);
        }
        return items;
    }

    static Instant optionalInstant(JsonObject body, String field) {
        String text = optionalString(body, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("invalid-field", "'" + field + "' must be an ISO-8601 instant, e.g. 2027-12-31T00:00:00Z");
        }
    }

    /** A duration as ISO-8601 ({@code P7D}) or shorthand ({@code 7d}, {@code 12h}, {@code 30m}). */
    static Duration duration(String text, String field) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("invalid-field", "'" + field + "' must be a duration such as 7d, 12h or P14D");
        }
    }

    /** A retention as ISO-8601, in days when it is whole days ({@code P395D}); {@code null} for no limit. */
    static String retention(Duration retention) {
        if (retention.isZero()) {
            return null;
        }
        return retention.equals(Duration.ofDays(retention.toDays())) ? "P" + retention.toDays() + "D"
                : retention.toString();
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static JsonArray array(Collection<String> items) {
        return new JsonArray(items.stream().sorted().toList());
    }
}
