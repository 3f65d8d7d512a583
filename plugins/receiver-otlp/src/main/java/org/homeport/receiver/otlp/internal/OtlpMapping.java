package org.homeport.receiver.otlp.internal;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.event.Identifiers;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/**
 * Turns the log records and data points of an OTLP export request into {@link TelemetryEvent}s, one
 * each, by configuration:
 * <ul>
 * <li><b>source:</b> {@code source.product} from a resource attribute ({@code service.name}), else the
 * configured product; the version from another ({@code service.version}); the device from the first
 * present of a list ({@code device.id}, {@code host.name}, ...);</li>
 * <li><b>subject:</b> the first present of a list of attributes ({@code enduser.id}), on the record or
 * data point first, then on the resource;</li>
 * <li><b>type:</b> an attribute naming it (record or data point, then scope, then resource), else the
 * first {@code name=type} rule matching the scope name (logs) or metric name (metrics), else the
 * default type; a record with none is refused ({@code unmapped}), one naming an undeclared type too
 * ({@code unknown-type});</li>
 * <li><b>purpose:</b> the configured {@code type=purpose}, else the type's only purpose
 * ({@code ambiguous-purpose} otherwise);</li>
 * <li><b>attributes:</b> of the envelope fields below, those the event type declares (a type takes
 * what it declares, so undeclared fields never reach the intake's refusal).</li>
 * </ul>
 * Log fields: {@code body severity severity_number event_name trace_id span_id attributes resource
 * scope scope_version observed_time}. Metric fields: {@code name description unit kind value temporality
 * monotonic count sum min max bucket_counts explicit_bounds scale zero_count quantiles attributes
 * resource scope scope_version}. Immutable and safe to share between event loops.
 */
final class OtlpMapping {
    private static final HexFormat HEX = HexFormat.of();

    private final String product;
    private final String productAttribute;
    private final String versionAttribute;
    private final List<String> deviceAttributes;
    private final List<String> subjectAttributes;
    private final String typeAttribute;
    private final List<Rule> logRules;
    private final String logDefault;
    private final List<Rule> metricRules;
    private final String metricDefault;
    private final Map<String, String> purposes;
    private final Function<String, Optional<EventType>> types;

    OtlpMapping(String product, String productAttribute, String versionAttribute, List<String> deviceAttributes,
            List<String> subjectAttributes, String typeAttribute, List<Rule> logRules, String logDefault,
            List<Rule> metricRules, String metricDefault, Map<String, String> purposes,
            Function<String, Optional<EventType>> types) {
        if (product == null || product.isBlank() || !Identifiers.fits(product.trim())) {
            throw new IllegalArgumentException("product must not be blank nor longer than " + Identifiers.MAX_BYTES
                    + " bytes");
        }
        this.product = product.trim();
        this.productAttribute = trim(productAttribute);
        this.versionAttribute = trim(versionAttribute);
        this.deviceAttributes = List.copyOf(deviceAttributes);
        this.subjectAttributes = List.copyOf(subjectAttributes);
        this.typeAttribute = trim(typeAttribute);
        this.logRules = List.copyOf(logRules);
        this.logDefault = trim(logDefault);
        this.metricRules = List.copyOf(metricRules);
        this.metricDefault = trim(metricDefault);
        this.purposes = Map.copyOf(purposes);
        this.types = types;
    }

