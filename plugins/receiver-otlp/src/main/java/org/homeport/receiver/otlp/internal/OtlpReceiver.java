package org.homeport.receiver.otlp.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.intake.Intake;
import org.homeport.api.util.ConfigText;
import org.homeport.security.api.HttpServerLimits;
import org.homeport.security.api.ServerTls;
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
 * The OTLP receiver: OTLP/HTTP ({@code POST /v1/logs}, {@code POST /v1/metrics}, protobuf or JSON,
 * gzip or not) on a Vert.x HTTP server of the shared {@link Vertx}. Each log record and each data
 * point becomes one event, mapped by configuration ({@link OtlpMapping}); see {@link OtlpHandler}
 * for the answers. No gRPC: OTLP/gRPC needs an HTTP/2 gRPC server stack (grpc-java or Vert.x gRPC)
 * beside this one, and every OpenTelemetry SDK and the Collector speak OTLP/HTTP as well. Starts on
 * activation, restarts on a configuration change, closes on deactivation.
 */
@Component(service = {}, configurationPid = OtlpReceiver.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OtlpReceiver.Config.class)
public final class OtlpReceiver {
    static final String PID = "org.homeport.receiver.otlp";
    private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiver.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 5;
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long PORT_RELEASE_SECONDS = 5;

    @ObjectClassDefinition(id = PID, name = "Homeport OTLP receiver",
            description = "Receives OpenTelemetry logs and metrics over OTLP/HTTP (protobuf or JSON) on POST /v1/logs "
                    + "and /v1/metrics; one event per log record or data point")
    public @interface Config {
        @AttributeDefinition(name = "Host", description = "Interface to listen on; 0.0.0.0 for all")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "TCP port (OTLP/HTTP's default is 4318)", min = "0",
                max = "65535")
        int port() default 4318;

        @AttributeDefinition(name = "Product",
                description = "source.product of events whose resource has no product attribute")
        String product() default "otlp";

        @AttributeDefinition(name = "Product attribute",
                description = "Resource attribute naming source.product; empty for none")
        String product_attribute() default "service.name";

        @AttributeDefinition(name = "Version attribute",
                description = "Resource attribute naming source.version; empty for none")
        String version_attribute() default "service.version";

        @AttributeDefinition(name = "Device attributes",
                description = "Resource attributes naming source.device, comma-separated: the first present wins")
        String[] device_attributes() default {"device.id", "host.name", "service.instance.id"};

        @AttributeDefinition(name = "Subject attributes",
                description = "Attributes naming the event's subject (consent is keyed on it), comma-separated: the "
                        + "first present wins, on the record or data point first, then on the resource; the one "
                        + "found is taken out of the attributes")
        String[] subject_attributes() default {"enduser.id"};

        @AttributeDefinition(name = "Type attribute",
                description = "Attribute naming the event type (record or data point, then scope, then resource); "
                        + "wins over the rules; empty for none")
        String type_attribute() default "homeport.type";

        @AttributeDefinition(name = "Log type rules",
                description = "scope-name=type or prefix*=type entries, comma-separated: the first whose "
                        + "instrumentation scope name matches gives a log record's type")
        String[] logs_types() default {};

        @AttributeDefinition(name = "Default log type",
                description = "Type of a log record no attribute or rule maps; empty refuses it (unmapped)")
        String logs_type_default() default "otlp.log";

        @AttributeDefinition(name = "Metric type rules",
                description = "metric-name=type or prefix*=type entries, comma-separated: the first whose metric "
                        + "name matches gives a data point's type")
        String[] metrics_types() default {};

        @AttributeDefinition(name = "Default metric type",
                description = "Type of a data point no attribute or rule maps; empty refuses it (unmapped)")
        String metrics_type_default() default "otlp.metric";

        @AttributeDefinition(name = "Purposes",
                description = "type=purpose entries, comma-separated, for event types declared with several purposes")
        String[] purposes() default {};

        @AttributeDefinition(name = "Maximum body size",
                description = "Most bytes of a request body on the wire (compressed size for gzip); more gets 413",
                min = "1")
        long max_body_bytes() default 4_194_304;

        @AttributeDefinition(name = "Maximum decompressed size",
                description = "Most bytes a gzip body may inflate to; more gets 413 and nothing of it is kept",
                min = "1")
        long max_decompressed_bytes() default 8_388_608;

        @AttributeDefinition(name = "Maximum bytes in flight",
                description = "Most body bytes (as read, and inflated) all requests together hold while they are read "
                        + "and decoded; a request that would go beyond it gets 429 with Retry-After", min = "1")
        long max_bytes_in_flight() default 33_554_432;

        @AttributeDefinition(name = "Maximum records per request",
                description = "Most log records or data points in one request; more gets 413", min = "1")
        int max_records() default 10_000;

        @AttributeDefinition(name = "Maximum attribute depth",
                description = "Deepest nesting of an attribute or body value (arrays, key-value lists); deeper gets 400",
                min = "1")
        int max_depth() default 16;

        @AttributeDefinition(name = "Retry-After (seconds)",
                description = "What a 503 tells senders when the node cannot store their records now", min = "1")
        long retry_after_seconds() default 5;

        @AttributeDefinition(name = "Idle timeout (seconds)",
                description = "A connection that neither sends nor receives for this long is closed", min = "1")
        int idle_timeout_seconds() default 30;

