package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceAuthenticationException.Reason;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.ApiKeyException;
import org.homeport.security.api.ApiKeyInfo;
import org.homeport.security.api.ApiKeyManager;
import org.homeport.security.api.IssuedApiKey;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;
import org.homeport.security.api.HttpAuthenticator;
import org.homeport.security.api.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin server on a real Vert.x, with our own fakes of the authenticator and key manager. */
class AdminHttpServerTest {
    private static final Map<String, Set<String>> USERS = Map.of(
            "otto", Set.of("operator"), "audrey", Set.of("auditor"), "carla", Set.of("compliance-officer"),
            "nobody", Set.of());

    private static Vertx vertx;
    private static AdminHttpServer server;
    private static int port;
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final InMemoryKeys keys = new InMemoryKeys();
    /** Bodies the test routes received. */
    private static final List<Integer> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** An import-like route with the large body limit, and a route for devices. */
    private static final AdminRoutes TEST_ROUTES = () -> List.of(
            Route.people(io.vertx.core.http.HttpMethod.POST, "/admin/v1/test/import", Set.of(Role.OPERATOR), request -> {
                received.add(request.body().length());
                return Reply.json(new JsonObject().put("bytes", request.body().length()));
            }).withLargeBody(),
            Route.devices(io.vertx.core.http.HttpMethod.GET, "/consent/v1/test", request ->
                    Reply.json(new JsonObject().put("tenant", request.device().tenant()))));

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = new AdminHttpServer(vertx, new PasswordIsUserName(), new OneDeviceKey(), config(0, 16 * 1024 * 1024, 1024));
        server.bindRoutes(new ApiKeyRoutes(keys));
        server.bindRoutes(new OpenApiRoutes());
        server.bindRoutes(TEST_ROUTES);
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.deactivate();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void walksTheRoleMatrixOfTheKeyList() throws Exception {
        assertThat(send("GET", "/admin/v1/api-keys", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/v1/api-keys", "nobody", null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/v1/api-keys", "audrey", null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/v1/api-keys", "otto", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/admin/v1/api-keys", "wrong:password", null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusalsAreProblemsThatNameNoCredential() throws Exception {
        HttpResponse<String> refused = send("GET", "/admin/v1/api-keys", "audrey", null);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = new JsonObject(refused.body());
        assertThat(problem.getString("type")).isEqualTo("https://homeport.dev/problems/forbidden");
        assertThat(problem.getString("detail")).contains("operator").doesNotContain("audrey");
    }

    @Test
    void createsAKeyShownOnceThenListsItWithoutTheKey() throws Exception {
        HttpResponse<String> created = send("POST", "/admin/v1/api-keys", "otto",
                "{\"name\":\"printers-eu\",\"tenant\":\"acme\",\"purposes\":[\"usage-metering\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/admin/v1/api-keys/printers-eu");
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject issued = new JsonObject(created.body());
        assertThat(issued.getString("key")).startsWith("secret-");
        assertThat(issued.getJsonArray("purposes").getList()).containsExactly("usage-metering");

        String listed = send("GET", "/admin/v1/api-keys/printers-eu", "otto", null).body();
        assertThat(new JsonObject(listed).getString("tenant")).isEqualTo("acme");
        assertThat(listed).doesNotContain(issued.getString("key"));

        assertThat(send("POST", "/admin/v1/api-keys", "otto", "{\"name\":\"printers-eu\",\"tenant\":\"acme\"}")
                .statusCode()).isEqualTo(409);
        HttpResponse<String> rotated = send("POST", "/admin/v1/api-keys/printers-eu/rotate", "otto", "{\"overlap\":\"2d\"}");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(rotated.body()).getString("key")).isNotEqualTo(issued.getString("key"));
        HttpResponse<String> revoked = send("DELETE", "/admin/v1/api-keys/printers-eu", "otto", null);
        assertThat(new JsonObject(revoked.body()).getBoolean("enabled")).isFalse();
    }

    @Test
    void badInputGetsAProblemWithTheReason() throws Exception {
        assertThat(problemType(send("POST", "/admin/v1/api-keys", "otto", "{not json"))).endsWith("/malformed-body");
        assertThat(problemType(send("POST", "/admin/v1/api-keys", "otto", "{\"tenant\":\"acme\"}"))).endsWith("/missing-field");
        HttpResponse<String> badName = send("POST", "/admin/v1/api-keys", "otto", "{\"name\":\"../etc\",\"tenant\":\"acme\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badName.body()).getString("detail")).contains("key name");
        assertThat(problemType(send("POST", "/admin/v1/api-keys", "otto",
                "{\"name\":\"k\",\"tenant\":\"acme\",\"expires\":\"tomorrow\"}"))).endsWith("/invalid-field");
        assertThat(problemType(send("POST", "/admin/v1/api-keys/none/rotate", "otto", "{\"overlap\":\"soon\"}")))
                .endsWith("/invalid-field");
        assertThat(send("DELETE", "/admin/v1/api-keys/missing", "otto", null).statusCode()).isEqualTo(404);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeAuthentication() throws Exception {
        HttpResponse<String> tooLarge = send("POST", "/admin/v1/api-keys", null, "x".repeat(2048));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(problemType(tooLarge)).endsWith("/body-too-large");
    }

    @Test
    void anUnauthenticatedPostGets401WithoutItsBodyBeingRead() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            java.io.OutputStream out = socket.getOutputStream();
            // ten MiB announced, within the import limit; only the head is sent
            out.write(("POST /admin/v1/test/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                    + "Authorization: " + basic("otto:wrong") + "\r\nContent-Length: " + (10 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 401").contains("application/problem+json");
            // readAllBytes returned: the server closed the connection instead of waiting for the body
        }
        assertThat(received).isEmpty();
    }

    @Test
    void anAllowedImportReadsItsLargeBodyAndOtherRoutesTakeOnlyTheSmallLimit() throws Exception {
        HttpResponse<String> imported = send("POST", "/admin/v1/test/import", "otto", "x".repeat(100_000));
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(imported.body()).getInteger("bytes")).isEqualTo(100_000);

        HttpResponse<String> tooLarge = send("POST", "/admin/v1/api-keys", "otto", "{\"name\":\"" + "x".repeat(2048) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(tooLarge.body()).getString("detail")).contains("max.body.bytes.other");
    }

    @Test
    void aDeviceRouteAnswersTheSecurityBundlesRefusalAsItSays() throws Exception {
        for (Reason reason : Reason.values()) {
            AdminHttpServer devices = new AdminHttpServer(vertx, new PasswordIsUserName(), new OneDeviceKey(reason),
                    config(0, 1024, 1024));
            try {
                devices.bindRoutes(TEST_ROUTES);
                URI uri = URI.create("http://127.0.0.1:" + devices.port() + "/consent/v1/test");
                HttpResponse<String> valid = client.send(HttpRequest.newBuilder(uri).header("X-Api-Key", "device-key").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(valid.statusCode()).isEqualTo(200);
                HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(uri).header("X-Api-Key", "guess").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(wrong.statusCode()).as(reason.name()).isEqualTo(reason.status());
                JsonObject problem = new JsonObject(wrong.body());
                assertThat(problem.getString("type")).isEqualTo(reason.type());
                assertThat(wrong.headers().firstValue("Retry-After"))
                        .isEqualTo(reason == Reason.THROTTLED ? Optional.of("60") : Optional.empty());
                assertThat(wrong.headers().firstValue("WWW-Authenticate")).isEqualTo(reason == Reason.UNAUTHORIZED
                        ? Optional.of("ApiKey, Bearer realm=\"homeport\"") : Optional.empty());
                if (reason == Reason.FORBIDDEN) {
                    assertThat(problem.getString("detail")).isEqualTo("the token lacks the role telemetry-writer");
                }
            } finally {
                devices.deactivate();
            }
        }
    }

    @Test
    void unknownPathsAndMethodsAreNamed() throws Exception {
        assertThat(send("GET", "/admin/v1/nothing-here", "otto", null).statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = send("PUT", "/admin/v1/api-keys", "otto", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void theOpenApiDocumentIsPublic() throws Exception {
        HttpResponse<String> document = send("GET", "/admin/v1/openapi.yaml", null, null);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).startsWith("openapi: 3.");
    }

    @Test
    void routesDisappearWithTheirGroup() throws Exception {
        OpenApiRoutes group = new OpenApiRoutes();
        server.bindRoutes(group);
        server.unbindRoutes(group);
        assertThat(send("GET", "/admin/v1/openapi.yaml", null, null).statusCode()).isEqualTo(200);
        ApiKeyRoutes extra = new ApiKeyRoutes(keys);
        AdminHttpServer other = new AdminHttpServer(vertx, new PasswordIsUserName(), new OneDeviceKey(), config(0, 1024, 1024));
        try {
            other.bindRoutes(extra);
            other.unbindRoutes(extra);
            HttpResponse<String> gone = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + other.port() + "/admin/v1/api-keys")).header("Authorization", basic("otto"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(gone.statusCode()).isEqualTo(404);
        } finally {
            other.deactivate();
        }
    }

    @Test
    void contentLengthTogetherWithChunkedIsRefusedAndTheConnectionClosed() throws Exception {
        String answer = rawExchange(port, "POST /admin/v1/api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("otto")
                + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /admin/v1/api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("otto") + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                .contains("https://homeport.dev/problems/bad-framing").endsWith("<closed>");
        assertThat(answer).doesNotContain("200 OK");
    }

    @Test
    void connectionsOverTheCapAreClosedAtOnce() throws Exception {
        AdminHttpServer capped = new AdminHttpServer(vertx, new PasswordIsUserName(), new OneDeviceKey(), config(0, 1024, 60, 1));
        try (java.net.Socket held = new java.net.Socket("127.0.0.1", capped.port())) {
            held.getOutputStream().write("GET /admin/v1/openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            held.setSoTimeout(5000);
            assertThat(held.getInputStream().read()).isNotEqualTo(-1); // answered: this one counts as open

            assertThat(rawExchange(capped.port(), "GET /admin/v1/openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .isEqualTo("<closed>");
        } finally {
            capped.deactivate();
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        AdminHttpServer other = new AdminHttpServer(vertx, new PasswordIsUserName(), new OneDeviceKey(), config(0, 1024, 1, 100));
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", other.port())) {
            idle.setSoTimeout(10_000);
            long started = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            other.deactivate();
        }
    }

    /** Writes the request as is (an HTTP client would fix it); returns the answer and whether the server closed. */
    private static String rawExchange(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
                return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
            } catch (java.net.SocketTimeoutException e) {
                return received.toString(StandardCharsets.ISO_8859_1) + "<open>";
            } catch (java.net.SocketException e) {
                return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
            }
        }
    }

    private static String problemType(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return new JsonObject(response.body()).getString("type");
    }

    private static HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        String pair = user.contains(":") ? user : user + ":" + user;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static AdminHttpServer.Config config(int port, int maxBody) {
        return config(port, maxBody, maxBody, 60, 100);
    }

    static AdminHttpServer.Config config(int port, int maxBody, int maxOtherBody) {
        return config(port, maxBody, maxOtherBody, 60, 100);
    }

    static AdminHttpServer.Config config(int port, int maxBody, int idleTimeoutSeconds, int maxConnections) {
        return config(port, maxBody, maxBody, idleTimeoutSeconds, maxConnections);
    }

    static AdminHttpServer.Config config(int port, int maxBody, int maxOtherBody, int idleTimeoutSeconds,
            int maxConnections) {
        return new AdminHttpServer.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AdminHttpServer.Config.class;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public int max_body_bytes() {
                return maxBody;
            }

            @Override
            public int max_body_bytes_other() {
                return maxOtherBody;
            }

            @Override
            public String[] location_purposes() {
                return new String[] {"device-recovery"};
            }

            @Override
            public String tls_keystore() {
                return "";
            }

            @Override
            public String tls_keystore_password() {
                return "";
            }

            @Override
            public int idle_timeout_seconds() {
                return idleTimeoutSeconds;
            }

            @Override
            public int max_connections() {
                return maxConnections;
            }

            @Override
            public int request_timeout_seconds() {
                return 300;
            }
        };
    }

    /** Users whose password is their name; roles from {@link #USERS}. */
    static class PasswordIsUserName implements HttpAuthenticator {
        @Override
        public CompletionStage<Caller> authenticate(String authorization, String source) {
            if (authorization != null && authorization.startsWith("Basic ")) {
                String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                        .split(":", 2);
                if (pair.length == 2 && pair[0].equals(pair[1]) && USERS.containsKey(pair[0])) {
                    return CompletableFuture.completedFuture(new Caller(pair[0], "test", USERS.get(pair[0]), null));
                }
            }
            return CompletableFuture.failedFuture(new AuthenticationException("bad-credentials", "wrong user or password"));
        }

        @Override
        public boolean isThrottled(String source) {
            return false;
        }

        @Override
        public void record(String source, String method, String outcome) {
        }
    }

    /**
     * Knows one device key, for tenant acme and purpose usage-metering; refuses every other
     * credential as the security bundle would, for the given reason.
     */
    static final class OneDeviceKey implements DeviceRequestAuthenticator {
        private final Reason otherwise;

        OneDeviceKey() {
            this(Reason.UNAUTHORIZED);
        }

        OneDeviceKey(Reason otherwise) {
            this.otherwise = otherwise;
        }

        @Override
        public CompletionStage<DevicePrincipal> authenticate(DeviceCredentials credentials) {
            if ("device-key".equals(credentials.apiKey())) {
                return CompletableFuture.completedFuture(new DevicePrincipal("acme", "printers", Set.of("usage-metering")));
            }
            return CompletableFuture.failedFuture(switch (otherwise) {
                case UNAUTHORIZED -> new DeviceAuthenticationException(otherwise, "a valid API key or access token is required",
                        0, "ApiKey, Bearer realm=\"homeport\"");
                case FORBIDDEN -> new DeviceAuthenticationException(otherwise, "the token lacks the role telemetry-writer", 0, null);
                case THROTTLED -> new DeviceAuthenticationException(otherwise, "wait and try again", 60, null);
            });
        }
    }

    /** Keys in a map; the secret is predictable so the test can tell it apart. */
    static final class InMemoryKeys implements ApiKeyManager {
        private final Map<String, ApiKeyInfo> keys = new ConcurrentHashMap<>();
        private int issued;

        @Override
        public List<ApiKeyInfo> list() {
            return List.copyOf(keys.values());
        }

        @Override
        public Optional<ApiKeyInfo> find(String name) {
            return Optional.ofNullable(keys.get(name));
        }

        @Override
        public synchronized IssuedApiKey create(String name, String tenant, Set<String> purposes, Instant expires) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new ApiKeyException(ApiKeyException.Reason.INVALID, "a key name holds letters and digits");
            }
            if (keys.containsKey(name)) {
                throw new ApiKeyException(ApiKeyException.Reason.EXISTS, "exists");
            }
            ApiKeyInfo info = new ApiKeyInfo(name, tenant, purposes, expires, true, null, null);
            keys.put(name, info);
            return new IssuedApiKey(info, "secret-" + (++issued));
        }

        @Override
        public synchronized IssuedApiKey rotate(String name, Duration overlap) {
            ApiKeyInfo old = find(name).orElseThrow(() -> new ApiKeyException(ApiKeyException.Reason.NOT_FOUND, "no key"));
            ApiKeyInfo info = new ApiKeyInfo(name, old.tenant(), old.purposes(), old.expires(), true,
                    Instant.now().plus(overlap), null);
            keys.put(name, info);
            return new IssuedApiKey(info, "secret-" + (++issued));
        }

        @Override
        public ApiKeyInfo revoke(String name) {
            ApiKeyInfo old = find(name).orElseThrow(() -> new ApiKeyException(ApiKeyException.Reason.NOT_FOUND, "no key"));
            ApiKeyInfo info = new ApiKeyInfo(name, old.tenant(), old.purposes(), old.expires(), false, null, null);
            keys.put(name, info);
            return info;
        }
    }
}
