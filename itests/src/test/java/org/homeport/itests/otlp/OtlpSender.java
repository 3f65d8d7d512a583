package org.homeport.itests.otlp;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process that sends with the real OpenTelemetry Java SDK and its OTLP/HTTP exporter (protobuf),
 * as an instrumented application does; OtlpReceiverIT runs it in a JVM of its own, since the SDK is
 * no OSGi bundle. Prints {@code result=success} or {@code result=failure} after the export and
 * exits 0 or 1.
 *
 * <pre>
 * OtlpSender logs    ENDPOINT API_KEY BODY     [key=value ...]   one log record (WARN), attributes as given
 * OtlpSender metrics ENDPOINT API_KEY NAME VAL [key=value ...]   a gauge and a counter of NAME
 * </pre>
 * ENDPOINT is the base URL ({@code http://127.0.0.1:4318}); the resource says service.name
 * printer-fw, service.version 4.2.1, host.name printer-7.
 */
public final class OtlpSender {
    private OtlpSender() {
    }

    public static void main(String[] args) throws Exception {
        String signal = args[0];
        String endpoint = args[1];
        String apiKey = args[2];
        Resource resource = Resource.create(Attributes.builder().put("service.name", "printer-fw")
                .put("service.version", "4.2.1").put("host.name", "printer-7").build());
        CompletableResultCode result;
        if (signal.equals("logs")) {
            OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                    .setEndpoint(endpoint + "/v1/logs").addHeader("X-Api-Key", apiKey).setCompression("gzip")
                    .setTimeout(Duration.ofSeconds(20)).build();
            SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(resource)
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
            logs.get("com.acme.printer").logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
                    .setBody(args[3]).setAllAttributes(attributes(args, 4)).emit();
            result = logs.forceFlush().join(60, TimeUnit.SECONDS);
            logs.shutdown().join(10, TimeUnit.SECONDS);
        } else {
            OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                    .setEndpoint(endpoint + "/v1/metrics").addHeader("X-Api-Key", apiKey)
                    .setTimeout(Duration.ofSeconds(20)).build();
            PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
            SdkMeterProvider metrics = SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader).build();
            Attributes attributes = attributes(args, 5);
            metrics.get("com.acme.printer").gaugeBuilder(args[3]).setUnit("Cel").build()
                    .set(Double.parseDouble(args[4]), attributes);
            metrics.get("com.acme.printer").counterBuilder(args[3] + ".count").build().add(3, attributes);
            result = metrics.forceFlush().join(60, TimeUnit.SECONDS);
            // no shutdown: it collects and exports once more, and the node would store every data point twice
        }
        System.out.println(result.isSuccess() ? "result=success" : "result=failure");
        System.out.flush();
        System.exit(result.isSuccess() ? 0 : 1);
    }

    private static Attributes attributes(String[] args, int from) {
        AttributesBuilder attributes = Attributes.builder();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            attributes.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return attributes.build();
    }
}
