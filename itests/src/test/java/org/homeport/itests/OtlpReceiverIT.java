package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.Before;
import org.junit.Test;

/**
 * The OTLP receiver feature on the real distribution, fed by the real OpenTelemetry Java SDK and its
 * OTLP/HTTP exporter (protobuf, gzip; run in a JVM of its own, {@link org.homeport.itests.otlp.OtlpSender})
 * and by {@code curl} with OTLP/JSON bodies: logs and metrics are stored by the file sink with the
 * mapped type, purpose and source, the purpose's anonymizer redacts an e-mail address, a withdrawn
 * subject is dropped, and wrong credentials, malformed, oversize and gzip-bomb bodies and undeclared
 * types each get OTLP's answer and are counted, the node serving on after each.
 */
public class OtlpReceiverIT extends HomeportTestSupport {
    private static final int MAX_BODY_BYTES = 65_536;
    private static final int MAX_DECOMPRESSED_BYTES = 1_048_576;
    private static int port;

    @Before
    public void receiverIsUp() throws Exception {
        awaitHealthy();
        purpose("otlp-support", Map.of("legal.basis", "contract", "consent.default", "opt-out", "anonymizers", "pii-redact"));
        purpose("otlp-capacity", Map.of("legal.basis", "legitimate-interest", "consent.default", "opt-out"));
        purpose("otlp-consented", Map.of("legal.basis", "consent", "consent.default", "opt-in"));
        type("otlp.log", "otlp-support", "body:any, severity:string, severity_number:number, attributes:object, scope:string");
        type("otlp.metric", "otlp-capacity",
                "name:string!, unit:string, kind:string!, value:number, temporality:string, monotonic:boolean, attributes:object");
        type("otlp.viewing", "otlp-consented", "body:any, attributes:object");
        if (port == 0) {
            port = OtlpFeature.freePort();
        }
        OtlpFeature.install(featuresService, configurationAdmin, port, Map.of("max.body.bytes",
                Integer.toString(MAX_BODY_BYTES), "max.decompressed.bytes", Integer.toString(MAX_DECOMPRESSED_BYTES)));
    }

    private void purpose(String name, Map<String, String> settings) throws Exception {
        configurationAdmin.getFactoryConfiguration("org.homeport.purpose", name, "?").update(new Hashtable<>(settings));
    }

