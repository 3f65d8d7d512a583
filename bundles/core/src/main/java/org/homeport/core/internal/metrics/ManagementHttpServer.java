package org.homeport.core.internal.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import org.homeport.core.internal.topology.TopologyService;
import org.homeport.api.journal.JournalStatus;
import org.homeport.security.api.HttpAuthenticator;
import org.homeport.security.api.HttpGuard;
import org.homeport.security.api.HttpServerLimits;
import org.homeport.security.api.Role;
import org.homeport.security.api.ServerTls;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /health} to anyone (load balancers probe it; it names no data) and
 * {@code GET /metrics} (Prometheus text format) to operators and auditors.
 */
@Component(immediate = true, service = {}, configurationPid = ManagementHttpServer.PID)
@Designate(ocd = ManagementHttpServer.Config.class)
public class ManagementHttpServer {
    public static final String PID = "org.homeport.management";
    private static final Logger LOG = LoggerFactory.getLogger(ManagementHttpServer.class);

    @ObjectClassDefinition(name = "Homeport management endpoint", description = "Metrics and health over HTTP")
    public @interface Config {
        @AttributeDefinition(name = "Host", description = "Address to listen on")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "Port to listen on")
        int port() default 8481;

        @AttributeDefinition(name = "Idle timeout (seconds)",
                description = "A connection that neither sends nor receives for this long is closed", min = "1")
        int idle_timeout_seconds() default 30;

        @AttributeDefinition(name = "Maximum connections",
                description = "Most connections open at once on this port; a connection beyond it is closed as soon as "
                        + "it is accepted", min = "1")
        int max_connections() default 100;

        @AttributeDefinition(name = "Request timeout (seconds)",
                description = "A request (head and body) that has not arrived whole this long after its first byte "
                        + "closes its connection (408 request-timeout while the head is incomplete); time in which the "
                        + "server holds a paused request does not count", min = "1")
        int request_timeout_seconds() default 30;

        @AttributeDefinition(name = "TLS key store",
                description = "PKCS#12 (.p12) or JKS (.jks) file with the server's key and certificate, relative to etc/; "
                        + "empty serves plain HTTP")
        String tls_keystore() default "";

        @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
        String tls_keystore_password() default "";
    }

    private final HttpServer server;

    @Activate
    public ManagementHttpServer(@Reference Vertx vertx, @Reference MeterRegistry registry,
            @Reference TopologyService topology, @Reference DependencyRegistry dependencies,
            @Reference HttpAuthenticator authenticator, @Reference JournalStatus journal, Config config)
            throws Exception {
        // idle timeout, connection cap, request timeout and framing check, the same on every Homeport port
        HttpServerLimits limits = new HttpServerLimits("management", config.idle_timeout_seconds(), config.max_connections(),
                config.request_timeout_seconds());
        HttpServerOptions options = ServerTls.apply(limits.apply(new HttpServerOptions().setHost(config.host())
                .setPort(config.port())), config.tls_keystore(), config.tls_keystore_password());
        this.server = limits.install(vertx.createHttpServer(options), options,
                request -> handle(request, registry, topology, dependencies, authenticator, journal));
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Management endpoint on {}://{}:{}/ (metrics, health)", options.isSsl() ? "https" : "http", config.host(),
                server.actualPort());
    }

    private static void handle(HttpServerRequest request, MeterRegistry registry, TopologyService topology,
            DependencyRegistry dependencies, HttpAuthenticator authenticator, JournalStatus journal) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        switch (request.path()) {
            case "/metrics" -> HttpGuard.require(request, authenticator, Role.OPERATOR, Role.AUDITOR).thenAccept(caller ->
                    request.response()
                            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(PrometheusText.scrape(registry)));
            case "/health" -> {
                HealthReport health = HealthReport.of(topology.current(), dependencies.states(), journal);
                request.response().setStatusCode(health.isUp() ? 200 : 503)
                        .putHeader("Content-Type", "application/json")
                        .end(health.toJson());
            }
            default -> HttpGuard.problem(request.response(), 404, "not-found", "Not found",
                    "the management endpoint serves /metrics and /health");
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
