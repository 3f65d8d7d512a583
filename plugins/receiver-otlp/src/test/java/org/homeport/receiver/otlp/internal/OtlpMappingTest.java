package org.homeport.receiver.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

class OtlpMappingTest {
    private static final DevicePrincipal DEMO = new DevicePrincipal("demo", "key-1", Set.of());
    private static final Instant RECEIVED = Instant.parse("2026-12-05T08:00:00Z");
    private final TestCatalog catalog = new TestCatalog();

    private OtlpMapping mapping(Map<String, Object> settings) {
        return OtlpReceiver.mapping(Configs.otlp(settings), catalog);
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static ExportLogsServiceRequest logs(String scope, LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "printer-fw"))
                        .addAttributes(attribute("service.version", "4.2")).addAttributes(attribute("host.name", "printer-7")))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope))
                        .addAllLogRecords(List.of(records)))).build();
    }

    static LogRecord record(String body, KeyValue... attributes) {
        return LogRecord.newBuilder().setTimeUnixNano(1_767_225_600_123_000_000L).setSeverityText("WARN")
                .setSeverityNumberValue(13).setBody(AnyValue.newBuilder().setStringValue(body))
                .addAllAttributes(List.of(attributes)).build();
    }

    private List<Mapped> map(OtlpMapping mapping, ExportLogsServiceRequest request) {
        return mapping.logs(request, DEMO, RECEIVED, i -> "id-" + i);
    }

    @Test
    void aLogRecordBecomesAnEventWithSourceFromTheResourceAndTheDeclaredFields() {
        List<Mapped> mapped = map(mapping(Map.of()), logs("app", record("paper jam", attribute("tray", "2"),
                attribute("enduser.id", "dev-42"))));
        TelemetryEvent event = mapped.get(0).event();
        assertThat(event.id()).isEqualTo("id-0");
        assertThat(event.tenant()).isEqualTo("demo");
        assertThat(event.type()).isEqualTo("otlp.log");
        assertThat(event.purpose()).isEqualTo("support");
        assertThat(event.source().product()).isEqualTo("printer-fw");
        assertThat(event.source().version()).isEqualTo("4.2");
        assertThat(event.source().device()).isEqualTo("printer-7");
        assertThat(event.subject()).isEqualTo("dev-42");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.attributes()).containsEntry("body", "paper jam").containsEntry("severity", "WARN")
                .containsEntry("scope", "app").containsEntry("attributes", Map.of("tray", "2"));
        // undeclared by otlp.log: not carried, so the intake does not refuse the event for them
        assertThat(event.attributes()).doesNotContainKeys("resource", "event_name", "observed_time");
    }

    @Test
    void theTypeComesFromTheAttributeThenTheScopeRuleThenTheDefault() {
        OtlpMapping mapping = mapping(Map.of("logs_types", new String[] {"com.acme.billing*=billing.log"}));
        List<Mapped> mapped = map(mapping, logs("com.acme.billing.invoices", record("a"),
                record("b", attribute("homeport.type", "otlp.log"))));
        assertThat(mapped.get(0).event().type()).isEqualTo("billing.log");
        assertThat(mapped.get(0).event().purpose()).isEqualTo("billing");
        assertThat(mapped.get(1).event().type()).isEqualTo("otlp.log");
        assertThat(mapped.get(1).event().attributes().get("attributes")).isEqualTo(Map.of());
        assertThat(map(mapping, logs("other", record("c"))).get(0).event().type()).isEqualTo("otlp.log");
    }

    @Test
    void recordsOfUndeclaredOrNoTypeOrAnAmbiguousPurposeAreRefusedEachWithItsReason() {
        OtlpMapping noDefault = mapping(Map.of("logs_type_default", ""));
        List<Mapped> mapped = map(noDefault, logs("app", record("fine", attribute("homeport.type", "otlp.log")),
                record("unknown", attribute("homeport.type", "no.such.type")), record("none"),
                record("two purposes", attribute("homeport.type", "shared.log"))));
        assertThat(mapped.get(0).event()).isNotNull();
        assertThat(mapped.get(1).refusal().reason()).isEqualTo("unknown-type");
        assertThat(mapped.get(1).refusal().detail()).doesNotContain("no.such.type");
        assertThat(mapped.get(2).refusal().reason()).isEqualTo("unmapped");
        assertThat(mapped.get(3).refusal().reason()).isEqualTo("ambiguous-purpose");
        OtlpMapping withPurpose = mapping(Map.of("purposes", new String[] {"shared.log=billing"}));
        assertThat(map(withPurpose, logs("app", record("x", attribute("homeport.type", "shared.log")))).get(0).event()
                .purpose()).isEqualTo("billing");
    }

    @Test
    void aSubjectWithAControlCharacterIsRefusedWithoutQuotingIt() {
        Mapped mapped = map(mapping(Map.of()), logs("app", record("x", attribute("enduser.id", "bad\nid")))).get(0);
        assertThat(mapped.refusal().reason()).isEqualTo("bad-identifier");
        assertThat(mapped.refusal().detail()).doesNotContain("bad");
    }

    @Test
    void eachDataPointBecomesAnEventWithNameUnitKindAndValue() {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(Resource.newBuilder().addAttributes(attribute("device.id", "tv-3")))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("pages.printed")
                                .setUnit("{page}").setSum(Sum.newBuilder().setIsMonotonic(true)
                                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                        .addDataPoints(NumberDataPoint.newBuilder().setAsInt(42)
                                                .addAttributes(attribute("tray", "1")))
                                        .addDataPoints(NumberDataPoint.newBuilder().setAsInt(7)))))).build();
        List<Mapped> mapped = mapping(Map.of()).metrics(request, DEMO, RECEIVED, i -> "m-" + i);
        assertThat(OtlpMapping.count(request)).isEqualTo(2);
        assertThat(mapped).hasSize(2);
        TelemetryEvent first = mapped.get(0).event();
        assertThat(first.type()).isEqualTo("otlp.metric");
        assertThat(first.purpose()).isEqualTo("capacity");
        assertThat(first.source().product()).isEqualTo("otlp");
        assertThat(first.source().device()).isEqualTo("tv-3");
        assertThat(first.occurredAt()).isEqualTo(RECEIVED);
        assertThat(first.attributes()).containsEntry("name", "pages.printed").containsEntry("unit", "{page}")
                .containsEntry("kind", "sum").containsEntry("value", 42L).containsEntry("temporality", "cumulative")
                .containsEntry("monotonic", true).containsEntry("attributes", Map.of("tray", "1"));
        assertThat(mapped.get(1).event().attributes()).containsEntry("value", 7L);
        OtlpMapping rules = mapping(Map.of("metrics_types", new String[] {"pages.*=no.such.type"}));
        assertThat(rules.metrics(request, DEMO, RECEIVED, i -> "m-" + i).get(0).refusal().reason())
                .isEqualTo("unknown-type");
    }

    @Test
    void jsonAndProtobufOfTheSameRequestMapAlike() throws Exception {
        ExportLogsServiceRequest fromJson = new OtlpJson(16).logs(Buffer.buffer(OtlpJsonTest.LOGS));
        ExportLogsServiceRequest fromProto = ExportLogsServiceRequest.parseFrom(fromJson.toByteArray());
        TelemetryEvent a = map(mapping(Map.of()), fromJson).get(0).event();
        TelemetryEvent b = map(mapping(Map.of()), fromProto).get(0).event();
        assertThat(a).isEqualTo(b);
        assertThat(a.attributes()).containsEntry("trace_id", "5b8efff798038103d269b633813fc60c")
                .containsEntry("span_id", "eee19b7ec3c1b174").containsEntry("severity_number", 17);
        assertThat(((Map<?, ?>) a.attributes().get("attributes")).get("tray")).isEqualTo(2L);
    }
}
