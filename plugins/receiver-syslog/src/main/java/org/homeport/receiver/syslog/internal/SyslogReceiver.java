package org.homeport.receiver.syslog.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.Submission;
import org.homeport.api.receiver.ClientCertificates;
import org.homeport.api.receiver.SourceAddresses;
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
 * The syslog receiver: RFC 5424 and RFC 3164 messages over TCP (RFC 6587 octet counting or LF
 * framing) and UDP, on the shared {@link Vertx}. Senders are identified by source address
 * ({@code sources}); messages become events through the configured mapping. Starts on activation,
 * restarts on a configuration change, closes on deactivation.
 */
@Component(service = {}, configurationPid = SyslogReceiver.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SyslogReceiver.Config.class)
public final class SyslogReceiver {
    static final String PID = "org.homeport.receiver.syslog";
    private static final Logger LOG = LoggerFactory.getLogger(SyslogReceiver.class);
    private static final long TIMEOUT_SECONDS = 30;
    /** A sender that has not finished its TLS handshake by then is closed (and holds no connection slot). */
    private static final long TLS_HANDSHAKE_SECONDS = 10;

    @ObjectClassDefinition(id = PID, name = "Homeport syslog receiver",
            description = "Receives RFC 5424 and RFC 3164 syslog messages over TCP, TLS and UDP")
    public @interface Config {
        @AttributeDefinition(name = "Host", description = "Interface to listen on; 0.0.0.0 for all")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "TCP port", description = "TCP port (RFC 6587 framing); -1 turns TCP off",
                min = "-1", max = "65535")
        int tcp_port() default 5140;

        @AttributeDefinition(name = "UDP port", description = "UDP port (one message per datagram); -1 turns UDP off",
                min = "-1", max = "65535")
        int udp_port() default 5140;

        @AttributeDefinition(name = "TLS port",
                description = "TCP port for syslog over TLS (RFC 5425; octet counting or LF framing); -1 turns it off. "
                        + "Needs a TLS key store", min = "-1", max = "65535")
        int tls_port() default -1;

        @AttributeDefinition(name = "TLS key store",
                description = "PKCS#12 (.p12) or JKS (.jks) file with the receiver's key and certificate; relative to etc/")
        String tls_keystore() default "";

        @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
        String tls_keystore_password() default "";

        @AttributeDefinition(name = "TLS trust store",
                description = "PKCS#12 or JKS file of the certificates (or their issuers) senders may present; empty asks "
                        + "senders for no certificate")
        String tls_truststore() default "";

        @AttributeDefinition(name = "TLS trust store password", type = AttributeType.PASSWORD)
        String tls_truststore_password() default "";

        @AttributeDefinition(name = "Client certificate required",
                description = "With a trust store: a sender without a trusted certificate fails the TLS handshake. "
                        + "Otherwise it may connect without one and is identified by its source address")
        boolean tls_client_certificate_required() default false;

        @AttributeDefinition(name = "Certificates",
                description = "tenant=CN=name or tenant=sha256:FINGERPRINT entries, comma-separated: a TLS sender is the "
                        + "tenant of the first entry naming its (trusted) client certificate; one named by none is "
                        + "identified by the sources list, like a plain TCP sender")
        String[] certificates() default {};

        @AttributeDefinition(name = "Sources",
                description = "tenant=address[/prefix-length] entries, comma-separated: a sender is the tenant of the first "
                        + "entry containing its IP address; any other sender is refused (unknown-sender)")
        String[] sources() default {};

        @AttributeDefinition(name = "Mappings",
                description = "selector -> type/purpose rules, comma-separated, first match wins; selectors app-name:NAME, "
                        + "facility:NAME, severity:NAME, sd:SD-ID, sd:SD-ID#PARAM=VALUE, *; a message no rule matches is "
                        + "refused (unmapped)")
        String[] mappings() default {};

        @AttributeDefinition(name = "Attributes",
                description = "name=field entries, comma-separated: which syslog fields become which event attributes; "
                        + "fields msg, severity, facility, app-name, proc-id, msg-id, hostname, sd:SD-ID#PARAM")
        String[] attributes() default {"message=msg"};

        @AttributeDefinition(name = "Subject field",
                description = "The field that names the event's subject (e.g. sd:homeport@32473#subject); empty for none")
        String subject() default "";

        @AttributeDefinition(name = "Product",
                description = "source.product of messages without an app-name (the app-name otherwise)")
        String product() default "syslog";

