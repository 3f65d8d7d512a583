package org.homeport.receiver.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceAuthenticationException.Reason;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.IntakeBusyException;
import org.homeport.api.intake.Submission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver on a real Vert.x HTTP server, talked to by the JDK's HTTP client, against an intake
 * that accepts, rejects, defers or is busy as the test says.
 */
@org.junit.jupiter.api.Timeout(60)
class OtlpReceiverTest {
    private static final String KEY = "hp_test_key";
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_INFLATED = 256 * 1024;
    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private OtlpReceiver receiver;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Submission> submissions = new CopyOnWriteArrayList<>();
    /** What the intake answers: accepted unless the event's body says "reject", "defer" or "busy". */
    private final Intake intake = submission -> {
        submissions.add(submission);
        List<EventOutcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < submission.events().size(); i++) {
            TelemetryEvent event = submission.events().get(i);
            Object body = event.attributes().get("body");
            if ("busy".equals(body)) {
                return CompletableFuture.failedFuture(new IntakeBusyException("full", Duration.ofSeconds(7)));
            }
            outcomes.add("reject".equals(body) ? EventOutcome.rejected(i, event.id(), "schema-violation", null)
                    : "defer".equals(body) ? EventOutcome.deferred(i, event.id(), "journal-full", null)
                    : EventOutcome.accepted(i, event.id()));
        }
        return CompletableFuture.supplyAsync(() -> outcomes);
    };
    private final DeviceRequestAuthenticator authenticator = credentials -> KEY.equals(credentials.apiKey())
            ? CompletableFuture.completedFuture(new DevicePrincipal("demo", "key-1", Set.of()))
            : CompletableFuture.failedFuture(new DeviceAuthenticationException(Reason.UNAUTHORIZED,
                    "a valid API key or access token is required", 0, "Bearer"));

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        receiver = new OtlpReceiver(vertx, intake, authenticator, new TestCatalog(), registry);
        receiver.start(Configs.otlp(Map.of("port", 0, "max_body_bytes", (long) MAX_BODY,
                "max_decompressed_bytes", (long) MAX_INFLATED, "max_records", 100)));
    }

    @AfterEach
    void stop() {
        receiver.stop();
        vertx.close().await();
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> protobuf(String path, byte[] body) throws Exception {
        return post(path, "application/x-protobuf", body, Map.of("X-Api-Key", KEY));
    }

    private HttpResponse<byte[]> json(String path, String body) throws Exception {
        return post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of("X-Api-Key", KEY));
    }

    private static ExportLogsServiceRequest logs(String... bodies) {
        io.opentelemetry.proto.logs.v1.LogRecord[] records = new io.opentelemetry.proto.logs.v1.LogRecord[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            records[i] = OtlpMappingTest.record(bodies[i]);
        }
        return OtlpMappingTest.logs("app", records);
    }

    /** A google.rpc.Status in protobuf: code (1) and message (2). */
    private record Status(int code, String message) {
        static Status parse(byte[] bytes) throws Exception {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            int code = 0;
            String message = "";
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> code = in.readInt32();
                    case 2 -> message = in.readString();
                    default -> in.skipField(tag);
                }
            }
            return new Status(code, message);
        }
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void protobufLogsAreSubmittedAndAnsweredWithAnEmptyExportLogsServiceResponse() throws Exception {
        HttpResponse<byte[]> response = protobuf("/v1/logs", logs("one", "two").toByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-protobuf");
        assertThat(ExportLogsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        assertThat(submissions).hasSize(1);
        assertThat(submissions.get(0).receiver()).isEqualTo("otlp");
        assertThat(submissions.get(0).events()).extracting(e -> e.attributes().get("body")).containsExactly("one", "two");
        assertThat(receiver.metrics().answeredCount(200)).isEqualTo(1);
    }

    @Test
    void jsonLogsAndMetricsAreAnsweredInJson() throws Exception {
        HttpResponse<byte[]> logs = json("/v1/logs", OtlpJsonTest.LOGS);
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(new JsonObject(new String(logs.body(), StandardCharsets.UTF_8))).isEqualTo(new JsonObject());
        HttpResponse<byte[]> metrics = json("/v1/metrics", """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"temp","gauge":{"dataPoints":[{"asDouble":21.5}]}}]}]}]}""");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(submissions).hasSize(2);
        assertThat(submissions.get(1).events().get(0).attributes()).containsEntry("name", "temp")
                .containsEntry("value", 21.5).containsEntry("kind", "gauge");
    }

    @Test
    void recordsOfUnknownTypesAndRejectedOnesAreAPartialSuccessInEitherEncoding() throws Exception {
        ExportLogsServiceRequest request = OtlpMappingTest.logs("app", OtlpMappingTest.record("fine"),
                OtlpMappingTest.record("x", OtlpMappingTest.attribute("homeport.type", "no.such.type")),
                OtlpMappingTest.record("reject"));
        HttpResponse<byte[]> response = protobuf("/v1/logs", request.toByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(2);
        assertThat(answer.getPartialSuccess().getErrorMessage())
                .isEqualTo("2 of 3 log records rejected: schema-violation (1) unknown-type (1)");
        assertThat(submissions.get(0).events()).hasSize(2);
        assertThat(receiver.metrics().refusedCount("unknown-type")).isEqualTo(1);

        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
                  {"name":"temp","gauge":{"dataPoints":[{"asDouble":1,"attributes":[{"key":"homeport.type","value":{"stringValue":"nope"}}]}]}}]}]}]}""";
        HttpResponse<byte[]> metrics = json("/v1/metrics", json);
        assertThat(metrics.statusCode()).isEqualTo(200);
        JsonObject partial = new JsonObject(new String(metrics.body(), StandardCharsets.UTF_8)).getJsonObject("partialSuccess");
        assertThat(partial.getString("rejectedDataPoints")).isEqualTo("1");
        assertThat(partial.getString("errorMessage")).isEqualTo("1 of 1 data points rejected: unknown-type (1)");
        assertThat(submissions).hasSize(1); // nothing of an all-refused request reaches the intake
    }

    @Test
    void protobufMetricsGetAnExportMetricsServiceResponse() throws Exception {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
                        .setName("temp").setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                .setAsDouble(3)))))).build();
        HttpResponse<byte[]> response = protobuf("/v1/metrics", request.toByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportMetricsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
    }

    @Test
    void gzipBodiesAreInflatedAndAGzipBombIsRefusedWith413BeforeAnythingIsSubmitted() throws Exception {
        HttpResponse<byte[]> small = post("/v1/logs", "application/x-protobuf", gzip(logs("zipped").toByteArray()),
                Map.of("X-Api-Key", KEY, "Content-Encoding", "gzip"));
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(submissions).hasSize(1);
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(MAX_BODY);
        HttpResponse<byte[]> refused = post("/v1/logs", "application/x-protobuf", bomb,
                Map.of("X-Api-Key", KEY, "Content-Encoding", "gzip"));
        assertThat(refused.statusCode()).isEqualTo(413);
        Status status = Status.parse(refused.body());
        assertThat(status.code()).isEqualTo(Answers.RESOURCE_EXHAUSTED);
        assertThat(status.message()).isEqualTo("the body inflates to more than " + MAX_INFLATED + " bytes");
        assertThat(submissions).hasSize(1);
        assertThat(receiver.metrics().refusedCount("too-large")).isEqualTo(1);
        HttpResponse<byte[]> broken = post("/v1/logs", "application/json", "not gzip".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Api-Key", KEY, "Content-Encoding", "gzip"));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(new String(broken.body(), StandardCharsets.UTF_8)).getString("message"))
                .isEqualTo("the body is not valid gzip");
    }

    @Test
    void anOversizeBodyAndTooManyRecordsGet413() throws Exception {
        HttpResponse<byte[]> large = protobuf("/v1/logs", new byte[MAX_BODY + 1]);
        assertThat(large.statusCode()).isEqualTo(413);
        String[] bodies = new String[101];
        java.util.Arrays.fill(bodies, "x");
        HttpResponse<byte[]> many = protobuf("/v1/logs", logs(bodies).toByteArray());
        assertThat(many.statusCode()).isEqualTo(413);
        assertThat(Status.parse(many.body()).message()).isEqualTo("a request may carry at most 100 log records");
        assertThat(submissions).isEmpty();
        assertThat(protobuf("/v1/logs", logs("after").toByteArray()).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedBodiesGet400WithAStatusInTheRequestsEncoding() throws Exception {
        HttpResponse<byte[]> proto = protobuf("/v1/logs", new byte[] {0x0A, 0x7F, 0x01});
        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(proto.headers().firstValue("Content-Type")).contains("application/x-protobuf");
        assertThat(Status.parse(proto.body())).isEqualTo(new Status(Answers.INVALID_ARGUMENT,
                "the body is not a protobuf ExportLogsServiceRequest"));
        HttpResponse<byte[]> json = json("/v1/metrics", "{\"resourceMetrics\":\"x\"}");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(new String(json.body(), StandardCharsets.UTF_8)))
                .isEqualTo(new JsonObject().put("code", 3).put("message", "'resourceMetrics' must be an array"));
        assertThat(submissions).isEmpty();
        assertThat(receiver.metrics().refusedCount("malformed")).isEqualTo(2);
    }

    @Test
    void wrongCredentialsGet401AndNothingIsRead() throws Exception {
        HttpResponse<byte[]> response = post("/v1/logs", "application/x-protobuf", logs("x").toByteArray(),
                Map.of("X-Api-Key", "hp_wrong"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(Status.parse(response.body()).code()).isEqualTo(Answers.UNAUTHENTICATED);
        assertThat(post("/v1/logs", "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(submissions).isEmpty();
        assertThat(receiver.metrics().refusedCount("unauthorized")).isEqualTo(2);
    }

    @Test
    void tracesOtherPathsMethodsAndMediaTypesAreRefused() throws Exception {
        assertThat(protobuf("/v1/traces", new byte[0]).statusCode()).isEqualTo(404);
        assertThat(protobuf("/v1/other", new byte[0]).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.port() + "/v1/logs")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(post("/v1/logs", "text/plain", new byte[1], Map.of("X-Api-Key", KEY)).statusCode()).isEqualTo(415);
        assertThat(post("/v1/logs", "application/json; charset=latin1", new byte[1], Map.of("X-Api-Key", KEY))
                .statusCode()).isEqualTo(415);
        assertThat(post("/v1/logs", "application/json", new byte[1], Map.of("X-Api-Key", KEY, "Content-Encoding", "br"))
                .statusCode()).isEqualTo(415);
    }

    @Test
    void aBusyIntakeGets429AndDeferredRecords503BothWithRetryAfter() throws Exception {
        HttpResponse<byte[]> busy = protobuf("/v1/logs", logs("busy").toByteArray());
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).contains("7");
        HttpResponse<byte[]> deferred = json("/v1/logs", """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"fine"}},{"body":{"stringValue":"defer"}}]}]}]}""");
        assertThat(deferred.statusCode()).isEqualTo(503);
        assertThat(deferred.headers().firstValue("Retry-After")).contains("5");
        assertThat(new JsonObject(new String(deferred.body(), StandardCharsets.UTF_8)).getInteger("code"))
                .isEqualTo(Answers.UNAVAILABLE);
    }

    @Test
    void aRetriedRequestGetsTheSameEventIdsSoSinksStoreItOnce() throws Exception {
        byte[] body = logs("a", "b").toByteArray();
        protobuf("/v1/logs", body);
        protobuf("/v1/logs", body);
        assertThat(submissions.get(0).events()).extracting(TelemetryEvent::id)
                .isEqualTo(submissions.get(1).events().stream().map(TelemetryEvent::id).toList())
                .doesNotHaveDuplicates();
        protobuf("/v1/logs", logs("a", "c").toByteArray());
        assertThat(submissions.get(2).events().get(0).id()).isNotEqualTo(submissions.get(0).events().get(0).id());
    }

    @Test
    void bodiesBeyondTheBytesInFlightGet429AndTheirBytesAreLetGo() throws Exception {
        receiver.stop();
        receiver.start(Configs.otlp(Map.of("port", 0, "max_bytes_in_flight", 600L)));
        byte[] large = logs("x".repeat(700)).toByteArray();
        HttpResponse<byte[]> refused = protobuf("/v1/logs", large);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(receiver.metrics().refusedCount("overloaded")).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                registry.get(OtlpMetrics.BYTES_IN_FLIGHT).gauge().value() == 0);
        for (int i = 0; i < 3; i++) {
            // what one request held is let go: the next ones fit again
            assertThat(protobuf("/v1/logs", logs("small " + i).toByteArray()).statusCode()).isEqualTo(200);
        }
        assertThat(registry.get(OtlpMetrics.BYTES_IN_FLIGHT).gauge().value()).isZero();
    }

    @Test
    void aTakenPortLeavesTheReceiverDownUntilTheConfigurationIsFixed() throws Exception {
        receiver.stop();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            receiver.activate(Configs.otlp(Map.of("port", taken.getLocalPort())));
            assertThat(receiver.port()).isEqualTo(-1);
            receiver.modified(Configs.otlp(Map.of("port", 0)));
            assertThat(receiver.port()).isPositive();
            assertThat(protobuf("/v1/logs", logs("back").toByteArray()).statusCode()).isEqualTo(200);
        }
    }
}
