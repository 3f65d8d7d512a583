package org.homeport.admin.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.homeport.api.auth.DeviceAuthenticator;
import org.homeport.api.auth.DeviceNotPermittedException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.Caller;
import org.homeport.security.api.HttpAuthenticator;
import org.homeport.security.api.HttpGuard;
import org.homeport.security.api.HttpServerLimits;
import org.homeport.security.api.Role;
import org.homeport.security.api.ServerTls;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin API under {@code /admin/v1/}. Every request is read whole (up to a limit),
 * authenticated, checked against the route's roles, then handled on a worker thread; refusals and
 * failures are {@code application/problem+json}.
 */
@Component(immediate = true, service = {}, configurationPid = AdminHttpServer.PID)
@Designate(ocd = AdminHttpServer.Config.class)
public class AdminHttpServer {
    public static final String PID = "org.homeport.admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);

    @ObjectClassDefinition(name = "Homeport admin API",
            description = "The REST API for operators, compliance officers and auditors")
    public @interface Config {
        @AttributeDefinition(name = "Host", description = "Address to listen on")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "Port to listen on")
        int port() default 8482;

        @AttributeDefinition(name = "Largest body", description = "Bytes a request body may have (bulk imports included)")
        int max_body_bytes() default 16 * 1024 * 1024;

        @AttributeDefinition(name = "Location purposes",
                description = "Purposes whose events are device-location data: only device-recovery officers may read them")
        String[] location_purposes() default {"device-recovery"};

        @AttributeDefinition(name = "Idle timeout (seconds)",
                description = "A connection that neither sends nor receives for this long is closed", min = "1")
        int idle_timeout_seconds() default 60;

        @AttributeDefinition(name = "Maximum connections",
                description = "Most connections open at once on this port; a connection beyond it is closed as soon as "
                        + "it is accepted", min = "1")
        int max_connections() default 100;

        @AttributeDefinition(name = "TLS key store",
                description = "PKCS#12 (.p12) or JKS (.jks) file with the server's key and certificate, relative to etc/; "
                        + "empty serves plain HTTP")
        String tls_keystore() default "";

