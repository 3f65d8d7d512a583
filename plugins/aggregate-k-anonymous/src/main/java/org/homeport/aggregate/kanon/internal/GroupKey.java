package org.homeport.aggregate.kanon.internal;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What events are counted together within a window: the same tenant, the same purpose, and the
 * same normalized value at each group field. Groups of different tenants or purposes never mix.
 *
 * <p>An <em>overflow</em> group has no fields: it counts, per tenant and purpose, the events of
 * new groups that arrived while the state was at its bounds ({@code max.groups}, {@code max.bytes}).
 *
 * @param paths    the group fields as configured ({@code attributes.programme}), in order; empty
 *                 for an overflow group
 * @param values   their values, normalized by {@link GroupValues#normalize}; {@code null} for a
 *                 missing field or JSON null
 * @param overflow whether this is the overflow group of its tenant and purpose
 */
record GroupKey(String tenant, String purpose, List<String> paths, List<Object> values, boolean overflow) {

    GroupKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(purpose, "purpose");
        paths = List.copyOf(paths);
        // List.copyOf refuses nulls, and null is a legitimate group value.
        values = Collections.unmodifiableList(new java.util.ArrayList<>(values));
        if (paths.size() != values.size()) {
            throw new IllegalArgumentException("a group needs one value per field");
        }
        if (overflow && !paths.isEmpty()) {
            throw new IllegalArgumentException("an overflow group has no fields");
        }
    }

    /** A group of events with these values. */
    GroupKey(String tenant, String purpose, List<String> paths, List<Object> values) {
        this(tenant, purpose, paths, values, false);
    }

    /** The overflow group of a tenant and purpose. */
    static GroupKey overflowOf(String tenant, String purpose) {
        return new GroupKey(tenant, purpose, List.of(), List.of(), true);
    }
}
