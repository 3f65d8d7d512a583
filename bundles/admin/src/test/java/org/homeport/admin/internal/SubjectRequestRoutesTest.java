package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.DataSubjectRequests;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access and erasure requests over HTTP on a real Vert.x, with our own fake of the request service:
 * what the route tells the service a caller may not see, and the problems for a tenant or subject
 * that cannot be meant.
 */
class SubjectRequestRoutesTest {
    private static final Map<String, Set<String>> USERS = Map.of(
            "carla", Set.of("compliance-officer"), "dora", Set.of("compliance-officer", "device-recovery-officer"));

    private static Vertx vertx;
    private static AdminHttpServer server;
    private static int port;
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final FakeRequests requests = new FakeRequests();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = new AdminHttpServer(vertx, new Users(), new AdminHttpServerTest.OneDeviceKey(),
                AdminHttpServerTest.config(0, 64 * 1024));
        server.bindRoutes(new SubjectRequestRoutes(requests, new SubjectRequestRoutes.Settings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SubjectRequestRoutes.Settings.class;
            }

            @Override
            public String[] location_purposes() {
                return new String[] {"device-recovery"};
            }
        }));
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.deactivate();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @BeforeEach
    void forget() {
        requests.withheld.clear();
    }

    @Test
    void anOfficerWithoutTheRecoveryRoleIsToldWhyLocationPurposesAreWithheldInExportAndErasure() throws Exception {
        assertThat(post("/admin/v1/tenants/demo/subjects/u1/export", "carla").statusCode()).isEqualTo(200);
        assertThat(post("/admin/v1/tenants/demo/subjects/u1/erase", "carla").statusCode()).isEqualTo(200);

        DataSubjectRequests.Withheld location = new DataSubjectRequests.Withheld("device-recovery", "device-location data",
                "device-recovery-officer");
        assertThat(requests.withheld).containsExactly(List.of(location), List.of(location));
    }

    @Test
    void aRecoveryOfficerIsShownEverything() throws Exception {
        assertThat(post("/admin/v1/tenants/demo/subjects/u1/export", "dora").statusCode()).isEqualTo(200);
        assertThat(post("/admin/v1/tenants/demo/subjects/u1/erase", "dora").statusCode()).isEqualTo(200);

        assertThat(requests.withheld).containsExactly(List.of(), List.of());
    }

    @Test
    void anUnknownTenantIsA404ProblemForEveryRequest() throws Exception {
        for (HttpResponse<String> response : List.of(post("/admin/v1/tenants/Demo/subjects/u1/export", "carla"),
                post("/admin/v1/tenants/Demo/subjects/u1/erase", "carla"),
                get("/admin/v1/tenants/Demo/devices/d1/locations", "dora"))) {
            assertThat(response.statusCode()).isEqualTo(404);
            JsonObject problem = problem(response);
            assertThat(problem.getString("type")).isEqualTo("https://homeport.dev/problems/unknown-tenant");
            assertThat(problem.getString("detail")).contains("did you mean 'demo'?");
        }
    }

    @Test
    void aSubjectThatIsNotAnIdAsStoredIsA400ProblemWithTheReason() throws Exception {
        for (String path : List.of("/admin/v1/tenants/demo/subjects/u1%20/export", "/admin/v1/tenants/demo/subjects/u1%20/erase")) {
            HttpResponse<String> response = post(path, "carla");
            assertThat(response.statusCode()).isEqualTo(400);
            JsonObject problem = problem(response);
            assertThat(problem.getString("type")).isEqualTo("https://homeport.dev/problems/invalid-identifier");
            assertThat(problem.getString("detail")).contains("whitespace");
        }
        HttpResponse<String> tooLong = post("/admin/v1/tenants/demo/subjects/" + "u".repeat(256) + "/export", "carla");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(problem(tooLong).getString("type")).endsWith("/identifier-too-long");
    }

    private static JsonObject problem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return new JsonObject(response.body());
    }

    private static HttpResponse<String> post(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()), user);
    }

    private static HttpResponse<String> get(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), user);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String user) throws Exception {
        request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Users whose password is their name, with the roles of {@link #USERS}. */
    private static final class Users extends AdminHttpServerTest.PasswordIsUserName {
        @Override
        public CompletionStage<Caller> authenticate(String authorization, String source) {
            String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            return USERS.containsKey(pair[0]) && pair[0].equals(pair[1])
                    ? CompletableFuture.completedFuture(new Caller(pair[0], "test", USERS.get(pair[0]), null))
                    : CompletableFuture.failedFuture(new AuthenticationException("bad-credentials", "wrong user"));
        }
    }

    /** Knows tenant demo only and refuses a subject with a space at an end, as the real service does. */
    private static final class FakeRequests implements DataSubjectRequests {
        final List<List<Withheld>> withheld = new CopyOnWriteArrayList<>();

        @Override
        public Export export(String tenant, String subject, String actor, List<Withheld> hidden) {
            check(tenant, subject);
            withheld.add(hidden);
            try {
                Path zip = Files.createTempFile("export-", ".zip");
                return new Export("export-1", zip, "{}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String erase(String tenant, String subject, String actor, List<Withheld> notShownToCaller) {
            check(tenant, subject);
            withheld.add(notShownToCaller);
            return new JsonObject().put("notShownToCaller", new JsonArray()).encode();
        }

        @Override
        public List<String> deviceEvents(String tenant, String device, Set<String> purposes, String actor, int limit) {
            check(tenant, device);
            return List.of();
        }

        private static void check(String tenant, String subject) {
            if (!subject.equals(subject.strip())) {
                throw new ConsentException(Reason.INVALID, "the subject begins or ends with whitespace");
            }
            if (!"demo".equals(tenant)) {
                throw new ConsentException(Reason.UNKNOWN_TENANT, "no tenant '" + tenant + "' is known; did you mean 'demo'?");
            }
        }
    }
}