        @AttributeDefinition(name = "Maximum message size", description = "Most bytes of one message; larger ones are "
                + "refused (too-large); an octet count above it closes the connection", min = "64", max = "1048576")
        int max_message_bytes() default 8192;

        @AttributeDefinition(name = "Maximum structured-data elements",
                description = "Most SD elements of one message; more are refused (too-many-sd-elements)", min = "0")
        int max_sd_elements() default 16;

        @AttributeDefinition(name = "Maximum structured-data parameters",
                description = "Most SD parameters of one message, all elements together", min = "0")
        int max_sd_params() default 64;

        @AttributeDefinition(name = "Maximum connections",
                description = "Most TCP connections at once; one beyond it is closed on accept (too-many-connections)",
                min = "1")
        int max_connections() default 256;

        @AttributeDefinition(name = "Idle timeout (seconds)",
                description = "A TCP connection that sends nothing this long is closed", min = "1")
        int idle_timeout_seconds() default 300;

        @AttributeDefinition(name = "Maximum events per submission",
                description = "Most events a TCP connection hands to the intake at once", min = "1")
        int max_batch_events() default 1000;

        @AttributeDefinition(name = "Maximum UDP messages in flight",
                description = "Most UDP messages with the intake at once; more are refused (overloaded)", min = "1")
        int max_udp_in_flight() default 10000;

