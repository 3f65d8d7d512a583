package org.homeport.receiver.mqtt.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.event.Identifiers;
import org.homeport.api.intake.Intake;
import org.homeport.api.receiver.ClientCertificates;
import org.homeport.api.util.ConfigText;
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
 * The MQTT receiver: an ingest-only MQTT 3.1.1 and 5 server endpoint (Vert.x MQTT on the shared
 * {@link Vertx}). A client connects with a device credential as its password (an API key or an access
 * token, checked by the security bundle as the HTTP receiver's are), publishes with QoS 0 or 1 on
 * topics the configured template maps to event types, and gets its PUBACK once the intake has
 * answered (see {@link MqttConnection}). Starts on activation, restarts on a configuration change,
 * closes on deactivation.
 */
@Component(service = {}, configurationPid = MqttReceiver.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MqttReceiver.Config.class)
public final class MqttReceiver {
    static final String PID = "org.homeport.receiver.mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(MqttReceiver.class);
    private static final long TIMEOUT_SECONDS = 30;

    @ObjectClassDefinition(id = PID, name = "Homeport MQTT receiver",
            description = "Receives telemetry over MQTT 3.1.1 and 5 (QoS 0 and 1); ingest only, no subscriptions")
    public @interface Config {
        @AttributeDefinition(name = "Host", description = "Interface to listen on; 0.0.0.0 for all")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "TCP port", min = "0", max = "65535")
        int port() default 1883;

        @AttributeDefinition(name = "Topic template",
                description = "Topic levels: literals, + (any) and the placeholders {tenant} {device} {type} {purpose} "
                        + "{product} {version}; {type} is required. A topic that does not fit is refused (unmapped)")
        String topic() default "homeport/{tenant}/{device}/{type}";

        @AttributeDefinition(name = "Purposes",
                description = "type=purpose entries, comma-separated, for event types declared with several purposes "
                        + "(a type with one purpose needs none; a {purpose} topic level wins over both)")
        String[] purposes() default {};

        @AttributeDefinition(name = "Product", description = "source.product of events whose topic has no {product} level")
        String product() default "mqtt";

        @AttributeDefinition(name = "Subject member",
                description = "The payload member that names the event's subject; empty for none")
        String subject_field() default "subject";

        @AttributeDefinition(name = "Time member",
                description = "The payload member with when it happened (ISO-8601); empty for none (then: received)")
        String time_field() default "time";

        @AttributeDefinition(name = "Id member",
                description = "The payload member with the client's event id, for de-duplication; empty for none")
        String id_field() default "id";

        @AttributeDefinition(name = "Maximum message size",
                description = "Most bytes of one MQTT packet after its fixed header (topic, properties, payload); a "
                        + "larger one closes the connection (too-large); MQTT 5 clients are told it in CONNACK",
                min = "64", max = "268435455")
        int max_message_bytes() default 65536;

        @AttributeDefinition(name = "Maximum JSON depth", description = "Deepest nesting of the payload", min = "1")
        int max_json_depth() default 16;

        @AttributeDefinition(name = "Maximum JSON values", description = "Most JSON values in one payload", min = "1")
        int max_json_values() default 1000;

        @AttributeDefinition(name = "Maximum JSON string length",
                description = "Longest string or member name in a payload, in characters", min = "1")
        int max_json_string_length() default 16384;

        @AttributeDefinition(name = "Maximum clients",
                description = "Most clients connected at once; one more is refused at CONNECT (server unavailable / busy)",
                min = "1")
        int max_clients() default 1000;

        @AttributeDefinition(name = "Maximum in-flight messages per client",
                description = "Most messages of one client with the intake at once; MQTT 5 clients are told it as "
                        + "Receive Maximum", min = "1", max = "65535")
        int max_in_flight() default 32;

        @AttributeDefinition(name = "Maximum keep-alive (seconds)",
                description = "A client asking for no keep-alive or a longer one is closed after 1.5 times this "
                        + "without a packet; MQTT 5 clients are told it as Server Keep Alive", min = "1", max = "65535")
        int max_keep_alive_seconds() default 300;

        @AttributeDefinition(name = "CONNECT timeout (seconds)",
                description = "A connection that sends no CONNECT this long is closed", min = "1")
        int connect_timeout_seconds() default 10;

        @AttributeDefinition(name = "Maximum client id length", description = "Longest client identifier accepted",
                min = "23", max = "65535")
        int max_client_id_length() default 128;

        @AttributeDefinition(name = "TLS key store",
                description = "PKCS#12 (.p12, .pfx) or JKS (.jks) file with the server's key and certificate, relative "
                        + "to etc/; empty for plain MQTT")
        String tls_keystore() default "";

        @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
        String tls_keystore_password() default "";

        @AttributeDefinition(name = "TLS trust store",
                description = "PKCS#12 or JKS file of the device certificates (or their issuers) clients may present "
                        + "(relative to etc/); empty asks clients for no certificate")
        String tls_truststore() default "";

        @AttributeDefinition(name = "TLS trust store password", type = AttributeType.PASSWORD)
        String tls_truststore_password() default "";

        @AttributeDefinition(name = "Client certificate required",
                description = "With a trust store: a client without a trusted certificate fails the TLS handshake; "
                        + "otherwise it may sign in with a password")
        boolean tls_client_certificate_required() default false;

        @AttributeDefinition(name = "Certificates",
                description = "tenant=CN=name or tenant=sha256:HEX entries, comma-separated: a client without password "
                        + "is a device of the tenant of the first entry naming its trusted certificate, and its "
                        + "certificate's CN is its device id; one named by none is refused (unknown-certificate)")
        String[] certificates() default {};

        @AttributeDefinition(name = "First retry (ms)",
                description = "Wait before a message the intake deferred is submitted again; doubles per try", min = "1")
        long retry_min_millis() default 500;

        @AttributeDefinition(name = "Longest retry wait (ms)", description = "Most wait between two tries", min = "1")
        long retry_max_millis() default 10000;
    }

    private final Vertx vertx;
    private final Intake intake;
    private final DeviceRequestAuthenticator authenticator;
    private final Catalog catalog;
    private final MqttMetrics metrics;
    private MqttServer server;

    @Activate
    public MqttReceiver(@Reference Vertx vertx, @Reference Intake intake,
            @Reference DeviceRequestAuthenticator authenticator, @Reference Catalog catalog,
            @Reference MeterRegistry meterRegistry) {
        this.vertx = vertx;
        this.intake = intake;
        this.authenticator = authenticator;
        this.catalog = catalog;
        this.metrics = new MqttMetrics(meterRegistry);
    }

    @Activate
    void activate(Config config) {
        start(config);
    }

    @Modified
    void modified(Config config) {
        stop();
        start(config);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    MqttMetrics metrics() {
        return metrics;
    }

    synchronized void start(Config config) {
        MqttMapping mapping = MqttMapping.parse(config.topic(), ConfigText.list(config.purposes()), config.product(),
                config.subject_field(), config.time_field(), config.id_field(),
                new PayloadParser(config.max_json_depth(), config.max_json_values(), config.max_json_string_length()),
                catalog::eventType, () -> UUID.randomUUID().toString());
        Limits limits = new Limits(config.max_in_flight(), config.max_message_bytes(), config.max_keep_alive_seconds(),
                config.retry_min_millis(), config.retry_max_millis());
        MqttServerOptions options = new MqttServerOptions().setHost(config.host()).setPort(config.port())
                .setMaxMessageSize(config.max_message_bytes())
                .setMaxClientIdLength(config.max_client_id_length())
                .setTimeoutOnConnect(config.connect_timeout_seconds())
                .setAutoClientId(true);
        ClientCertificates certificates = ClientCertificates.parse(ConfigText.list(config.certificates()));
        if (config.tls_keystore().isBlank() && (!config.tls_truststore().isBlank() || !certificates.isEmpty())) {
            throw new IllegalArgumentException("client certificates need TLS: set tls.keystore");
        }
        ServerTls.apply(options, config.tls_keystore(), config.tls_keystore_password());
        if (!config.tls_keystore().isBlank()) {
            ServerTls.trustClients(options, config.tls_truststore(), config.tls_truststore_password(),
                    config.tls_client_certificate_required());
        }
        MqttServer created = MqttServer.create(vertx, options);
        created.endpointHandler(endpoint -> connect(endpoint, config.max_clients(), mapping, limits, certificates));
        server = await(created.listen(), "listen");
        LOG.info("MQTT receiver listening on {}://{}:{} (topics {})", options.isSsl() ? "mqtts" : "mqtt", config.host(),
                server.actualPort(), config.topic());
    }

    private void connect(MqttEndpoint endpoint, int maxClients, MqttMapping mapping, Limits limits,
            ClientCertificates certificates) {
        boolean v5 = endpoint.protocolVersion() >= MqttVersion.MQTT_5.protocolLevel();
        String source = endpoint.remoteAddress() == null ? null : endpoint.remoteAddress().hostAddress();
        String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
        if ((password == null || password.isEmpty()) && endpoint.isSsl() && !certificates.isEmpty()) {
            X509Certificate certificate = clientCertificate(endpoint.sslSession());
            if (certificate != null) {
                Optional<DevicePrincipal> device = certificates.principalOf(MqttMetrics.RECEIVER, certificate);
                if (device.isEmpty()) {
                    metrics.refused("unknown-certificate");
                    reject(endpoint, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                            : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
                    return;
                }
                // the certificate's CN is the device: it publishes only as itself
                admit(endpoint, v5, maxClients, device.get(), commonName(certificate), mapping, limits);
                return;
            }
        }
        CompletionStage<DevicePrincipal> authenticated;
        try {
            // "Bearer": the security bundle tells an API key from an access token, as for HTTP
            authenticated = authenticator.authenticate(new DeviceCredentials(null,
                    password == null || password.isEmpty() ? null : "Bearer " + password, source));
        } catch (RuntimeException e) {
            authenticated = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        Future.fromCompletionStage(authenticated, vertx.getOrCreateContext()).onComplete(result -> {
            if (result.failed()) {
                refuse(endpoint, v5, result.cause(), password != null && !password.isEmpty());
                return;
            }
            admit(endpoint, v5, maxClients, result.result(), null, mapping, limits);
        });
    }

    private void admit(MqttEndpoint endpoint, boolean v5, int maxClients, DevicePrincipal principal, String boundDevice,
            MqttMapping mapping, Limits limits) {
        if (metrics.clients.incrementAndGet() > maxClients) {
            metrics.clients.decrementAndGet();
            metrics.refused("too-many-clients");
            reject(endpoint, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        new MqttConnection(vertx, endpoint, principal, boundDevice, mapping, intake, metrics, limits, Clock.systemUTC(),
                metrics.clients::decrementAndGet).accept();
    }

    /** The certificate the client presented and the handshake verified, or {@code null} if it sent none. */
    private static X509Certificate clientCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The subject's most specific CN, or {@code null} if it has none usable as a device id. */
    static String commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    String name = String.valueOf(rdns.get(i).getValue());
                    return Identifiers.fits(name) && Identifiers.problem(name) == null ? name : null;
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    /** CONNACK with the refusal the security bundle gave, in the client's protocol version. */
    private void refuse(MqttEndpoint endpoint, boolean v5, Throwable failure, boolean presented) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        if (!(cause instanceof DeviceAuthenticationException refusal)) {
            LOG.warn("MQTT device authentication failed: {}: {}", cause.getClass().getName(), cause.getMessage());
            metrics.refused("auth-failed");
            reject(endpoint, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        metrics.refused(refusal.reason().slug());
        reject(endpoint, connectCode(refusal.reason(), presented, v5));
    }

    static MqttConnectReturnCode connectCode(DeviceAuthenticationException.Reason reason, boolean presented, boolean v5) {
        return switch (reason) {
            case UNAUTHORIZED -> presented
                    ? (v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                            : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD)
                    : (v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                            : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            case FORBIDDEN -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case THROTTLED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }

    private static void reject(MqttEndpoint endpoint, MqttConnectReturnCode code) {
        try {
            endpoint.reject(code);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the client went away meanwhile
        }
    }

    synchronized void stop() {
        if (server != null) {
            await(server.close(), "close");
            server = null;
        }
    }

    /** The bound port, or -1. */
    synchronized int port() {
        return server == null ? -1 : server.actualPort();
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted trying to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("MQTT receiver cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("MQTT receiver timed out trying to " + what, e);
        } catch (CancellationException e) {
            throw new IllegalStateException("MQTT receiver: " + what + " was cancelled", e);
        }
    }
}
