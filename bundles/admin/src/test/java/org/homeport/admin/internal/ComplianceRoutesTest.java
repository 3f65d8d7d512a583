package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.FieldSpec.Kind;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ConsentOutcome;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ConsentService;
import org.homeport.consent.api.ConsentStatistics;
import org.homeport.consent.api.ConsentStatistics.Counts;
import org.homeport.consent.api.ConsentStatistics.Day;
import org.homeport.consent.api.ConsentStatus;
import org.homeport.consent.api.ImportFormat;
import org.homeport.consent.api.ImportReport;
import org.homeport.consent.api.ProcessingRecord;
import org.homeport.consent.api.ProcessingRecord.Activity;
import org.homeport.consent.api.RecordOfProcessing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consent statistics, bulk import, the record of processing and the public catalog over HTTP on a
 * real Vert.x, with our own fakes of the consent services and the catalog.
 */
class ComplianceRoutesTest {
    private static final int MAX_BODY = 64 * 1024;

    private static Vertx vertx;
    private static AdminHttpServer server;
    private static int port;
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final RecordingConsent consent = new RecordingConsent();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = new AdminHttpServer(vertx, new AdminHttpServerTest.PasswordIsUserName(),
                new AdminHttpServerTest.OneDeviceKey(), AdminHttpServerTest.config(0, MAX_BODY));
        server.bindRoutes(new ConsentRoutes(consent));
        server.bindRoutes(new RecordOfProcessingRoutes(() -> RECORD));
        server.bindRoutes(new CatalogRoutes(new TwoEventTypes()));
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.deactivate();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    // --- statistics -----------------------------------------------------------------------

    @Test
    void statisticsCountEachDayAndWhereSubjectsStandNow() throws Exception {
        HttpResponse<String> response = get("/admin/v1/purposes/product-analytics/statistics?from=2026-11-01&to=2026-11-03",
                "audrey", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject("""
                {"purpose":"product-analytics","from":"2026-11-01","to":"2026-11-03",
                 "days":[{"granted":2,"denied":0,"withdrawn":1,"day":"2026-11-01"},
                         {"granted":0,"denied":0,"withdrawn":0,"day":"2026-11-02"}],
                 "current":{"granted":7,"denied":1,"withdrawn":3}}
                """));
    }

    @Test
    void statisticsWithoutARangeCoverTheLast30DaysTodayIncluded() throws Exception {
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);

        JsonObject body = new JsonObject(get("/admin/v1/purposes/product-analytics/statistics", "carla", Map.of()).body());