    private void type(String name, String purposes, String fields) throws Exception {
        configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", name, "?")
                .update(new Hashtable<>(Map.of("purposes", purposes, "fields", fields)));
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The OpenTelemetry SDK in its own JVM: {@code logs KEY BODY attrs...} or {@code metrics KEY NAME VALUE attrs...}. */
    private static ProcessRun sdk(String signal, String apiKey, String... args) throws Exception {
        String classpath = Files.readString(Paths.get(System.getProperty("homeport.otel.classpath"))).trim()
                + java.io.File.pathSeparator + System.getProperty("homeport.itest.classes");
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.homeport.itests.otlp.OtlpSender", signal, endpoint(), apiKey));
        command.addAll(List.of(args));
        return runProcess(command, null);
    }

    private static ProcessRun sdkSucceeds(String signal, String... args) throws Exception {
        ProcessRun run = sdk(signal, DEMO_KEY, args);
        assertEquals(run.output(), 0, run.exit());
        assertTrue(run.output(), run.output().contains("result=success"));
        return run;
    }

    /** curl, as an operator tries the receiver: the answer's status, then its body. */
    private static ProcessRun curl(String path, String contentType, String apiKey, byte[] body, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-X", "POST",
                "-H", "Content-Type: " + contentType, "-H", "X-Api-Key: " + apiKey));
        command.addAll(List.of(extra));
        command.addAll(List.of("--data-binary", "@-", endpoint() + path));
        ProcessRun run = runProcess(command, body);
        assertEquals(run.output(), 0, run.exit());
        int newline = run.output().lastIndexOf('\n');
        return new ProcessRun(Integer.parseInt(run.output().substring(newline + 1).trim()), run.output().substring(0, newline));
    }

    private static ProcessRun curlJson(String path, String json) throws Exception {
        return curl(path, "application/json", DEMO_KEY, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String logsJson(String... records) {
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"kiosk\"}},"
                + "{\"key\":\"device.id\",\"value\":{\"stringValue\":\"kiosk-5\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"curl\"},"
                + "\"logRecords\":[" + String.join(",", records) + "]}]}]}";
    }

    private static String record(String body, String... attributes) {
        StringBuilder json = new StringBuilder("{\"timeUnixNano\":\"1767225600000000000\",\"severityNumber\":9,"
                + "\"severityText\":\"INFO\",\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"body\":{\"stringValue\":\"")
                .append(body).append("\"},\"attributes\":[");
        for (int i = 0; i < attributes.length; i += 2) {
            json.append(i == 0 ? "" : ",").append("{\"key\":\"").append(attributes[i]).append("\",\"value\":{\"stringValue\":\"")
                    .append(attributes[i + 1]).append("\"}}");
        }
        return json.append("]}").toString();
    }

    private String metrics() throws Exception {
        return get(management("/metrics"), demoUser()).body();
    }

    private static boolean counted(String metrics, String name, String label, String value) {
        return metrics.lines().anyMatch(l -> l.startsWith(name) && l.contains("receiver=\"otlp\"")
                && l.contains(label + "=\"" + value + "\""));
    }

    /** A valid export after a hostile request: the node still serves. */
    private void stillServes() throws Exception {
        String marker = UUID.randomUUID().toString();
        sdkSucceeds("logs", marker + " still serving");
        assertEquals(1, storedLinesContaining("otlp-support", marker).size());
    }

    @Test
    public void sdkLogsAreStoredMappedAndTheEmailRedacted() throws Exception {
        String marker = UUID.randomUUID().toString();
        sdkSucceeds("logs", marker + " paper jam, notify jane.doe@example.com", "tray=2", "enduser.id=dev-42");
        // a 200 means durable in the journal: the file sink gets it without waiting for more sends
        List<String> stored = storedLinesContaining("otlp-support", marker);
        assertEquals(stored.toString(), 1, stored.size());
        String line = stored.get(0);
        assertTrue(line, line.contains("\"type\":\"otlp.log\""));
        assertTrue(line, line.contains("\"tenant\":\"demo\""));
        assertTrue(line, line.contains("\"product\":\"printer-fw\""));
        assertTrue(line, line.contains("\"version\":\"4.2.1\""));
        assertTrue(line, line.contains("\"device\":\"printer-7\""));
        assertTrue(line, line.contains("\"subject\":\"dev-42\""));
        assertTrue(line, line.contains("\"severity\":\"WARN\""));
        assertTrue(line, line.contains("\"scope\":\"com.acme.printer\""));
        assertTrue(line, line.contains("\"tray\":\"2\""));
        assertFalse("the e-mail address is redacted: " + line, line.contains("jane.doe@example.com"));
        assertTrue(line, line.contains("[email]"));
    }

    @Test
    public void sdkMetricsAreStoredOneEventPerDataPoint() throws Exception {
        String name = "printer.temp." + UUID.randomUUID().toString().substring(0, 8);
        sdkSucceeds("metrics", name, "21.5", "tray=1");
        List<String> gauge = storedLinesContaining("otlp-capacity", "\"name\":\"" + name + "\"");
        assertEquals(gauge.toString(), 1, gauge.size());
        assertTrue(gauge.get(0), gauge.get(0).contains("\"kind\":\"gauge\"") && gauge.get(0).contains("\"value\":21.5")
                && gauge.get(0).contains("\"unit\":\"Cel\"") && gauge.get(0).contains("\"tray\":\"1\"")
                && gauge.get(0).contains("\"type\":\"otlp.metric\"") && gauge.get(0).contains("\"product\":\"printer-fw\""));
        List<String> counter = storedLinesContaining("otlp-capacity", "\"name\":\"" + name + ".count\"");
        assertEquals(counter.toString(), 1, counter.size());
        assertTrue(counter.get(0), counter.get(0).contains("\"kind\":\"sum\"") && counter.get(0).contains("\"value\":3")
                && counter.get(0).contains("\"monotonic\":true") && counter.get(0).contains("\"temporality\":\"cumulative\""));
    }

    @Test
    public void curlWithOtlpJsonIsStoredAndAnsweredInJson() throws Exception {
        String marker = UUID.randomUUID().toString();
        ProcessRun logs = curlJson("/v1/logs", logsJson(record(marker + " door opened")));
        assertEquals(logs.output(), 200, logs.exit());
        assertEquals("{}", logs.output());
        List<String> stored = storedLinesContaining("otlp-support", marker);
        assertEquals(stored.toString(), 1, stored.size());
        assertTrue(stored.get(0), stored.get(0).contains("\"device\":\"kiosk-5\"") && stored.get(0).contains("\"product\":\"kiosk\"")
                && stored.get(0).contains("\"severity_number\":9") && stored.get(0).contains("\"time\":\"2026-01-01T00:00:00Z\""));
        String name = "kiosk.paper." + UUID.randomUUID().toString().substring(0, 8);
        ProcessRun metrics = curlJson("/v1/metrics", "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"" + name
                + "\",\"sum\":{\"aggregationTemporality\":1,\"isMonotonic\":false,\"dataPoints\":[{\"asInt\":\"42\"}]}}]}]}]}");
        assertEquals(metrics.output(), 200, metrics.exit());
        List<String> points = storedLinesContaining("otlp-capacity", "\"name\":\"" + name + "\"");
        assertEquals(points.toString(), 1, points.size());
        assertTrue(points.get(0), points.get(0).contains("\"value\":42") && points.get(0).contains("\"temporality\":\"delta\""));
    }

    @Test
    public void unknownTypesAreAPartialSuccessAndCounted() throws Exception {
        String marker = UUID.randomUUID().toString();
        ProcessRun partial = curlJson("/v1/logs", logsJson(record(marker + " kept"),
                record(marker + " unknown", "homeport.type", "no.such.type")));
        assertEquals(partial.output(), 200, partial.exit());
        assertEquals("{\"partialSuccess\":{\"rejectedLogRecords\":\"1\",\"errorMessage\":"
                + "\"1 of 2 log records rejected: unknown-type (1)\"}}", partial.output());
        // the SDK takes a partial success as sent: nothing to retry
        sdkSucceeds("logs", marker + " sdk unknown", "homeport.type=no.such.type");
        List<String> stored = storedLinesContaining("otlp-support", marker);
        assertEquals(stored.toString(), 1, stored.size());
        assertTrue(stored.get(0).contains(marker + " kept"));
        await("unknown types are counted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> counted(metrics(), "homeport_receiver_refused_total", "reason", "unknown-type"));
    }

    @Test
    public void wrongCredentialsAreRefusedWith401() throws Exception {
        String marker = UUID.randomUUID().toString();
        ProcessRun sdk = sdk("logs", "hp_wrong_key_000000000000", marker + " never stored");
        assertEquals(sdk.output(), 1, sdk.exit());
        assertTrue(sdk.output(), sdk.output().contains("result=failure"));
        ProcessRun curl = curl("/v1/logs", "application/json", "hp_wrong_key_000000000000",
                logsJson(record(marker)).getBytes(StandardCharsets.UTF_8));
        assertEquals(curl.output(), 401, curl.exit());
        assertTrue(curl.output(), curl.output().startsWith("{\"code\":16,\"message\":"));
        assertTrue(storedLinesContaining("otlp-support", marker).isEmpty());
        await("refusals are counted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> counted(metrics(), "homeport_receiver_refused_total", "reason", "unauthorized"));
        stillServes();
    }

    @Test
    public void malformedOversizeAndGzipBombsAreRefusedAndTheNodeKeepsServing() throws Exception {
        String marker = UUID.randomUUID().toString();
        ProcessRun json = curlJson("/v1/logs", "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":\"" + marker + "\"}]}]}]}");
        assertEquals(json.output(), 400, json.exit());
        assertEquals("{\"code\":3,\"message\":\"'body' must be an object\"}", json.output());
        ProcessRun protobuf = curl("/v1/metrics", "application/x-protobuf", DEMO_KEY, new byte[] {0x0A, 0x7F, 0x01});
        assertEquals(400, protobuf.exit());
        ProcessRun oversize = curlJson("/v1/logs", logsJson(record(marker + " " + "x".repeat(MAX_BODY_BYTES))));
        assertEquals(oversize.output(), 413, oversize.exit());
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros); // 64 MiB of zeros: about 64 KiB on the wire
            }
        }
        ProcessRun bomb = curl("/v1/logs", "application/x-protobuf", DEMO_KEY, zipped.toByteArray(), "-H", "Content-Encoding: gzip");
        assertTrue("a gzip bomb is refused whole: " + bomb.exit(), bomb.exit() == 413);
        HttpResponse<String> traces = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/v1/traces"))
                .header("Content-Type", "application/json").header("X-Api-Key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, traces.statusCode());

        stillServes();
        assertTrue(storedLinesContaining("otlp-support", marker).isEmpty());
        await("refusals are counted by reason").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String metrics = metrics();
            return List.of("malformed", "too-large", "not-found").stream()
                    .allMatch(reason -> counted(metrics, "homeport_receiver_refused_total", "reason", reason))
                    && counted(metrics, "homeport_receiver_requests_total", "status", "413");
        });
        assertEquals(200, get(management("/health")).statusCode());
    }

    @Test
    public void aWithdrawnSubjectIsDropped() throws Exception {
        String subject = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/consent/v1/subjects/" + subject + "/purposes/otlp-consented";
        await("the purpose is known to the consent API").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> device("PUT", path, "{\"state\":\"granted\"}").statusCode() / 100 == 2);
        String granted = UUID.randomUUID().toString();
        sdkSucceeds("logs", granted + " channel 5", "homeport.type=otlp.viewing", "enduser.id=" + subject);
        assertEquals(1, storedLinesContaining("otlp-consented", granted).size());

        assertEquals(2, device("PUT", path, "{\"state\":\"withdrawn\"}").statusCode() / 100);
        String withdrawn = UUID.randomUUID().toString();
        // dropped by the gate is an answer, not a rejection: the SDK is done, and nothing is stored
        sdkSucceeds("logs", withdrawn + " channel 7", "homeport.type=otlp.viewing", "enduser.id=" + subject);
        ProcessRun json = curlJson("/v1/logs", logsJson(record(withdrawn + " by curl", "homeport.type", "otlp.viewing",
                "enduser.id", subject)));
        assertEquals("{}", json.output());
        assertTrue(storedLinesContaining("otlp-consented", withdrawn).isEmpty());
        await("the drop is counted").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> metrics()
                .contains("homeport_events_dropped_total{purpose=\"otlp-consented\",reason=\"consent-withdrawn\"}"));
    }
}