        @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
        String tls_keystore_password() default "";
    }

    private final List<AdminRoutes> groups = new CopyOnWriteArrayList<>();
    private volatile Router router = new Router(List.of());
    private final Vertx vertx;
    private final HttpAuthenticator authenticator;
    private final DeviceAuthenticator devices;
    private final int maxBodyBytes;
    private HttpServer server;

    @Activate
    public AdminHttpServer(@Reference Vertx vertx, @Reference HttpAuthenticator authenticator,
            @Reference DeviceAuthenticator devices, Config config) throws Exception {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.devices = devices;
        this.maxBodyBytes = config.max_body_bytes();
        // idle timeout, connection cap and framing check, the same on every Homeport port; they also turn off
        // HTTP/2 upgrades on cleartext (which stall the JDK client with a request body)
        HttpServerLimits limits = new HttpServerLimits("admin", config.idle_timeout_seconds(), config.max_connections());
        HttpServerOptions options = ServerTls.apply(limits.apply(new HttpServerOptions().setHost(config.host())
                .setPort(config.port())), config.tls_keystore(), config.tls_keystore_password());
        this.server = limits.install(vertx.createHttpServer(options), options, this::receive);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Admin API on {}://{}:{}/admin/v1/ (OpenAPI document at /admin/v1/openapi.yaml)",
                options.isSsl() ? "https" : "http", config.host(), server.actualPort());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRoutes(AdminRoutes group) {
        groups.add(group);
        rebuild();
    }

    void unbindRoutes(AdminRoutes group) {
        groups.remove(group);
        rebuild();
    }

    private void rebuild() {
        List<Route> routes = new ArrayList<>();
        groups.forEach(group -> routes.addAll(group.routes()));
        router = new Router(routes);
    }

    private void receive(HttpServerRequest request) {
        Router.Resolution resolution;
        try {
            resolution = router.resolve(request.method(), request.path());
        } catch (IllegalArgumentException e) {
            HttpGuard.problem(request.response(), 400, "malformed-path", "Bad request", "the path is not well-formed");
            return;
        }
        if (resolution.route() == null) {
            if (!resolution.allowed().isEmpty()) {
                request.response().putHeader("Allow", String.join(", ", resolution.allowed()));
                HttpGuard.problem(request.response(), 405, "method-not-allowed", "Method not allowed",
                        "this path allows " + String.join(", ", resolution.allowed()));
            } else {
                HttpGuard.problem(request.response(), 404, "not-found", "Not found",
                        "no such admin endpoint; the OpenAPI document at /admin/v1/openapi.yaml lists them");
            }
            return;
        }
        if (declaredLength(request) > maxBodyBytes) {
            tooLarge(request.response());
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxBodyBytes) {
                if (!request.response().ended()) {
                    tooLarge(request.response());
                }
                request.pause();
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!request.response().ended()) {
                authorize(request, resolution, body);
            }
        });
    }

    private void authorize(HttpServerRequest request, Router.Resolution resolution, Buffer body) {
        Route route = resolution.route();
        switch (route.access()) {
            case PUBLIC -> handle(request, resolution, null, null, body);
            case PEOPLE -> HttpGuard.require(request, authenticator, route.roles().toArray(Role[]::new))
                    .thenAccept(caller -> handle(request, resolution, caller, null, body));
            case DEVICES -> authenticateDevice(request, resolution, body);
        }
    }

    /** An API key ({@code X-Api-Key}) or a telemetry-writer token, throttled and counted like the receiver's. */
    private void authenticateDevice(HttpServerRequest request, Router.Resolution resolution, Buffer body) {
        String source = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (authenticator.isThrottled(source)) {
            request.response().putHeader("Retry-After", "60");
            HttpGuard.problem(request.response(), 429, "too-many-attempts", "Too many failed attempts",
                    "this source failed to authenticate too often; wait and try again");
            return;
        }
        String apiKey = request.getHeader("X-Api-Key");
        String authorization = request.getHeader("Authorization");
        CompletionStage<Optional<DevicePrincipal>> principal;
        String method;
        if (apiKey != null) {
            principal = CompletableFuture.completedFuture(devices.authenticateApiKey(apiKey));
            method = "apikey";
        } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = devices.authenticateToken(authorization.substring(7).trim());
            method = "device-token";
        } else {
            principal = CompletableFuture.completedFuture(Optional.empty());
            method = "apikey";
        }
        Future.fromCompletionStage(principal, Vertx.currentContext()).onComplete(result -> {
            Throwable cause = result.failed() && result.cause() instanceof CompletionException wrapped
                    ? wrapped.getCause() : result.cause();
            if (cause instanceof DeviceNotPermittedException notPermitted) {
                authenticator.record(source, method, "not-permitted");
                HttpGuard.problem(request.response(), 403, "forbidden", "Forbidden", notPermitted.getMessage());
                return;
            }
            Optional<DevicePrincipal> device = result.succeeded() ? result.result() : Optional.empty();
            authenticator.record(source, method, device.isPresent() ? "success" : "bad-credentials");
            if (device.isEmpty()) {
                HttpGuard.problem(request.response(), 401, "unauthorized", "Unauthorized",
                        "a valid API key (X-Api-Key) or a telemetry-writer access token is required");
            } else {
                handle(request, resolution, null, device.get(), body);
            }
        });
    }

    private void handle(HttpServerRequest request, Router.Resolution resolution, Caller caller, DevicePrincipal device,
            Buffer body) {
        AdminRequest admin = new AdminRequest(caller, device, resolution.parameters(), request.params(), request.headers(),
                body);
        vertx.<Reply>executeBlocking(() -> resolution.route().handler().handle(admin), false).onComplete(result -> {
            HttpServerResponse response = request.response();
            if (result.succeeded()) {
                Reply reply = result.result();
                response.setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType());
                reply.headers().forEach(response::putHeader);
                response.end(request.method() == HttpMethod.HEAD ? Buffer.buffer() : reply.body());
            } else if (result.cause() instanceof Problem problem) {
                HttpGuard.problem(response, problem.status(), problem.slug(), problem.title(), problem.detail());
            } else {
                LOG.error("Admin API {} {} failed", request.method(), resolution.route().template(), result.cause());
                HttpGuard.problem(response, 500, "internal-error", "Internal error",
                        "the request failed on the server; the node's log says why");
            }
        });
    }

    private static long declaredLength(HttpServerRequest request) {
        String declared = request.getHeader("Content-Length");
        try {
            return declared == null ? 0 : Long.parseLong(declared);
        } catch (NumberFormatException e) {
            return 0; // Vert.x's codec refuses a malformed length itself
        }
    }

    private static void tooLarge(HttpServerResponse response) {
        HttpGuard.problem(response, 413, "body-too-large", "Payload too large",
                "the body is larger than this endpoint accepts (max.body.bytes)");
    }

    /** The port it listens on (the configured one, or the one picked for port 0). */
    int port() {
        return server.actualPort();
    }

    @Deactivate
    void deactivate() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
