package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.homeport.security.api.HttpServerLimits;
import org.homeport.security.api.ServerTls;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.intake.Intake;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON receiver: {@code POST /v1/events} on a Vert.x HTTP server of the shared
 * {@link Vertx}. Starts on activation, restarts on configuration change, and closes on
 * deactivation, waiting until the port is free again.
 */
@Component(
        service = {},
        configurationPid = HttpReceiver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpReceiver.Config.class)
public final class HttpReceiver {
    static final String PID = "org.homeport.receiver.http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpReceiver.class);
    /** In-flight requests get this long to finish when the server stops or restarts. */
    private static final long SHUTDOWN_GRACE_SECONDS = 5;
    private static final long START_TIMEOUT_SECONDS = 30;
    /** How long a restart waits for the previous servers' shared socket to be released. */
    private static final long PORT_RELEASE_SECONDS = 5;

    @ObjectClassDefinition(
            id = PID,
            name = "Homeport HTTP JSON receiver",
            description = "Receives telemetry events as JSON or NDJSON on POST /v1/events")
    public @interface Config {
        @AttributeDefinition(name = "Host", description = "Interface to listen on; 0.0.0.0 for all")
        String host() default ReceiverConfig.DEFAULT_HOST;

        @AttributeDefinition(name = "Port", description = "TCP port to listen on", min = "0", max = "65535")
        int port() default ReceiverConfig.DEFAULT_PORT;

        @AttributeDefinition(name = "Maximum body size",
                description = "Most bytes accepted on the wire per request (compressed size for gzip); "
                        + "larger requests get 413 body-too-large",
                min = "1")
        long max_body_bytes() default ReceiverConfig.DEFAULT_MAX_BODY_BYTES;

        @AttributeDefinition(name = "Maximum decompressed size",
                description = "Most bytes a gzip body may inflate to; more gets 413 decompressed-too-large",
                min = "1")
        long max_decompressed_bytes() default ReceiverConfig.DEFAULT_MAX_DECOMPRESSED_BYTES;

        @AttributeDefinition(name = "Maximum nesting depth",
                description = "Deepest JSON nesting within one event, the event object counting as 1; "
                        + "deeper gets 400 nesting-too-deep",
                min = "1")
        int max_depth() default ReceiverConfig.DEFAULT_MAX_DEPTH;

        @AttributeDefinition(name = "Maximum events per request",
                description = "More events in one request get 413 too-many-events",
                min = "1")
        int max_events() default ReceiverConfig.DEFAULT_MAX_EVENTS;

        @AttributeDefinition(name = "Maximum string length",
                description = "Longest JSON string or field name, in characters; longer gets 400 string-too-long",
                min = "1")
        int max_string_length() default ReceiverConfig.DEFAULT_MAX_STRING_LENGTH;

        @AttributeDefinition(name = "Idle timeout (seconds)",
                description = "A connection that neither sends nor receives for this long is closed",
                min = "1")
        int idle_timeout_seconds() default ReceiverConfig.DEFAULT_IDLE_TIMEOUT_SECONDS;

        @AttributeDefinition(name = "Maximum connections",
                description = "Most connections open at once on this port; a connection beyond it is closed as soon as "
                        + "it is accepted",
                min = "1")
        int max_connections() default ReceiverConfig.DEFAULT_MAX_CONNECTIONS;

        @AttributeDefinition(name = "Request timeout (seconds)",
                description = "A request (head and body) that has not arrived whole this long after its first byte "
                        + "closes its connection (408 request-timeout while the head is incomplete), so slow senders "
                        + "cannot hold connections; time in which the server holds a paused request does not count",
                min = "1")
        int request_timeout_seconds() default ReceiverConfig.DEFAULT_REQUEST_TIMEOUT_SECONDS;

        @AttributeDefinition(name = "Maximum JSON values per event",
                description = "Most JSON values (objects, arrays, strings, numbers, booleans, nulls; the event object "
                        + "counts) in one event; more gets 413 too-many-values for the whole request",
                min = "1")
        int max_values_per_event() default ReceiverConfig.DEFAULT_MAX_VALUES_PER_EVENT;

        @AttributeDefinition(name = "Maximum JSON values per request",
                description = "Most JSON values in one request, all events together; more gets 413 too-many-values. "
                        + "Bounds the memory a request's parsed events take, whatever their byte size",
                min = "1")
        int max_values_per_request() default ReceiverConfig.DEFAULT_MAX_VALUES_PER_REQUEST;

        @AttributeDefinition(name = "Maximum JSON values in flight",
                description = "Most JSON values all requests together may hold while they are parsed, before the intake "
                        + "takes their events (roughly 60 to 100 bytes of heap each); a request that would go beyond it "
                        + "gets 429 overloaded with Retry-After",
                min = "1")
        long max_values_in_flight() default ReceiverConfig.DEFAULT_MAX_VALUES_IN_FLIGHT;

        @AttributeDefinition(name = "Server instances",
                description = "HTTP servers sharing the port, each on its own event loop, so parsing uses several cores; "
                        + "0 means one per core",
                min = "0")
        int instances() default 0;