        LocalDate to = LocalDate.parse(body.getString("to"));
        assertThat(to).isBetween(tomorrow, tomorrow.plusDays(1));
        assertThat(LocalDate.parse(body.getString("from"))).isEqualTo(to.minusDays(30));
        assertThat(body.getJsonArray("days")).hasSize(30);
        JsonObject untilDecember = new JsonObject(get("/admin/v1/purposes/product-analytics/statistics?to=2026-12-01",
                "carla", Map.of()).body());
        assertThat(untilDecember.getString("from")).isEqualTo("2026-11-01");
    }

    @Test
    void statisticsRefuseMalformedDatesLongRangesAndUndeclaredPurposes() throws Exception {
        HttpResponse<String> badDate = get("/admin/v1/purposes/product-analytics/statistics?from=yesterday", "audrey",
                Map.of());
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(problemType(badDate)).endsWith("/invalid-parameter");

        HttpResponse<String> tooLong = get("/admin/v1/purposes/product-analytics/statistics?from=2025-01-01&to=2026-12-01",
                "audrey", Map.of());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(problemType(tooLong)).endsWith("/invalid-parameter");

        HttpResponse<String> unknown = get("/admin/v1/purposes/nothing-like-it/statistics", "audrey", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(problemType(unknown)).endsWith("/unknown-purpose");
    }

    @Test
    void statisticsAreForComplianceOfficersAndAuditors() throws Exception {
        String path = "/admin/v1/purposes/product-analytics/statistics";
        assertThat(get(path, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(path, "otto", Map.of()).statusCode()).isEqualTo(403);
        assertThat(get(path, "audrey", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(path, "carla", Map.of()).statusCode()).isEqualTo(200);
    }

    // --- import ---------------------------------------------------------------------------

    @Test
    void anImportOfJsonLinesAnswersWithTheReport() throws Exception {
        String lines = "{\"subject\":\"u1\",\"purpose\":\"product-analytics\",\"state\":\"granted\"}\n";

        HttpResponse<String> response = post("/admin/v1/tenants/acme/consent/import", "carla", "application/x-ndjson", lines);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject("""
                {"lines":3,"imported":1,"alreadyPresent":1,"rejected":1,
                 "errors":[{"line":7,"reason":"no purpose 'x' is declared"}]}
                """));
        assertThat(consent.lastImport).isEqualTo(new Import("acme", ImportFormat.JSON_LINES, "user:carla", lines));
    }

    @Test
    void anImportOfCsvIsReadAsCsvWhateverTheCharsetParameter() throws Exception {
        String lines = "subject,purpose,state\nu1,product-analytics,granted\n";

        HttpResponse<String> response = post("/admin/v1/tenants/acme/consent/import", "carla", "text/csv; charset=utf-8",
                lines);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(consent.lastImport).isEqualTo(new Import("acme", ImportFormat.CSV, "user:carla", lines));
    }

    @Test
    void anImportRefusesOtherMediaTypesMalformedInputAndOtherRoles() throws Exception {
        HttpResponse<String> json = post("/admin/v1/tenants/acme/consent/import", "carla", "application/json", "[]");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(problemType(json)).endsWith("/unsupported-media-type");

        HttpResponse<String> noHeader = post("/admin/v1/tenants/acme/consent/import", "carla", "text/csv", "malformed");
        assertThat(noHeader.statusCode()).isEqualTo(400);
        assertThat(problemType(noHeader)).endsWith("/malformed-body");

        assertThat(post("/admin/v1/tenants/acme/consent/import", "audrey", "text/csv", "x").statusCode()).isEqualTo(403);
        assertThat(post("/admin/v1/tenants/acme/consent/import", "otto", "text/csv", "x").statusCode()).isEqualTo(403);
    }

    @Test
    void anImportLargerThanTheLargestBodyIsRefused() throws Exception {
        // Only the headers are sent: the node answers from the declared length and never reads such a body.
        // A client that streams the body meanwhile may see the connection reset before the answer, which
        // made this test flaky when it sent one.
        String exchange;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /admin/v1/tenants/acme/consent/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString("carla:carla".getBytes(StandardCharsets.UTF_8))
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            exchange = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(exchange).startsWith("HTTP/1.1 413").contains("/body-too-large");
    }

    // --- record of processing -------------------------------------------------------------

    @Test
    void theRecordOfProcessingIsJsonByDefault() throws Exception {
        HttpResponse<String> response = get("/admin/v1/record-of-processing", "audrey", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
        JsonObject record = new JsonObject(response.body());
        assertThat(record.getJsonObject("controller")).isEqualTo(new JsonObject()
                .put("name", "Acme Devices GmbH").put("contact", "privacy@acme.example"));
        JsonObject activity = record.getJsonArray("activities").getJsonObject(0);
        assertThat(activity.getString("purpose")).isEqualTo("product-analytics");
        assertThat(activity.getString("legalBasis")).isEqualTo("consent");
        assertThat(activity.getJsonArray("dataCategories")).isEqualTo(new JsonArray().add("feature usage"));
        assertThat(activity.getString("recipients")).isEqualTo("file, warehouse");
        assertThat(activity.getString("retention")).isEqualTo("P395D");
        assertThat(activity.getJsonArray("anonymizers")).isEqualTo(new JsonArray().add("hmac"));
        assertThat(activity.getInteger("policyVersion")).isEqualTo(3);
        assertThat(activity.getString("policySince")).isEqualTo("2026-10-01T08:00:00Z");
    }

    @Test
    void theRecordOfProcessingIsMarkdownWhenAskedFor() throws Exception {
        HttpResponse<String> accepted = get("/admin/v1/record-of-processing", "carla",
                Map.of("Accept", "text/markdown, application/json;q=0.5"));
        HttpResponse<String> queried = get("/admin/v1/record-of-processing?format=markdown", "carla", Map.of());

        assertThat(accepted.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
        assertThat(accepted.body()).startsWith("# Record of processing activities")
                .contains("## product-analytics")
                .contains("| Legal basis | consent (GDPR Art. 6(1)(a)) |");
        assertThat(queried.body()).isEqualTo(accepted.body());
        assertThat(get("/admin/v1/record-of-processing", "carla", Map.of("Accept", "application/json, text/markdown"))
                .headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void theRecordOfProcessingRefusesUnknownFormatsAndOtherRoles() throws Exception {
        HttpResponse<String> pdf = get("/admin/v1/record-of-processing?format=pdf", "carla", Map.of());
        assertThat(pdf.statusCode()).isEqualTo(400);
        assertThat(problemType(pdf)).endsWith("/invalid-parameter");
        assertThat(get("/admin/v1/record-of-processing", "otto", Map.of()).statusCode()).isEqualTo(403);
        assertThat(get("/admin/v1/record-of-processing", null, Map.of()).statusCode()).isEqualTo(401);
    }

    // --- public catalog -------------------------------------------------------------------

    @Test
    void theCatalogIsPublicAndListsEventTypesByIdWithTheirFieldsAndPurposes() throws Exception {
        HttpResponse<String> response = get("/catalog/v1/event-types", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject("""
                {"items":[
                  {"id":"app.error","description":"An error or crash of the app",
                   "fields":[{"name":"message","type":"string","required":true},
                             {"name":"stack","type":"string","required":false}],
                   "purposes":[{"id":"crash-reports","description":"What went wrong","legalBasis":"legitimate-interest",
                                "consentDefault":"opt-out","retention":"P30D","anonymous":false,"aggregateOnly":false}]},
                  {"id":"app.usage","description":"A feature was used",
                   "fields":[{"name":"feature","type":"string","required":true}],
                   "purposes":[{"id":"product-analytics","description":"Which features you use","legalBasis":"consent",
                                "consentDefault":"opt-in","retention":"P395D","anonymous":false,"aggregateOnly":false}]}
                ]}
                """));
    }

    // --- helpers and fakes ----------------------------------------------------------------

    private static String problemType(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return new JsonObject(response.body()).getString("type");
    }

    private static HttpResponse<String> get(String path, String user, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        headers.forEach(request::header);
        return send(request, user);
    }

    private static HttpResponse<String> post(String path, String user, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), user);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String user) throws Exception {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final Purpose ANALYTICS = new Purpose("product-analytics", "Which features you use", LegalBasis.CONSENT,
            ConsentDefault.OPT_IN, false, Duration.ofDays(395), List.of(new AnonymizerRef("hmac", Map.of("key", "k"))), 3);
    private static final Purpose CRASHES = new Purpose("crash-reports", "What went wrong", LegalBasis.LEGITIMATE_INTEREST,
            ConsentDefault.OPT_OUT, false, Duration.ofDays(30), List.of(), 1);

    private static final ProcessingRecord RECORD = new ProcessingRecord(Instant.parse("2026-11-23T09:00:00Z"),
            "Acme Devices GmbH", "privacy@acme.example", List.of(new Activity("product-analytics",
                    "Which features you use", LegalBasis.CONSENT, List.of("feature usage"), List.of("app.usage"),
                    ProcessingRecord.DATA_SUBJECTS, List.of("file", "warehouse"), Duration.ofDays(395), false,
                    List.of("hmac"), 3, Instant.parse("2026-10-01T08:00:00Z"))));

    /** Two event types; one also names a purpose nobody declared. */
    private static final class TwoEventTypes implements Catalog {
        @Override
        public Collection<Purpose> purposes() {
            return List.of(ANALYTICS, CRASHES);
        }

        @Override
        public Optional<Purpose> purpose(String id) {
            return purposes().stream().filter(purpose -> purpose.id().equals(id)).findFirst();
        }

        @Override
        public Collection<EventType> eventTypes() {
            return List.of(
                    new EventType("app.usage", "A feature was used", Set.of("product-analytics"),
                            List.of(new FieldSpec("feature", Kind.STRING, true))),
                    new EventType("app.error", "An error or crash of the app", Set.of("crash-reports", "undeclared"),
                            List.of(new FieldSpec("message", Kind.STRING, true), new FieldSpec("stack", Kind.STRING, false))));
        }

        @Override
        public Optional<EventType> eventType(String id) {
            return eventTypes().stream().filter(type -> type.id().equals(id)).findFirst();
        }
    }

    /** What the import route handed to the service. */
    record Import(String tenant, ImportFormat format, String actor, String text) {
    }

    /** Answers statistics and imports with fixed numbers and remembers the last import. */
    private static final class RecordingConsent implements ConsentService {
        volatile Import lastImport;

        @Override
        public ConsentStatistics statistics(String purpose, LocalDate from, LocalDate to) {
            if (!purpose.equals("product-analytics")) {
                throw new ConsentException(Reason.UNKNOWN_PURPOSE, "no purpose '" + purpose + "' is declared");
            }
            if (from.plusDays(MAX_STATISTICS_DAYS).isBefore(to)) {
                throw new ConsentException(Reason.INVALID, "too long");
            }
            List<Day> days = from.datesUntil(to)
                    .map(day -> new Day(day, day.equals(from) ? new Counts(2, 0, 1) : new Counts(0, 0, 0))).toList();
            return new ConsentStatistics(purpose, from, to, days, new Counts(7, 1, 3));
        }

        @Override
        public ImportReport importRecords(String tenant, Reader lines, ImportFormat format, String actor) {
            String text = read(lines);
            if (text.equals("malformed")) {
                throw new ConsentException(Reason.MALFORMED, "the CSV has no header row");
            }
            lastImport = new Import(tenant, format, actor, text);
            return new ImportReport(3, 1, 1, 1, List.of(new ImportReport.LineError(7, "no purpose 'x' is declared")));
        }

        private static String read(Reader reader) {
            StringWriter text = new StringWriter();
            try {
                reader.transferTo(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }

        @Override
        public ConsentOutcome record(ConsentChange change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ConsentStatus> status(String tenant, String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ConsentRecord> current(String tenant, String subject, String purpose) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ConsentRecord> history(String tenant, String subject) {
            throw new UnsupportedOperationException();
        }
    }
}
