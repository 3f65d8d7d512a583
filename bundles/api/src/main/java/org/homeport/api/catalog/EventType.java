package org.homeport.api.catalog;

import java.util.List;
import java.util.Set;

/**
 * A declared kind of event, e.g. {@code app.error}: which purposes it may be sent for and which
 * attributes it may carry. Attributes that are not declared are refused: nothing undeclared gets
 * in.
 *
 * @param id          the type name events carry in {@code type}
 * @param description what it is, in words a user understands (shown in the public catalog)
 * @param purposes    purposes events of this type may be sent for
 * @param fields      the declared top-level attributes
 */
public record EventType(String id, String description, Set<String> purposes, List<FieldSpec> fields) {
    public EventType {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("event type id must not be blank");
        }
        description = description == null ? "" : description;
        purposes = Set.copyOf(purposes);
        fields = List.copyOf(fields);
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("event type '" + id + "' names no purpose");
        }
    }
}