        @AttributeDefinition(name = "TLS key store",
                description = "PKCS#12 (.p12) or JKS (.jks) file with the server's key and certificate, relative to etc/; "
                        + "empty serves plain HTTP")
        String tls_keystore() default "";

        @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
        String tls_keystore_password() default "";
    }

    private final Vertx vertx;
    private final Intake intake;
    private final DeviceRequestAuthenticator authenticator;
    private final ReceiverMetrics metrics;
    /** The deployment of the server verticles, or {@code null} when stopped. */
    private String deployment;
    private volatile int boundPort = -1;
    /** Adds TLS to the server options when a key store is configured. */
    private UnaryOperator<HttpServerOptions> tls = UnaryOperator.identity();

    /** Also the plain constructor for tests: follow it with {@link #start(ReceiverConfig)}. */
    @Activate
    public HttpReceiver(
            @Reference Vertx vertx,
            @Reference Intake intake,
            @Reference DeviceRequestAuthenticator authenticator,
            @Reference MeterRegistry meterRegistry) {
        this.vertx = vertx;
        this.intake = intake;
        this.authenticator = authenticator;
        this.metrics = new ReceiverMetrics(meterRegistry);
    }

    @Activate
    void activate(Config config) {
        start(config);
    }

    @Modified
    void modified(Config config) {
        // a new port, new limits or TLS: simplest correct thing is a fresh server
        stop();
        start(config);
    }

    private void start(Config config) {
        tls = options -> ServerTls.apply(options, config.tls_keystore(), config.tls_keystore_password());
        int instances = config.instances() > 0 ? config.instances() : Runtime.getRuntime().availableProcessors();
        start(ReceiverConfig.from(config), instances);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** Binds one server and returns once it listens; fails if the port cannot be bound. */
    synchronized void start(ReceiverConfig config) {
        start(config, 1);
    }

    /** Binds {@code instances} servers on one port and returns once all listen. */
    synchronized void start(ReceiverConfig config, int instances) {
        if (deployment != null) {
            throw new IllegalStateException("already started");
        }
        JsonFactory json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // our own depth check counts per event and reports it better; this is a backstop
                        .maxNestingDepth(config.maxDepth() + 2)
                        .maxStringLength(config.maxStringLength())
                        .maxNameLength(config.maxStringLength())
                        .build())
                .build();
        InFlightValues inFlight = new InFlightValues(config.maxValuesInFlight());
        metrics.watch(inFlight);
        EventsHandler handler = new EventsHandler(config, intake, authenticator, json, new EventMapper(),
                new Responder(vertx, metrics), metrics, inFlight);
        // idle timeout, connection cap, request timeout and framing check, the same on every Homeport port
        HttpServerLimits limits = new HttpServerLimits("receiver", config.idleTimeoutSeconds(), config.maxConnections(),
                config.requestTimeoutSeconds());
        HttpServerOptions options = limits.apply(new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // we inflate gzip ourselves, with limits; Vert.x would inflate without any
                .setDecompressionSupported(false)
                .setCompressionSupported(false));
        tls.apply(options);
        if (config.port() == 0 && instances > 1) {
            // Every instance would bind a port of its own: a random port is for tests, one server is enough.
            instances = 1;
        }
        deployment = deployRetryingWhileThePortIsReleased(options, limits, handler, instances);
        int port = boundPort;
        LOG.info("HTTP receiver listening on {}://{}:{} ({} event loops)", options.isSsl() ? "https" : "http", config.host(),
                port, instances);
    }

    /**
     * Vert.x closes the socket several instances share a moment after the last of them stopped, so
     * a restart on the same port (new configuration) may find it still bound: try again briefly.
     */
    private String deployRetryingWhileThePortIsReleased(HttpServerOptions options, HttpServerLimits limits,
            EventsHandler handler, int instances) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PORT_RELEASE_SECONDS);
        while (true) {
            try {
                return await(vertx.deployVerticle(
                        () -> new ServerVerticle(options, limits, handler, SHUTDOWN_GRACE_SECONDS, port -> boundPort = port),
                        new DeploymentOptions().setInstances(instances)), START_TIMEOUT_SECONDS, "start");
            } catch (IllegalStateException e) {
                boolean portBusy = e.getCause() instanceof java.net.BindException
                        || String.valueOf(e.getMessage()).contains("Address already in use");
                if (!portBusy || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /** Stops accepting, lets in-flight requests finish briefly, and returns once the servers are closed. */
    synchronized void stop() {
        if (deployment == null) {
            return;
        }
        String undeploying = deployment;
        deployment = null;
        boundPort = -1;
        await(vertx.undeploy(undeploying), SHUTDOWN_GRACE_SECONDS + 5, "stop");
        LOG.info("HTTP receiver stopped");
    }

    /** The bound port (useful when configured as 0), or -1 when stopped. */
    synchronized int port() {
        return deployment == null ? -1 : boundPort;
    }

    private static <T> T await(Future<T> future, long timeoutSeconds, String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("must not " + what + " the receiver on an event loop");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + " the HTTP receiver: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out trying to " + what + " the HTTP receiver", e);
        }
    }
}
