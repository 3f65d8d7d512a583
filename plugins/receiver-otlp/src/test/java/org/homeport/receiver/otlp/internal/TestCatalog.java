package org.homeport.receiver.otlp.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.FieldSpec.Kind;
import org.homeport.api.catalog.Purpose;

/** The catalog the tests declare: a log type, a metric type, and a type with two purposes. */
final class TestCatalog implements Catalog {
    static final List<FieldSpec> LOG_FIELDS = List.of(new FieldSpec("body", Kind.ANY, false),
            new FieldSpec("severity", Kind.STRING, false), new FieldSpec("severity_number", Kind.NUMBER, false),
            new FieldSpec("trace_id", Kind.STRING, false), new FieldSpec("span_id", Kind.STRING, false),
            new FieldSpec("attributes", Kind.OBJECT, false), new FieldSpec("scope", Kind.STRING, false));
    static final List<FieldSpec> METRIC_FIELDS = List.of(new FieldSpec("name", Kind.STRING, true),
            new FieldSpec("unit", Kind.STRING, false), new FieldSpec("kind", Kind.STRING, true),
            new FieldSpec("value", Kind.NUMBER, false), new FieldSpec("count", Kind.NUMBER, false),
            new FieldSpec("sum", Kind.NUMBER, false), new FieldSpec("bucket_counts", Kind.ARRAY, false),
            new FieldSpec("explicit_bounds", Kind.ARRAY, false), new FieldSpec("temporality", Kind.STRING, false),
            new FieldSpec("monotonic", Kind.BOOLEAN, false), new FieldSpec("attributes", Kind.OBJECT, false));

    private final Map<String, EventType> types = Map.of(
            "otlp.log", new EventType("otlp.log", "", Set.of("support"), LOG_FIELDS),
            "billing.log", new EventType("billing.log", "", Set.of("billing"), LOG_FIELDS),
            "otlp.metric", new EventType("otlp.metric", "", Set.of("capacity"), METRIC_FIELDS),
            "shared.log", new EventType("shared.log", "", Set.of("support", "billing"), LOG_FIELDS));

    @Override
    public Collection<Purpose> purposes() {
        return List.of();
    }

    @Override
    public Optional<Purpose> purpose(String id) {
        return Optional.empty();
    }

    @Override
    public Collection<EventType> eventTypes() {
        return types.values();
    }

    @Override
    public Optional<EventType> eventType(String id) {
        return Optional.ofNullable(types.get(id));
    }
}