    /** @throws IllegalArgumentException naming the first entry that is not type=purpose */
    static Map<String, String> purposes(List<String> entries) {
        Map<String, String> purposes = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("purpose entry '" + entry + "' is not type=purpose");
            }
            purposes.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return purposes;
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    /** Log records and data points in a request, counted before anything is mapped. */
    static int count(ExportLogsServiceRequest request) {
        int count = 0;
        for (ResourceLogs resource : request.getResourceLogsList()) {
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                count += scope.getLogRecordsCount();
            }
        }
        return count;
    }

    static int count(ExportMetricsServiceRequest request) {
        int count = 0;
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    count += pointCount(metric);
                }
            }
        }
        return count;
    }

    private static int pointCount(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    /** One {@link Mapped} per log record, in request order. */
    List<Mapped> logs(ExportLogsServiceRequest request, DevicePrincipal principal, Instant receivedAt,
            IntFunction<String> ids) {
        List<Mapped> mapped = new ArrayList<>();
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            Map<String, Object> resource = attributes(resourceLogs.getResource().getAttributesList());
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                InstrumentationScope scope = scopeLogs.getScope();
                Map<String, Object> scopeAttributes = attributes(scope.getAttributesList());
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    int index = mapped.size();
                    Map<String, Object> attributes = attributes(record.getAttributesList());
                    Object named = typeAttribute.isEmpty() ? null
                            : firstOf(typeAttribute, attributes, scopeAttributes, resource);
                    String type = named instanceof String text ? text : Rule.first(logRules, scope.getName());
                    if (named == null && type == null) {
                        type = logDefault;
                    }
                    Map<String, Object> fields = new LinkedHashMap<>();
                    if (record.hasBody()) {
                        fields.put("body", value(record.getBody()));
                    }
                    putText(fields, "severity", record.getSeverityText());
                    if (record.getSeverityNumberValue() != 0) {
                        fields.put("severity_number", record.getSeverityNumberValue());
                    }
                    putText(fields, "event_name", record.getEventName());
                    if (!record.getTraceId().isEmpty()) {
                        fields.put("trace_id", HEX.formatHex(record.getTraceId().toByteArray()));
                    }
                    if (!record.getSpanId().isEmpty()) {
                        fields.put("span_id", HEX.formatHex(record.getSpanId().toByteArray()));
                    }
                    Instant observed = instant(record.getObservedTimeUnixNano());
                    if (observed != null) {
                        fields.put("observed_time", observed.toString());
                    }
                    Instant occurred = instant(record.getTimeUnixNano());
                    mapped.add(event(type, attributes, scope, scopeAttributes, resource, fields,
                            occurred != null ? occurred : observed != null ? observed : receivedAt, principal, receivedAt,
                            ids.apply(index)));
                }
            }
        }
        return mapped;
    }

    /** One {@link Mapped} per data point, in request order. */
    List<Mapped> metrics(ExportMetricsServiceRequest request, DevicePrincipal principal, Instant receivedAt,
            IntFunction<String> ids) {
        List<Mapped> mapped = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            Map<String, Object> resource = attributes(resourceMetrics.getResource().getAttributesList());
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                InstrumentationScope scope = scopeMetrics.getScope();
                Map<String, Object> scopeAttributes = attributes(scope.getAttributesList());
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    for (Point point : points(metric)) {
                        int index = mapped.size();
                        Map<String, Object> attributes = attributes(point.attributes());
                        Object named = typeAttribute.isEmpty() ? null
                                : firstOf(typeAttribute, attributes, scopeAttributes, resource);
                        String type = named instanceof String text ? text : Rule.first(metricRules, metric.getName());
                        if (named == null && type == null) {
                            type = metricDefault;
                        }
                        Map<String, Object> fields = new LinkedHashMap<>();
                        putText(fields, "name", metric.getName());
                        putText(fields, "description", metric.getDescription());
                        putText(fields, "unit", metric.getUnit());
                        fields.put("kind", point.kind());
                        fields.putAll(point.values());
                        Instant occurred = instant(point.timeUnixNano());
                        mapped.add(event(type, attributes, scope, scopeAttributes, resource, fields,
                                occurred != null ? occurred : receivedAt, principal, receivedAt, ids.apply(index)));
                    }
                }
            }
        }
        return mapped;
    }

    private Mapped event(String typeName, Map<String, Object> attributes, InstrumentationScope scope,
            Map<String, Object> scopeAttributes, Map<String, Object> resource, Map<String, Object> fields,
            Instant occurredAt, DevicePrincipal principal, Instant receivedAt, String id) {
        if (typeName == null || typeName.isEmpty()) {
            return Mapped.refused("unmapped", "no type attribute, rule or default type maps this record to an event type");
        }
        Optional<EventType> found = types.apply(typeName);
        if (found.isEmpty()) {
            // the name may have come from the sender: not echoed
            return Mapped.refused("unknown-type", "the record maps to no declared event type");
        }
        EventType type = found.get();
        String purpose = purposes.get(type.id());
        if (purpose == null) {
            if (type.purposes().size() != 1) {
                return Mapped.refused("ambiguous-purpose", "event type '" + type.id()
                        + "' is declared for several purposes and the mapping names none (purposes = type=purpose)");
            }
            purpose = type.purposes().iterator().next();
        }
        String subject = null;
        for (String key : subjectAttributes) {
            Object value = attributes.containsKey(key) ? attributes.remove(key) : resource.get(key);
            if (value != null) {
                subject = String.valueOf(value);
                break;
            }
        }
        if (!typeAttribute.isEmpty()) {
            attributes.remove(typeAttribute);
        }
        String device = null;
        for (String key : deviceAttributes) {
            Object value = resource.get(key);
            if (value != null) {
                device = String.valueOf(value);
                break;
            }
        }
        String productName = text(resource.get(productAttribute), product);
        String version = text(resource.get(versionAttribute), null);
        for (String value : new String[] {subject, device, productName, version}) {
            String problem = Identifiers.problem(value);
            if (problem != null) {
                return Mapped.refused("bad-identifier", "a subject, device, product or version attribute " + problem);
            }
        }
        fields.put("attributes", attributes);
        fields.put("resource", resource);
        putText(fields, "scope", scope.getName());
        putText(fields, "scope_version", scope.getVersion());
        if (!scopeAttributes.isEmpty()) {
            fields.put("scope_attributes", scopeAttributes);
        }
        Set<String> declared = type.fields().stream().map(FieldSpec::name).collect(Collectors.toSet());
        fields.keySet().retainAll(declared);
        try {
            return Mapped.event(new TelemetryEvent(id, principal.tenant(), new Source(productName, version, device), subject,
                    purpose, type.id(), occurredAt, receivedAt, fields));
        } catch (IllegalArgumentException e) {
            // the API's own checks name fields, never values
            return Mapped.refused("malformed", e.getMessage());
        }
    }

    private static Object firstOf(String key, Map<String, Object> record, Map<String, Object> scope,
            Map<String, Object> resource) {
        if (record.containsKey(key)) {
            return record.get(key);
        }
        return scope.containsKey(key) ? scope.get(key) : resource.get(key);
    }

    private static String text(Object value, String fallback) {
        return value instanceof String text && !text.isEmpty() ? text : fallback;
    }

    private static void putText(Map<String, Object> fields, String key, String value) {
        if (!value.isEmpty()) {
            fields.put(key, value);
        }
    }

    /** Nanoseconds since the epoch; 0 (unset) and values past 2262 (negative as signed) are none. */
    private static Instant instant(long unixNanos) {
        if (unixNanos <= 0) {
            return null;
        }
        return Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L);
    }

    /** OTLP attributes as a JSON object; a repeated key keeps its last value. */
    static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            map.put(keyValue.getKey(), value(keyValue.getValue()));
        }
        return map;
    }

    /** An AnyValue as a JSON value: bytes as base64, non-finite doubles as their names (JSON has none). */
    static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> number(value.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpMapping::value)
                    .collect(Collectors.toCollection(ArrayList::new));
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            default -> null;
        };
    }

    private static Object number(double value) {
        return Double.isFinite(value) ? (Object) value : Double.toString(value);
    }

    /** One data point of any kind, with the fields it contributes. */
    private record Point(String kind, List<KeyValue> attributes, long timeUnixNano, Map<String, Object> values) {
    }

    private static List<Point> points(Metric metric) {
        List<Point> points = new ArrayList<>();
        switch (metric.getDataCase()) {
            case GAUGE -> {
                for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
                    points.add(new Point("gauge", point.getAttributesList(), point.getTimeUnixNano(), number(point)));
                }
            }
            case SUM -> {
                for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                    Map<String, Object> values = number(point);
                    values.put("temporality", temporality(metric.getSum().getAggregationTemporality()));
                    values.put("monotonic", metric.getSum().getIsMonotonic());
                    points.add(new Point("sum", point.getAttributesList(), point.getTimeUnixNano(), values));
                }
            }
            case HISTOGRAM -> {
                for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("temporality", temporality(metric.getHistogram().getAggregationTemporality()));
                    values.put("count", point.getCount());
                    if (point.hasSum()) {
                        values.put("sum", number(point.getSum()));
                    }
                    if (point.hasMin()) {
                        values.put("min", number(point.getMin()));
                    }
                    if (point.hasMax()) {
                        values.put("max", number(point.getMax()));
                    }
                    values.put("bucket_counts", new ArrayList<Object>(point.getBucketCountsList()));
                    values.put("explicit_bounds", point.getExplicitBoundsList().stream().map(OtlpMapping::number)
                            .collect(Collectors.toCollection(ArrayList::new)));
                    points.add(new Point("histogram", point.getAttributesList(), point.getTimeUnixNano(), values));
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                for (ExponentialHistogramDataPoint point : metric.getExponentialHistogram().getDataPointsList()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("temporality", temporality(metric.getExponentialHistogram().getAggregationTemporality()));
                    values.put("count", point.getCount());
                    if (point.hasSum()) {
                        values.put("sum", number(point.getSum()));
                    }
                    if (point.hasMin()) {
                        values.put("min", number(point.getMin()));
                    }
                    if (point.hasMax()) {
                        values.put("max", number(point.getMax()));
                    }
                    values.put("scale", point.getScale());
                    values.put("zero_count", point.getZeroCount());
                    points.add(new Point("exponential_histogram", point.getAttributesList(), point.getTimeUnixNano(),
                            values));
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("count", point.getCount());
                    values.put("sum", number(point.getSum()));
                    List<Object> quantiles = new ArrayList<>();
                    for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("quantile", number(quantile.getQuantile()));
                        entry.put("value", number(quantile.getValue()));
                        quantiles.add(entry);
                    }
                    values.put("quantiles", quantiles);
                    points.add(new Point("summary", point.getAttributesList(), point.getTimeUnixNano(), values));
                }
            }
            default -> {
                // a metric without data has no data point to map
            }
        }
        return points;
    }

    private static Map<String, Object> number(NumberDataPoint point) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (point.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
            values.put("value", point.getAsInt());
        } else if (point.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
            values.put("value", number(point.getAsDouble()));
        }
        return values;
    }

    private static String temporality(AggregationTemporality temporality) {
        return switch (temporality) {
            case AGGREGATION_TEMPORALITY_DELTA -> "delta";
            case AGGREGATION_TEMPORALITY_CUMULATIVE -> "cumulative";
            default -> "unspecified";
        };
    }
}
