package org.homeport.receiver.otlp.internal;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * OTLP/JSON (the OTLP specification's JSON mapping of the protobuf messages) into the protobuf
 * messages, written by hand rather than with protobuf's generic {@code JsonFormat}: OTLP/JSON
 * differs from the proto3 JSON mapping (trace and span ids are hex, not base64), and a hand-written
 * reader takes only the fields OTLP defines, checks each one's kind, and bounds nesting.
 *
 * <p>Keys are the lowerCamelCase field names; unknown keys are ignored (as the specification asks of
 * receivers); 64-bit integers may be JSON numbers or decimal strings; enums are integers. Anything
 * else of the wrong kind is a {@link MalformedException} naming the field.
 */
final class OtlpJson {
    private final int maxDepth;

    /** @param maxDepth deepest nesting of an attribute value ({@code arrayValue}, {@code kvlistValue}) */
    OtlpJson(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    ExportLogsServiceRequest logs(Buffer body) throws MalformedException {
        JsonObject root = root(body);
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (JsonObject resourceLogs : objects(root, "resourceLogs")) {
            ResourceLogs.Builder rl = request.addResourceLogsBuilder();
            JsonObject resource = object(resourceLogs, "resource");
            if (resource != null) {
                rl.setResource(resource(resource));
            }
            rl.setSchemaUrl(string(resourceLogs, "schemaUrl"));
            for (JsonObject scopeLogs : objects(resourceLogs, "scopeLogs")) {
                ScopeLogs.Builder sl = rl.addScopeLogsBuilder();
                JsonObject scope = object(scopeLogs, "scope");
                if (scope != null) {
                    sl.setScope(scope(scope));
                }
                sl.setSchemaUrl(string(scopeLogs, "schemaUrl"));
                for (JsonObject record : objects(scopeLogs, "logRecords")) {
                    sl.addLogRecords(logRecord(record));
                }
            }
        }
        return request.build();
    }

    ExportMetricsServiceRequest metrics(Buffer body) throws MalformedException {
        JsonObject root = root(body);
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (JsonObject resourceMetrics : objects(root, "resourceMetrics")) {
            ResourceMetrics.Builder rm = request.addResourceMetricsBuilder();
            JsonObject resource = object(resourceMetrics, "resource");
            if (resource != null) {
                rm.setResource(resource(resource));
            }
            rm.setSchemaUrl(string(resourceMetrics, "schemaUrl"));
            for (JsonObject scopeMetrics : objects(resourceMetrics, "scopeMetrics")) {
                ScopeMetrics.Builder sm = rm.addScopeMetricsBuilder();
                JsonObject scope = object(scopeMetrics, "scope");
                if (scope != null) {
                    sm.setScope(scope(scope));
                }
                sm.setSchemaUrl(string(scopeMetrics, "schemaUrl"));
                for (JsonObject metric : objects(scopeMetrics, "metrics")) {
                    sm.addMetrics(metric(metric));
                }
            }
        }
        return request.build();
    }

    private static JsonObject root(Buffer body) throws MalformedException {
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body);
            if (parsed instanceof JsonObject object) {
                return object;
            }
        } catch (DecodeException e) {
            throw new MalformedException("the body is not JSON");
        }
        throw new MalformedException("the body is not a JSON object");
    }

    private Resource resource(JsonObject json) throws MalformedException {
        Resource.Builder resource = Resource.newBuilder();
        attributes(json, "attributes", resource::addAttributes);
        resource.setDroppedAttributesCount((int) uint(json, "droppedAttributesCount"));
        return resource.build();
    }

    private InstrumentationScope scope(JsonObject json) throws MalformedException {
        InstrumentationScope.Builder scope = InstrumentationScope.newBuilder()
                .setName(string(json, "name")).setVersion(string(json, "version"));
        attributes(json, "attributes", scope::addAttributes);
        return scope.build();
    }

    private LogRecord logRecord(JsonObject json) throws MalformedException {
        LogRecord.Builder record = LogRecord.newBuilder()
                .setTimeUnixNano(uint(json, "timeUnixNano"))
                .setObservedTimeUnixNano(uint(json, "observedTimeUnixNano"))
                .setSeverityNumberValue((int) integer(json, "severityNumber"))
                .setSeverityText(string(json, "severityText"))
                .setDroppedAttributesCount((int) uint(json, "droppedAttributesCount"))
                .setFlags((int) uint(json, "flags"))
                .setTraceId(hexId(json, "traceId", 16))
                .setSpanId(hexId(json, "spanId", 8))
                .setEventName(string(json, "eventName"));
        JsonObject body = object(json, "body");
        if (body != null) {
            record.setBody(anyValue(body, "body", 1));
        }
        attributes(json, "attributes", record::addAttributes);
        return record.build();
    }

    private Metric metric(JsonObject json) throws MalformedException {
        Metric.Builder metric = Metric.newBuilder().setName(string(json, "name"))
                .setDescription(string(json, "description")).setUnit(string(json, "unit"));
        attributes(json, "metadata", metric::addMetadata);
        JsonObject data;
        if ((data = object(json, "gauge")) != null) {
            Gauge.Builder gauge = metric.getGaugeBuilder();
            for (JsonObject point : objects(data, "dataPoints")) {
                gauge.addDataPoints(numberPoint(point));
            }
        } else if ((data = object(json, "sum")) != null) {
            Sum.Builder sum = metric.getSumBuilder()
                    .setAggregationTemporalityValue((int) integer(data, "aggregationTemporality"))
                    .setIsMonotonic(bool(data, "isMonotonic"));
            for (JsonObject point : objects(data, "dataPoints")) {
                sum.addDataPoints(numberPoint(point));
            }
        } else if ((data = object(json, "histogram")) != null) {
            Histogram.Builder histogram = metric.getHistogramBuilder()
                    .setAggregationTemporalityValue((int) integer(data, "aggregationTemporality"));
            for (JsonObject point : objects(data, "dataPoints")) {
                histogram.addDataPoints(histogramPoint(point));
            }
        } else if ((data = object(json, "exponentialHistogram")) != null) {
            ExponentialHistogram.Builder histogram = metric.getExponentialHistogramBuilder()
                    .setAggregationTemporalityValue((int) integer(data, "aggregationTemporality"));
            for (JsonObject point : objects(data, "dataPoints")) {
                histogram.addDataPoints(exponentialPoint(point));
            }
        } else if ((data = object(json, "summary")) != null) {
            Summary.Builder summary = metric.getSummaryBuilder();
            for (JsonObject point : objects(data, "dataPoints")) {
                summary.addDataPoints(summaryPoint(point));
            }
        }
        return metric.build();
    }

    private NumberDataPoint numberPoint(JsonObject json) throws MalformedException {
        NumberDataPoint.Builder point = NumberDataPoint.newBuilder()
                .setStartTimeUnixNano(uint(json, "startTimeUnixNano"))
                .setTimeUnixNano(uint(json, "timeUnixNano"))
                .setFlags((int) uint(json, "flags"));
        if (json.containsKey("asInt")) {
            point.setAsInt(integer(json, "asInt"));
        } else if (json.containsKey("asDouble")) {
            point.setAsDouble(decimal(json, "asDouble"));
        }
        attributes(json, "attributes", point::addAttributes);
        return point.build();
    }

    private HistogramDataPoint histogramPoint(JsonObject json) throws MalformedException {
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder()
                .setStartTimeUnixNano(uint(json, "startTimeUnixNano"))
                .setTimeUnixNano(uint(json, "timeUnixNano"))
                .setCount(uint(json, "count"))
                .setFlags((int) uint(json, "flags"));
        if (json.containsKey("sum")) {
            point.setSum(decimal(json, "sum"));
        }
        if (json.containsKey("min")) {
            point.setMin(decimal(json, "min"));
        }
        if (json.containsKey("max")) {
            point.setMax(decimal(json, "max"));
        }
        for (Object count : array(json, "bucketCounts")) {
            point.addBucketCounts(uint(count, "bucketCounts"));
        }
        for (Object bound : array(json, "explicitBounds")) {
            point.addExplicitBounds(decimal(bound, "explicitBounds"));
        }
        attributes(json, "attributes", point::addAttributes);
        return point.build();
    }

    private ExponentialHistogramDataPoint exponentialPoint(JsonObject json) throws MalformedException {
        ExponentialHistogramDataPoint.Builder point = ExponentialHistogramDataPoint.newBuilder()
                .setStartTimeUnixNano(uint(json, "startTimeUnixNano"))
                .setTimeUnixNano(uint(json, "timeUnixNano"))
                .setCount(uint(json, "count"))
                .setScale((int) integer(json, "scale"))
                .setZeroCount(uint(json, "zeroCount"))
                .setFlags((int) uint(json, "flags"));
        if (json.containsKey("sum")) {
            point.setSum(decimal(json, "sum"));
        }
        if (json.containsKey("min")) {
            point.setMin(decimal(json, "min"));
        }
        if (json.containsKey("max")) {
            point.setMax(decimal(json, "max"));
        }
        if (json.containsKey("zeroThreshold")) {
            point.setZeroThreshold(decimal(json, "zeroThreshold"));
        }
        JsonObject positive = object(json, "positive");
        if (positive != null) {
            point.setPositive(buckets(positive));
        }
        JsonObject negative = object(json, "negative");
        if (negative != null) {
            point.setNegative(buckets(negative));
        }
        attributes(json, "attributes", point::addAttributes);
        return point.build();
    }

    private ExponentialHistogramDataPoint.Buckets buckets(JsonObject json) throws MalformedException {
        ExponentialHistogramDataPoint.Buckets.Builder buckets = ExponentialHistogramDataPoint.Buckets.newBuilder()
                .setOffset((int) integer(json, "offset"));
        for (Object count : array(json, "bucketCounts")) {
            buckets.addBucketCounts(uint(count, "bucketCounts"));
        }
        return buckets.build();
    }

    private SummaryDataPoint summaryPoint(JsonObject json) throws MalformedException {
        SummaryDataPoint.Builder point = SummaryDataPoint.newBuilder()
                .setStartTimeUnixNano(uint(json, "startTimeUnixNano"))
                .setTimeUnixNano(uint(json, "timeUnixNano"))
                .setCount(uint(json, "count"))
                .setSum(decimal(json, "sum"))
                .setFlags((int) uint(json, "flags"));
        for (JsonObject quantile : objects(json, "quantileValues")) {
            point.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                    .setQuantile(decimal(quantile, "quantile")).setValue(decimal(quantile, "value")));
        }
        attributes(json, "attributes", point::addAttributes);
        return point.build();
    }

    private void attributes(JsonObject json, String field, Consumer<KeyValue> add) throws MalformedException {
        for (JsonObject keyValue : objects(json, field)) {
            add.accept(keyValue(keyValue, field, 1));
        }
    }

    private KeyValue keyValue(JsonObject json, String field, int depth) throws MalformedException {
        KeyValue.Builder keyValue = KeyValue.newBuilder().setKey(string(json, "key"));
        JsonObject value = object(json, "value");
        if (value != null) {
            keyValue.setValue(anyValue(value, field, depth));
        }
        return keyValue.build();
    }

    private AnyValue anyValue(JsonObject json, String field, int depth) throws MalformedException {
        if (depth > maxDepth) {
            throw new MalformedException("'" + field + "' is nested deeper than " + maxDepth + " levels");
        }
        AnyValue.Builder value = AnyValue.newBuilder();
        if (json.containsKey("stringValue")) {
            value.setStringValue(string(json, "stringValue"));
        } else if (json.containsKey("boolValue")) {
            value.setBoolValue(bool(json, "boolValue"));
        } else if (json.containsKey("intValue")) {
            value.setIntValue(integer(json, "intValue"));
        } else if (json.containsKey("doubleValue")) {
            value.setDoubleValue(decimal(json, "doubleValue"));
        } else if (json.containsKey("bytesValue")) {
            try {
                value.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(string(json, "bytesValue"))));
            } catch (IllegalArgumentException e) {
                throw new MalformedException("'" + field + "' has a bytesValue that is not base64");
            }
        } else if (json.containsKey("arrayValue")) {
            ArrayValue.Builder array = value.getArrayValueBuilder();
            JsonObject arrayValue = object(json, "arrayValue");
            if (arrayValue != null) {
                for (JsonObject element : objects(arrayValue, "values")) {
                    array.addValues(anyValue(element, field, depth + 1));
                }
            }
        } else if (json.containsKey("kvlistValue")) {
            KeyValueList.Builder list = value.getKvlistValueBuilder();
            JsonObject kvlist = object(json, "kvlistValue");
            if (kvlist != null) {
                for (JsonObject element : objects(kvlist, "values")) {
                    list.addValues(keyValue(element, field, depth + 1));
                }
            }
        }
        return value.build();
    }

    // --- kinds, each checked; a missing or null field is the proto3 default ---

    private static JsonObject object(JsonObject json, String field) throws MalformedException {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new MalformedException("'" + field + "' must be an object");
    }

    private static JsonArray array(JsonObject json, String field) throws MalformedException {
        Object value = json.getValue(field);
        if (value == null) {
            return new JsonArray();
        }
        if (value instanceof JsonArray array) {
            return array;
        }
        throw new MalformedException("'" + field + "' must be an array");
    }

    private static Iterable<JsonObject> objects(JsonObject json, String field) throws MalformedException {
        JsonArray array = array(json, field);
        java.util.List<JsonObject> objects = new java.util.ArrayList<>(array.size());
        for (Object element : array) {
            if (!(element instanceof JsonObject object)) {
                throw new MalformedException("'" + field + "' must be an array of objects");
            }
            objects.add(object);
        }
        return objects;
    }

    private static String string(JsonObject json, String field) throws MalformedException {
        Object value = json.getValue(field);
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text;
        }
        throw new MalformedException("'" + field + "' must be a string");
    }

    private static boolean bool(JsonObject json, String field) throws MalformedException {
        Object value = json.getValue(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new MalformedException("'" + field + "' must be true or false");
    }

    private static long integer(JsonObject json, String field) throws MalformedException {
        return integer(json.getValue(field), field);
    }

    /** A 64-bit integer: a JSON number without fraction, or its decimal string (proto3 JSON for int64). */
    private static long integer(Object value, String field) throws MalformedException {
        if (value == null) {
            return 0;
        }
        try {
            if (value instanceof String text) {
                return Long.parseLong(text.trim());
            }
            if (value instanceof Number number) {
                java.math.BigDecimal exact = new java.math.BigDecimal(number.toString());
                return exact.longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // fall through
        }
        throw new MalformedException("'" + field + "' must be an integer (a number or a decimal string)");
    }

    private static long uint(JsonObject json, String field) throws MalformedException {
        return uint(json.getValue(field), field);
    }

    /** An unsigned 64-bit integer (fixed64, uint64): the decimal may exceed Long.MAX_VALUE. */
    private static long uint(Object value, String field) throws MalformedException {
        if (value == null) {
            return 0;
        }
        try {
            if (value instanceof String text) {
                return Long.parseUnsignedLong(text.trim());
            }
            if (value instanceof Number number) {
                java.math.BigDecimal exact = new java.math.BigDecimal(number.toString());
                if (exact.signum() >= 0) {
                    return Long.parseUnsignedLong(exact.toBigIntegerExact().toString());
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // fall through
        }
        throw new MalformedException("'" + field + "' must be a non-negative integer (a number or a decimal string)");
    }

    private static double decimal(JsonObject json, String field) throws MalformedException {
        return decimal(json.getValue(field), field);
    }

    /** A double: a JSON number, or one of proto3 JSON's strings (a number, NaN, Infinity, -Infinity). */
    private static double decimal(Object value, String field) throws MalformedException {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(text.trim());
                    } catch (NumberFormatException e) {
                        break;
                    }
            }
        }
        throw new MalformedException("'" + field + "' must be a number");
    }

    /** OTLP/JSON's one departure from proto3 JSON: trace and span ids are hex, not base64. Empty is none. */
    private static ByteString hexId(JsonObject json, String field, int bytes) throws MalformedException {
        String hex = string(json, field);
        if (hex.isEmpty()) {
            return ByteString.EMPTY;
        }
        if (hex.length() != bytes * 2) {
            throw new MalformedException("'" + field + "' must be " + (bytes * 2) + " hex digits");
        }
        try {
            return ByteString.copyFrom(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("'" + field + "' must be " + (bytes * 2) + " hex digits");
        }
    }
}
