package org.homeport.aggregate.kanon.internal;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What events are counted together within a window: the same tenant, the same purpose, and the
 * same normalized value at each group field. Groups of different tenants or purposes never mix.
 *
 * @param paths  the group fields as configured ({@code attributes.programme}), in order
 * @param values their values, normalized by {@link GroupValues#normalize}; {@code null} for a
 *               missing field or JSON null
 */
record GroupKey(String tenant, String purpose, List<String> paths, List<Object> values) {

    GroupKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(purpose, "purpose");
        paths = List.copyOf(paths);
        // List.copyOf refuses nulls, and null is a legitimate group value.
        values = Collections.unmodifiableList(new java.util.ArrayList<>(values));
        if (paths.size() != values.size()) {
            throw new IllegalArgumentException("a group needs one value per field");
        }
    }
}
