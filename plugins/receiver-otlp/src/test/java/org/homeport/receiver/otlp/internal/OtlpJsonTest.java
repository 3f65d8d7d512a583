package org.homeport.receiver.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
    private final OtlpJson json = new OtlpJson(4);

    static final String LOGS = """
            {"resourceLogs":[{"resource":{"attributes":[
                {"key":"service.name","value":{"stringValue":"printer-fw"}},
                {"key":"host.name","value":{"stringValue":"printer-7"}}]},
              "scopeLogs":[{"scope":{"name":"com.acme.billing","version":"1.2"},
                "logRecords":[{"timeUnixNano":"1767225600000000000","severityNumber":17,"severityText":"ERROR",
                  "body":{"stringValue":"paper jam"},
                  "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                  "attributes":[{"key":"tray","value":{"intValue":"2"}},
                                {"key":"ratio","value":{"doubleValue":0.5}},
                                {"key":"nested","value":{"kvlistValue":{"values":[{"key":"ok","value":{"boolValue":true}}]}}}],
                  "somethingNew":{"ignored":true}}]}]}]}
            """;

    @Test
    void readsOtlpJsonLogsWithHexIdsAndIntegersAsStrings() throws Exception {
        ExportLogsServiceRequest request = json.logs(Buffer.buffer(LOGS));
        LogRecord record = request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertThat(request.getResourceLogs(0).getResource().getAttributes(0).getValue().getStringValue())
                .isEqualTo("printer-fw");
        assertThat(request.getResourceLogs(0).getScopeLogs(0).getScope().getName()).isEqualTo("com.acme.billing");
        assertThat(record.getTimeUnixNano()).isEqualTo(1_767_225_600_000_000_000L);
        assertThat(record.getSeverityNumberValue()).isEqualTo(17);
        assertThat(record.getBody().getStringValue()).isEqualTo("paper jam");
        assertThat(HexFormat.of().formatHex(record.getTraceId().toByteArray())).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(HexFormat.of().formatHex(record.getSpanId().toByteArray())).isEqualTo("eee19b7ec3c1b174");
        assertThat(record.getAttributes(0).getValue().getIntValue()).isEqualTo(2);
        assertThat(record.getAttributes(1).getValue().getDoubleValue()).isEqualTo(0.5);
        assertThat(record.getAttributes(2).getValue().getKvlistValue().getValues(0).getValue().getBoolValue()).isTrue();
    }

    @Test
    void readsEveryMetricKind() throws Exception {
        String body = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
                  {"name":"temp","unit":"Cel","gauge":{"dataPoints":[{"asDouble":21.5,"timeUnixNano":"1"}]}},
                  {"name":"pages","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"asInt":"42"}]}},
                  {"name":"latency","histogram":{"aggregationTemporality":1,"dataPoints":[
                     {"count":"3","sum":7.5,"bucketCounts":["1","2"],"explicitBounds":[5],"min":1,"max":"Infinity"}]}},
                  {"name":"exp","exponentialHistogram":{"dataPoints":[{"count":2,"scale":3,"positive":{"offset":-1,"bucketCounts":[1,1]}}]}},
                  {"name":"q","summary":{"dataPoints":[{"count":1,"sum":2,"quantileValues":[{"quantile":0.5,"value":2}]}]}}]}]}]}
                """;
        ExportMetricsServiceRequest request = json.metrics(Buffer.buffer(body));
        java.util.List<Metric> metrics = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
        assertThat(metrics.get(0).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(21.5);
        assertThat(metrics.get(1).getSum().getDataPoints(0).getAsInt()).isEqualTo(42);
        assertThat(metrics.get(1).getSum().getIsMonotonic()).isTrue();
        assertThat(metrics.get(2).getHistogram().getDataPoints(0).getBucketCountsList()).containsExactly(1L, 2L);
        assertThat(metrics.get(2).getHistogram().getDataPoints(0).getMax()).isInfinite();
        assertThat(metrics.get(3).getExponentialHistogram().getDataPoints(0).getPositive().getOffset()).isEqualTo(-1);
        assertThat(metrics.get(4).getSummary().getDataPoints(0).getQuantileValues(0).getQuantile()).isEqualTo(0.5);
        assertThat(OtlpMapping.count(request)).isEqualTo(5);
    }

    @Test
    void refusesWhatIsNotOtlpJsonNamingTheFieldNotTheValue() {
        assertThatThrownBy(() -> json.logs(Buffer.buffer("{\"resourceLogs\": [")))
                .isInstanceOf(MalformedException.class).hasMessage("the body is not JSON");
        assertThatThrownBy(() -> json.logs(Buffer.buffer("[1]"))).hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> json.logs(Buffer.buffer("{\"resourceLogs\":{}}")))
                .hasMessage("'resourceLogs' must be an array");
        assertThatThrownBy(() -> json.logs(Buffer.buffer(
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"secret-not-hex-0000000000000000\"}]}]}]}")))
                .hasMessage("'traceId' must be 32 hex digits");
        assertThatThrownBy(() -> json.logs(Buffer.buffer(
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"-5\"}]}]}]}")))
                .hasMessageContaining("'timeUnixNano' must be a non-negative integer");
        assertThatThrownBy(() -> json.logs(Buffer.buffer(
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityText\":17}]}]}]}")))
                .hasMessage("'severityText' must be a string");
        assertThatThrownBy(() -> json.metrics(Buffer.buffer(
                "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[{\"asInt\":1.5}]}}]}]}]}")))
                .hasMessageContaining("'asInt' must be an integer");
    }

    @Test
    void boundsTheNestingOfValues() {
        String deep = "{\"stringValue\":\"x\"}";
        for (int i = 0; i < 5; i++) {
            deep = "{\"arrayValue\":{\"values\":[" + deep + "]}}";
        }
        String body = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":" + deep + "}]}]}]}";
        assertThatThrownBy(() -> json.logs(Buffer.buffer(body))).hasMessage("'body' is nested deeper than 4 levels");
    }
}
