package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentOutcome;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ConsentService;
import org.homeport.consent.api.ConsentStatistics;
import org.homeport.consent.api.ConsentStatus;
import org.homeport.consent.api.ImportFormat;
import org.homeport.consent.api.ImportReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consent API over HTTP on a real Vert.x, with our own fake of the consent service: the
 * identifier limit at the edge, and what a (public) device credential may read.
 */
class ConsentRoutesTest {
    private static Vertx vertx;
    private static AdminHttpServer server;
    private static int port;
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final FixedConsent consent = new FixedConsent();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = new AdminHttpServer(vertx, new AdminHttpServerTest.PasswordIsUserName(), new TwoDeviceKeys(),
                AdminHttpServerTest.config(0, 64 * 1024));
        server.bindRoutes(new ConsentRoutes(consent));
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.deactivate();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @BeforeEach
    void reset() {
        consent.calls.set(0);
    }

    // --- one identifier limit ------------------------------------------------------------

    @Test
    void aSubjectOver255BytesIsRefusedAtTheEdgeWithAStableTypeAndWithoutQuotingIt() throws Exception {
        String subject = "s".repeat(256);
        String path = "/consent/v1/subjects/" + subject;

        HttpResponse<String> put = send("PUT", path + "/purposes/product-analytics", "shop-key", null,
                "{\"state\":\"granted\"}");
        HttpResponse<String> get = send("GET", path, "shop-key", null, null);
        HttpResponse<String> officer = send("GET", "/admin/v1/tenants/acme/subjects/" + subject + "/consent", null,
                "carla", null);

        for (HttpResponse<String> response : List.of(put, get, officer)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new JsonObject(response.body()).getString("type"))
                    .isEqualTo("https://homeport.dev/problems/identifier-too-long");
            assertThat(response.body()).doesNotContain(subject);
        }
        assertThat(consent.calls).hasValue(0);
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() throws Exception {
        String subject = URLEncoder.encode("\u00e9".repeat(128), StandardCharsets.UTF_8);

        HttpResponse<String> get = send("GET", "/consent/v1/subjects/" + subject, "shop-key", null, null);

        assertThat(get.statusCode()).isEqualTo(400);
        assertThat(get.body()).contains("identifier-too-long");
    }

    // --- device credentials are public -----------------------------------------------------

    @Test
    void aDeviceCredentialReadsOnlyTheCurrentStateOfThePurposesItMaySendFor() throws Exception {
        HttpResponse<String> response = send("GET", "/consent/v1/subjects/u-1", "shop-key", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray purposes = new JsonObject(response.body()).getJsonArray("purposes");
        assertThat(purposes.stream().map(item -> ((JsonObject) item).getString("purpose")))
                .containsExactly("product-analytics");
    }

    @Test
    void aDeviceCredentialForEveryPurposeReadsEveryPurposesCurrentState() throws Exception {
        HttpResponse<String> response = send("GET", "/consent/v1/subjects/u-1", "open-key", null, null);

        assertThat(new JsonObject(response.body()).getJsonArray("purposes")).hasSize(3);
    }

    @Test
    void aDeviceCredentialNeverReadsAHistory() throws Exception {
        HttpResponse<String> response = send("GET", "/consent/v1/subjects/u-1/history", "open-key", null, null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(response.body()).getString("type")).isEqualTo("https://homeport.dev/problems/forbidden");
        assertThat(consent.calls).hasValue(0);
    }

    @Test
    void complianceOfficersStillReadTheFullHistoryAndEveryPurpose() throws Exception {
        HttpResponse<String> history = send("GET", "/admin/v1/tenants/acme/subjects/u-1/consent/history", null, "carla", null);
        HttpResponse<String> status = send("GET", "/admin/v1/tenants/acme/subjects/u-1/consent", null, "audrey", null);

        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(history.body()).getJsonArray("items")).hasSize(2);
        assertThat(new JsonObject(status.body()).getJsonArray("purposes")).hasSize(3);
    }

    @Test
    void aDeviceCredentialRecordsChoicesOnlyForItsPurposes() throws Exception {
        HttpResponse<String> allowed = send("PUT", "/consent/v1/subjects/u-1/purposes/product-analytics", "shop-key", null,
                "{\"state\":\"withdrawn\"}");
        HttpResponse<String> other = send("PUT", "/consent/v1/subjects/u-1/purposes/marketing", "shop-key", null,
                "{\"state\":\"granted\"}");

        assertThat(allowed.statusCode()).isEqualTo(201);
        assertThat(other.statusCode()).isEqualTo(403);
    }

    private static HttpResponse<String> send(String method, String path, String apiKey, String user, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A key a product ships for one purpose, and one for every purpose; both of tenant acme. */
    private static final class TwoDeviceKeys implements DeviceRequestAuthenticator {
        @Override
        public CompletionStage<DevicePrincipal> authenticate(DeviceCredentials credentials) {
            String apiKey = credentials.apiKey() == null ? "" : credentials.apiKey();
            return switch (apiKey) {
                case "shop-key" -> CompletableFuture.completedFuture(new DevicePrincipal("acme", "shop", Set.of("product-analytics")));
                case "open-key" -> CompletableFuture.completedFuture(new DevicePrincipal("acme", "open", Set.of()));
                default -> CompletableFuture.failedFuture(new DeviceAuthenticationException(
                        DeviceAuthenticationException.Reason.UNAUTHORIZED, "a valid API key or access token is required", 0, null));
            };
        }
    }

    /** Three purposes, a two-record history, and records every change it is given. */
    private static final class FixedConsent implements ConsentService {
        final AtomicInteger calls = new AtomicInteger();

        private static ConsentRecord record(String subject, String purpose, ConsentState state, long seq) {
            return new ConsentRecord(seq, "acme", subject, purpose, state, 1, Instant.parse("2026-11-01T10:00:00Z"), "api",
                    "r-" + seq, "shop");
        }

        @Override
        public ConsentOutcome record(ConsentChange change) {
            calls.incrementAndGet();
            return new ConsentOutcome(record(change.subject(), change.purpose(), change.state(), 9), true, "{}");
        }

        @Override
        public List<ConsentStatus> status(String tenant, String subject) {
            calls.incrementAndGet();
            return List.of(new ConsentStatus("crash-reports", ConsentState.DENIED, "dropped", "consent-denied", 1),
                    new ConsentStatus("marketing", ConsentState.GRANTED, "kept", "consent-granted", 2),
                    new ConsentStatus("product-analytics", null, "dropped", "no-consent-on-record", 3));
        }

        @Override
        public Optional<ConsentRecord> current(String tenant, String subject, String purpose) {
            calls.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public List<ConsentRecord> history(String tenant, String subject) {
            calls.incrementAndGet();
            return List.of(record(subject, "marketing", ConsentState.GRANTED, 1),
                    record(subject, "crash-reports", ConsentState.DENIED, 2));
        }

        @Override
        public ConsentStatistics statistics(String purpose, LocalDate from, LocalDate to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ImportReport importRecords(String tenant, Reader lines, ImportFormat format, String actor) {
            throw new UnsupportedOperationException();
        }
    }
}
