package org.homeport.admin.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.AuthenticationException;
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
 * Serves the admin API under {@code /admin/v1/}. Every request is authenticated from its headers
 * and checked against the route's roles before a byte of its body is read (a refused request's
 * body is never buffered: a small one is dropped, a large or chunked one is not read and the
 * connection closes), then its body is read whole up to the route's limit ({@code max.body.bytes}
 * for bulk imports, {@code max.body.bytes.other} for the rest) and it is handled on a worker
 * thread; refusals and failures are {@code application/problem+json}.
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

        @AttributeDefinition(name = "Largest import body", description = "Bytes the body of a bulk import may have")
        int max_body_bytes() default 16 * 1024 * 1024;

        @AttributeDefinition(name = "Largest other body",
                description = "Bytes the body of any request other than a bulk import may have")
        int max_body_bytes_other() default 64 * 1024;

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

        @AttributeDefinition(name = "Request timeout (seconds)",
                description = "A request (head and body) that has not arrived whole this long after its first byte "
                        + "closes its connection (408 request-timeout while the head is incomplete); time in which the "
                        + "server holds a paused request does not count. Allow for a bulk import over the slowest link",
                min = "1")
        int request_timeout_seconds() default 300;

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
    private final DeviceRequestAuthenticator devices;
    private final int maxBodyBytes;
    private final int maxOtherBodyBytes;
    private HttpServer server;

    @Activate
    public AdminHttpServer(@Reference Vertx vertx, @Reference HttpAuthenticator authenticator,
            @Reference DeviceRequestAuthenticator devices, Config config) throws Exception {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.devices = devices;
        this.maxBodyBytes = config.max_body_bytes();
        this.maxOtherBodyBytes = config.max_body_bytes_other();
        // idle timeout, connection cap, request timeout and framing check, the same on every Homeport port; they also turn off
        // HTTP/2 upgrades on cleartext (which stall the JDK client with a request body)
        HttpServerLimits limits = new HttpServerLimits("admin", config.idle_timeout_seconds(), config.max_connections(),
                config.request_timeout_seconds());
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
            refuse(request, 400, "malformed-path", "Bad request", "the path is not well-formed");
            return;
        }
        if (resolution.route() == null) {
            if (!resolution.allowed().isEmpty()) {
                request.response().putHeader("Allow", String.join(", ", resolution.allowed()));
                refuse(request, 405, "method-not-allowed", "Method not allowed",
                        "this path allows " + String.join(", ", resolution.allowed()));
            } else {
                refuse(request, 404, "not-found", "Not found",
                        "no such admin endpoint; the OpenAPI document at /admin/v1/openapi.yaml lists them");
            }
            return;
        }
        int limit = resolution.route().largeBody() ? maxBodyBytes : maxOtherBodyBytes;
        if (declaredLength(request) > limit) {
            tooLarge(request, resolution.route());
            return;
        }
        // Nothing of the body is read until the caller is known and allowed.
        request.pause();
        Context context = Vertx.currentContext();
        CompletionStage<Authorized> authorized;
        try {
            authorized = authorize(request, resolution.route());
        } catch (RuntimeException e) {
            authorized = CompletableFuture.failedFuture(e);
        }
        Future.fromCompletionStage(authorized, context).onComplete(result -> {
            if (result.failed()) {
                LOG.warn("Admin API authentication failed: {}", result.cause().getClass().getName());
                refuse(request, 500, "internal-error", "Internal error", "the request failed on the server; the node's log says why");
            } else if (result.result().refusal() != null) {
                result.result().refusal().accept(request);
            } else {
                readBody(request, resolution, limit, result.result());
            }
        });
    }

    /** Who the caller is, or how the request is refused (then its body is never read). */
    private record Authorized(Caller caller, DevicePrincipal device, java.util.function.Consumer<HttpServerRequest> refusal) {
        static Authorized refused(java.util.function.Consumer<HttpServerRequest> refusal) {
            return new Authorized(null, null, refusal);
        }
    }

    private CompletionStage<Authorized> authorize(HttpServerRequest request, Route route) {
        String source = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return switch (route.access()) {
            case PUBLIC -> CompletableFuture.completedFuture(new Authorized(null, null, null));
            case PEOPLE -> authenticator.authenticate(request.getHeader("Authorization"), source).handle((caller, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                    return cause instanceof AuthenticationException problem && problem.isThrottled()
                            ? Authorized.refused(this::throttled)
                            : Authorized.refused(refused -> {
                                refused.response().putHeader("WWW-Authenticate",
                                        "Bearer realm=\"homeport\", Basic realm=\"homeport\"");
                                refuse(refused, 401, "unauthorized", "Unauthorized",
                                        "a valid bearer token or user name and password is required");
                            });
                }
                if (!caller.hasAnyRole(route.roles().toArray(Role[]::new))) {
                    String needed = route.roles().stream().map(Role::id).sorted().collect(Collectors.joining(" or "));
                    return Authorized.refused(refused -> refuse(refused, 403, "forbidden", "Forbidden",
                            "this needs the role " + needed));
                }
                return new Authorized(caller, null, null);
            });
            case DEVICES -> authenticateDevice(request, source);
        };
    }

    /**
     * An API key ({@code X-Api-Key}) or a telemetry-writer token, checked, counted and throttled by
     * the security bundle exactly as on the receiver; a refusal is answered as it says.
     */
    private CompletionStage<Authorized> authenticateDevice(HttpServerRequest request, String source) {
        DeviceCredentials credentials = new DeviceCredentials(request.getHeader("X-Api-Key"),
                request.getHeader("Authorization"), source);
        return devices.authenticate(credentials).handle((device, failure) -> {
            if (failure == null) {
                return new Authorized(null, device, null);
            }
            Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : failure;
            if (cause instanceof DeviceAuthenticationException refusal) {
                return Authorized.refused(refused -> {
                    if (refusal.retryAfterSeconds() > 0) {
                        refused.response().putHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
                    }
                    if (refusal.challenge() != null) {
                        refused.response().putHeader("WWW-Authenticate", refusal.challenge());
                    }
                    refuse(refused, refusal.status(), refusal.reason().slug(), refusal.title(), refusal.detail());
                });
            }
            throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
        });
    }

    /** Reads the body of an allowed request, up to the route's limit, then handles it. */
    private void readBody(HttpServerRequest request, Router.Resolution resolution, int limit, Authorized caller) {
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (request.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                request.pause();
                request.response().putHeader("Connection", "close");
                tooLarge(request, resolution.route());
                request.connection().close();
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!request.response().ended()) {
                handle(request, resolution, caller.caller(), caller.device(), body);
            }
        });
        if (request.headers().contains("Expect", "100-continue", true)) {
            request.response().writeContinue(); // only now: a refused caller is never invited to send its body
        }
        request.resume();
    }

    private void throttled(HttpServerRequest request) {
        request.response().putHeader("Retry-After", "60");
        refuse(request, 429, "too-many-attempts", "Too many failed attempts",
                "this source failed to authenticate too often; wait and try again");
    }

    /** Answers with a problem; a body the client may still send is never buffered (see {@link #beforeRefusal}). */
    private void refuse(HttpServerRequest request, int status, String slug, String title, String detail) {
        boolean close = beforeRefusal(request);
        HttpGuard.problem(request.response(), status, slug, title, detail);
        if (close) {
            request.connection().close();
        }
    }

    /**
     * Before a refusal is written, decides what happens to a body the client may still be sending:
     * a small declared one ({@code max.body.bytes.other} at most) is read and dropped so the
     * connection can carry the next request; a larger or chunked one is not read at all, and the
     * connection closes after the answer ({@code Connection: close}).
     *
     * @return whether to close the connection once the answer is written
     */
    private boolean beforeRefusal(HttpServerRequest request) {
        if (request.isEnded() || request.version() == HttpVersion.HTTP_2 || request.connection() == null) {
            return false;
        }
        boolean chunked = request.headers().contains("Transfer-Encoding");
        long declared = declaredLength(request);
        if (!chunked && declared <= 0) {
            return false;
        }
        // a client waiting for 100-continue may or may not send its body now: only closing is unambiguous
        if (!chunked && declared <= maxOtherBodyBytes && !request.headers().contains("Expect")) {
            request.handler(chunk -> { });
            request.resume();
            return false;
        }
        request.response().putHeader("Connection", "close");
        return true;
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

    private void tooLarge(HttpServerRequest request, Route route) {
        if (request.response().ended()) {
            return;
        }
        refuse(request, 413, "body-too-large", "Payload too large",
                "the body is larger than this endpoint accepts (" + (route.largeBody() ? "max.body.bytes" : "max.body.bytes.other")
                        + ")");
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