        @AttributeDefinition(name = "Maximum connections",
                description = "Most connections open at once on this port; one more is closed as it is accepted",
                min = "1")
        int max_connections() default 1000;

        @AttributeDefinition(name = "Request timeout (seconds)",
                description = "A request (head and body) that has not arrived whole this long after its first byte "
                        + "closes its connection", min = "1")
        int request_timeout_seconds() default 60;

        @AttributeDefinition(name = "Server instances",
                description = "HTTP servers sharing the port, each on its own event loop; 0 means one per core",
                min = "0")
        int instances() default 0;

        @AttributeDefinition(name = "TLS key store",
                description = "PKCS#12 (.p12) or JKS (.jks) file with the server's key and certificate, relative to "
                        + "etc/; empty serves plain HTTP")
        String tls_keystore() default "";

        @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
        String tls_keystore_password() default "";
    }

    private final Vertx vertx;
    private final Intake intake;
    private final DeviceRequestAuthenticator authenticator;
    private final Catalog catalog;
    private final OtlpMetrics metrics;
    private String deployment;
    private volatile int boundPort = -1;

    @Activate
    public OtlpReceiver(@Reference Vertx vertx, @Reference Intake intake,
            @Reference DeviceRequestAuthenticator authenticator, @Reference Catalog catalog,
            @Reference MeterRegistry meterRegistry) {
        this.vertx = vertx;
        this.intake = intake;
        this.authenticator = authenticator;
        this.catalog = catalog;
        this.metrics = new OtlpMetrics(meterRegistry);
    }

    @Activate
    void activate(Config config) {
        startOrReport(config);
    }

    @Modified
    void modified(Config config) {
        stop();
        startOrReport(config);
    }

    /**
     * A port that is taken or a key store that cannot be read leaves the component active but not
     * listening, and says why: had activation failed, Declarative Services would not call
     * {@link #modified} with the corrected configuration, and the receiver would stay down until the
     * bundle restarts.
     */
    private void startOrReport(Config config) {
        try {
            start(config);
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.error("OTLP receiver not listening on {}:{}: {}; fix etc/{}.cfg, the change restarts it",
                    config.host(), config.port(), e.getMessage(), PID);
        }
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    OtlpMetrics metrics() {
        return metrics;
    }

    static OtlpMapping mapping(Config config, Catalog catalog) {
        return new OtlpMapping(config.product(), config.product_attribute(), config.version_attribute(),
                ConfigText.list(config.device_attributes()), ConfigText.list(config.subject_attributes()),
                config.type_attribute(), Rule.parse(ConfigText.list(config.logs_types())), config.logs_type_default(),
                Rule.parse(ConfigText.list(config.metrics_types())), config.metrics_type_default(),
                OtlpMapping.purposes(ConfigText.list(config.purposes())), catalog::eventType);
    }

    synchronized void start(Config config) {
        if (deployment != null) {
            throw new IllegalStateException("already started");
        }
        Limits limits = new Limits(config.max_body_bytes(), config.max_decompressed_bytes(), config.max_records(),
                config.max_depth(), config.retry_after_seconds(), config.max_bytes_in_flight());
        InFlightBytes inFlight = new InFlightBytes(limits.maxBytesInFlight());
        metrics.watch(inFlight);
        OtlpHandler handler = new OtlpHandler(vertx, limits, inFlight, intake, authenticator, mapping(config, catalog),
                metrics, Clock.systemUTC());
        HttpServerLimits serverLimits = new HttpServerLimits("receiver-otlp", config.idle_timeout_seconds(),
                config.max_connections(), config.request_timeout_seconds());
        HttpServerOptions options = serverLimits.apply(new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // gzip is inflated by the handler, within max.decompressed.bytes; Vert.x would inflate without bound
                .setDecompressionSupported(false)
                .setCompressionSupported(false));
        ServerTls.apply(options, config.tls_keystore(), config.tls_keystore_password());
        int instances = config.instances() > 0 ? config.instances() : Runtime.getRuntime().availableProcessors();
        if (config.port() == 0) {
            instances = 1; // each instance would bind a random port of its own
        }
        int count = instances;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PORT_RELEASE_SECONDS);
        while (true) {
            try {
                deployment = await(vertx.deployVerticle(
                        () -> new ServerVerticle(options, serverLimits, handler, SHUTDOWN_GRACE_SECONDS,
                                port -> boundPort = port),
                        new DeploymentOptions().setInstances(count)), START_TIMEOUT_SECONDS, "start");
                break;
            } catch (IllegalStateException e) {
                // a restart on the same port may find the shared socket not yet released
                boolean portBusy = e.getCause() instanceof java.net.BindException
                        || String.valueOf(e.getMessage()).contains("Address already in use");
                if (!portBusy || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        LOG.info("OTLP receiver listening on {}://{}:{} ({} event loops)", options.isSsl() ? "https" : "http",
                config.host(), boundPort, count);
    }

    synchronized void stop() {
        if (deployment == null) {
            return;
        }
        String undeploying = deployment;
        deployment = null;
        boundPort = -1;
        await(vertx.undeploy(undeploying), SHUTDOWN_GRACE_SECONDS + 5, "stop");
        LOG.info("OTLP receiver stopped");
    }

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
            throw new IllegalStateException("cannot " + what + " the OTLP receiver: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out trying to " + what + " the OTLP receiver", e);
        }
    }
}
