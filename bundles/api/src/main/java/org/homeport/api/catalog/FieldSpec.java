package org.homeport.api.catalog;

import java.util.Objects;

/**
 * One declared top-level attribute of an event type.
 *
 * @param name     the attribute key
 * @param kind     the JSON kind its value must have
 * @param required whether every event of the type must carry it
 */
public record FieldSpec(String name, Kind kind, boolean required) {

    /** JSON kinds an attribute can be declared with. */
    public enum Kind {
        STRING, NUMBER, BOOLEAN, OBJECT, ARRAY, ANY;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public FieldSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field name must not be blank");
        }
        Objects.requireNonNull(kind, "kind");
    }
}