        @AttributeDefinition(name = "Maximum deferred events held",
                description = "Events the intake deferred (e.g. the consent store is down) are submitted again (a "
                        + "TCP connection stays paused meanwhile, also after the sender closed it); this many at most "
                        + "over all connections and datagrams, beyond which they are refused (deferred-not-kept)",
                min = "0")
        int max_deferred_events() default 10000;
    }

    private final Vertx vertx;
    private final Intake intake;
    private final SyslogMetrics metrics;
    private NetServer tcp;
    private NetServer tls;
    private DatagramSocket udp;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger udpInFlight = new AtomicInteger();

    @Activate
    public SyslogReceiver(@Reference Vertx vertx, @Reference Intake intake, @Reference MeterRegistry meterRegistry) {
        this.vertx = vertx;
        this.intake = intake;
        this.metrics = new SyslogMetrics(meterRegistry);
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

    SyslogMetrics metrics() {
        return metrics;
    }

    /** Starts every configured listener, or none: one that cannot start closes those already started. */
    synchronized void start(Config config) {
        try {
            startListeners(config);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void startListeners(Config config) {
        SourceAddresses sources = SourceAddresses.parse(ConfigText.list(config.sources()));
        ClientCertificates certificates = ClientCertificates.parse(ConfigText.list(config.certificates()));
        SyslogMapping mapping = SyslogMapping.parse(ConfigText.list(config.mappings()),
                ConfigText.list(config.attributes()), config.subject(), config.product(),
                () -> UUID.randomUUID().toString());
        MessageHandler handler = new MessageHandler(
                new SyslogParser(config.max_message_bytes(), config.max_sd_elements(), config.max_sd_params()), mapping,
                metrics, Clock.systemUTC());
        if (sources.isEmpty() && (certificates.isEmpty() || config.tls_port() < 0)) {
            LOG.warn("Syslog receiver: no sources are configured, so every sender is refused");
        }
        DeferredEvents deferred = new DeferredEvents(vertx, metrics, config.max_deferred_events());
        if (config.tcp_port() >= 0) {
            NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.tcp_port())
                    .setIdleTimeout(config.idle_timeout_seconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
            NetServer server = vertx.createNetServer(options);
            server.connectHandler(socket -> accept(socket, config, sources, ClientCertificates.none(), handler, deferred));
            tcp = await(server.listen(), "listen on TCP");
            LOG.info("Syslog receiver listening on tcp://{}:{}", config.host(), tcp.actualPort());
        }
        if (config.tls_port() >= 0) {
            if (config.tls_keystore().isBlank()) {
                throw new IllegalArgumentException("syslog receiver: tls.port is set but tls.keystore is empty");
            }
            NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.tls_port())
                    .setIdleTimeout(config.idle_timeout_seconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                    .setSslHandshakeTimeout(TLS_HANDSHAKE_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
            ServerTls.apply(options, config.tls_keystore(), config.tls_keystore_password());
            ServerTls.trustClients(options, config.tls_truststore(), config.tls_truststore_password(),
                    config.tls_client_certificate_required());
            NetServer server = vertx.createNetServer(options);
            server.connectHandler(socket -> accept(socket, config, sources, certificates, handler, deferred));
            tls = await(server.listen(), "listen on TLS");
            LOG.info("Syslog receiver listening on tls://{}:{}", config.host(), tls.actualPort());
        }
        if (config.udp_port() >= 0) {
            DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
            socket.handler(packet -> datagram(packet, config, sources, handler, deferred));
            udp = await(socket.listen(config.udp_port(), config.host()), "listen on UDP");
            LOG.info("Syslog receiver listening on udp://{}:{}", config.host(), udp.localAddress().port());
        }
    }

    private void accept(NetSocket socket, Config config, SourceAddresses sources, ClientCertificates certificates,
            MessageHandler handler, DeferredEvents deferred) {
        String address = socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
        Optional<DevicePrincipal> principal = certificates.principalOf(SyslogMetrics.RECEIVER, clientCertificate(socket));
        if (principal.isEmpty()) {
            principal = sources.principalOf(SyslogMetrics.RECEIVER, address);
        }
        if (principal.isEmpty()) {
            metrics.refused("unknown-sender");
            socket.close();
            return;
        }
        if (connections.incrementAndGet() > config.max_connections()) {
            connections.decrementAndGet();
            metrics.refused("too-many-connections");
            socket.close();
            return;
        }
        Context context = vertx.getOrCreateContext();
        new TcpConnection(socket, context, config.max_message_bytes(), handler, intake, principal.get(),
                config.max_batch_events(), connections::decrementAndGet, deferred).start();
    }

    /** The certificate a TLS sender presented and the handshake verified, or null. */
    private static X509Certificate clientCertificate(NetSocket socket) {
        if (!socket.isSsl()) {
            return null;
        }
        try {
            List<Certificate> chain = socket.peerCertificates();
            return chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate first ? first : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private void datagram(DatagramPacket packet, Config config, SourceAddresses sources, MessageHandler handler,
            DeferredEvents deferred) {
        Optional<DevicePrincipal> principal = sources.principalOf(SyslogMetrics.RECEIVER,
                packet.sender() == null ? null : packet.sender().hostAddress());
        if (principal.isEmpty()) {
            metrics.refused("unknown-sender");
            return;
        }
        byte[] bytes = packet.data().getBytes();
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r' || bytes[length - 1] == 0)) {
            length--;
        }
        List<TelemetryEvent> events = new ArrayList<>(1);
        handler.handle(bytes, 0, length, principal.get().tenant(), events);
        if (!events.isEmpty()) {
            submitDatagram(principal.get(), events, config.max_udp_in_flight(), deferred, DeferredEvents.FIRST_WAIT_MS);
        }
    }

    /** Submits a datagram's events; UDP has no flow control, so beyond the bound they are refused, and deferred ones are held. */
    private void submitDatagram(DevicePrincipal principal, List<TelemetryEvent> events, int maxInFlight,
            DeferredEvents deferred, long deferredWait) {
        if (udpInFlight.incrementAndGet() > maxInFlight) {
            udpInFlight.decrementAndGet();
            events.forEach(e -> metrics.refused("overloaded"));
            return;
        }
        try {
            intake.submit(new Submission(SyslogMetrics.RECEIVER, principal, events)).whenComplete((outcomes, e) -> {
                udpInFlight.decrementAndGet();
                if (e != null) {
                    events.forEach(each -> metrics.refused("overloaded"));
                } else {
                    deferred.settle(events, outcomes, deferredWait,
                            (again, nextWait) -> submitDatagram(principal, again, maxInFlight, deferred, nextWait));
                }
            });
        } catch (RuntimeException e) {
            udpInFlight.decrementAndGet();
            events.forEach(each -> metrics.refused("intake-failed"));
        }
    }

    synchronized void stop() {
        if (tcp != null) {
            await(tcp.close(), "close TCP");
            tcp = null;
        }
        if (udp != null) {
            await(udp.close(), "close UDP");
            udp = null;
        }
        if (tls != null) {
            await(tls.close(), "close TLS");
            tls = null;
        }
    }

    /** The bound TCP port, or -1. */
    synchronized int tcpPort() {
        return tcp == null ? -1 : tcp.actualPort();
    }

    /** The bound TLS port, or -1. */
    synchronized int tlsPort() {
        return tls == null ? -1 : tls.actualPort();
    }

    /** The bound UDP port, or -1. */
    synchronized int udpPort() {
        return udp == null ? -1 : udp.localAddress().port();
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted trying to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("syslog receiver cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("syslog receiver timed out trying to " + what, e);
        }
    }
}
