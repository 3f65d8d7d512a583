package org.homeport.receiver.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceAuthenticationException.Reason;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.Submission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver on a real Vert.x, talked to by the Eclipse Paho MQTT 3.1.1 client, against an intake
 * whose answers the test holds back and releases.
 */
@org.junit.jupiter.api.Timeout(60)
class MqttReceiverTest {
    private static final String KEY = "hp_test_key";
    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private MqttReceiver receiver;
    private final List<Submission> submissions = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    private volatile boolean hold;
    private final AtomicInteger deferrals = new AtomicInteger();
    private final List<MqttAsyncClient> clients = new CopyOnWriteArrayList<>();

    private final Intake intake = new Intake() {
        @Override
        public CompletionStage<List<EventOutcome>> submit(Submission submission) {
            submissions.add(submission);
            boolean defer = deferrals.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            TelemetryEvent event = submission.events().get(0);
            EventOutcome outcome = defer ? EventOutcome.deferred(0, event.id(), "consent-unavailable", null)
                    : event.attributes().containsKey("undeclared")
                    ? EventOutcome.rejected(0, event.id(), "schema-violation", null)
                    : EventOutcome.accepted(0, event.id());
            CompletableFuture<Void> release = new CompletableFuture<>();
            if (hold) {
                held.add(release);
            } else {
                release.complete(null);
            }
            return release.thenApplyAsync(ignored -> List.of(outcome));
        }
    };

    private final DeviceRequestAuthenticator authenticator = credentials -> {
        String bearer = credentials.bearer();
        if (KEY.equals(bearer)) {
            return CompletableFuture.completedFuture(new DevicePrincipal("acme", "key-1", Set.of()));
        }
        return CompletableFuture.failedFuture(new DeviceAuthenticationException(Reason.UNAUTHORIZED, "no", 0, null));
    };

    private final Catalog catalog = new Catalog() {
        private final EventType meter = new EventType("usage.meter", "", Set.of("usage-metering"), List.of());

        @Override
        public java.util.Collection<Purpose> purposes() {
            return List.of();
        }

        @Override
        public Optional<Purpose> purpose(String id) {
            return Optional.empty();
        }

        @Override
        public java.util.Collection<EventType> eventTypes() {
            return List.of(meter);
        }

        @Override
        public Optional<EventType> eventType(String id) {
            return meter.id().equals(id) ? Optional.of(meter) : Optional.empty();
        }
    };

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        receiver = new MqttReceiver(vertx, intake, authenticator, catalog, registry);
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttAsyncClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(100, 100);
                }
                client.close(true);
            } catch (MqttException e) {
                // already gone
            }
        }
        held.forEach(h -> h.complete(null));
        receiver.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void startWith(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("port", 0, "max_message_bytes", 1024, "retry_min_millis", 50L,
                "retry_max_millis", 100L));
        values.putAll(overrides);
        MqttReceiver.Config config = (MqttReceiver.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MqttReceiver.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        receiver.start(config);
    }

    private MqttAsyncClient connect(String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + receiver.port(), MqttClient.generateClientId(),
                new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("printer-7");
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        options.setAutomaticReconnect(false);
        // Paho's default tries MQTT 3.1 after a refused 3.1.1 CONNECT: one version, one attempt
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private IMqttDeliveryToken publish(MqttAsyncClient client, String topic, String payload, int qos) throws MqttException {
        return client.publish(topic, b(payload), qos, false);
    }

    @Test
    void aQos1MessageIsAcknowledgedOnlyOnceTheIntakeHasAnswered() throws Exception {
        startWith(Map.of());
        MqttAsyncClient client = connect(KEY);
        hold = true;
        IMqttDeliveryToken token = publish(client, "homeport/acme/printer-7/usage.meter", "{\"pages\":12}", 1);
        await().until(() -> held.size() == 1);
        // the intake has the event and has not answered: no PUBACK yet, however long we look
        await("no PUBACK while the intake holds the event").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !token.isComplete());
        held.get(0).complete(null);
        token.waitForCompletion(10_000);
        assertThat(token.getException()).isNull();
        TelemetryEvent event = submissions.get(0).events().get(0);
        assertThat(event.tenant()).isEqualTo("acme");
        assertThat(event.source().device()).isEqualTo("printer-7");
        assertThat(event.attributes()).isEqualTo(Map.of("pages", 12));
        assertThat(submissions.get(0).receiver()).isEqualTo("mqtt");
        assertThat(receiver.metrics().messageCount("accepted")).isEqualTo(1);
    }

    @Test
    void aQos0MessageReachesTheIntake() throws Exception {
        startWith(Map.of());
        MqttAsyncClient client = connect(KEY);
        publish(client, "homeport/acme/printer-7/usage.meter", "{\"pages\":1}", 0);
        await().until(() -> receiver.metrics().messageCount("accepted") == 1);
        assertThat(submissions).hasSize(1);
    }

    @Test
    void aDeferredMessageIsSubmittedAgainAndAcknowledgedOnlyWhenStored() throws Exception {
        startWith(Map.of());
        MqttAsyncClient client = connect(KEY);
        deferrals.set(3);
        IMqttDeliveryToken token = publish(client, "homeport/acme/printer-7/usage.meter", "{\"pages\":1}", 1);
        token.waitForCompletion(10_000);
        assertThat(submissions).hasSize(4);
        assertThat(submissions.stream().map(s -> s.events().get(0).id()).distinct())
                .as("the same event id every time, so that a sink removes duplicates").hasSize(1);
        assertThat(receiver.metrics().messageCount("deferred")).isEqualTo(3);
        assertThat(receiver.metrics().messageCount("accepted")).isEqualTo(1);
        assertThat(receiver.metrics().inFlight.get()).isZero();
    }

    @Test
    void wrongOrMissingCredentialsAreRefusedAtConnect() throws Exception {
        startWith(Map.of());
        assertThatThrownBy(() -> connect("wrong")).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> connect(null)).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertThat(receiver.metrics().refusedCount("unauthorized")).isEqualTo(2);
        assertThat(submissions).isEmpty();
        connect(KEY);
    }

    @Test
    void refusedMessagesAreAcknowledgedCountedAndTheConnectionKeepsServing() throws Exception {
        startWith(Map.of());
        MqttAsyncClient client = connect(KEY);
        publish(client, "homeport/acme/printer-7/no.such.type", "{}", 1).waitForCompletion(10_000);
        publish(client, "homeport/acme/printer-7/usage.meter", "{not json", 1).waitForCompletion(10_000);
        publish(client, "elsewhere", "{}", 1).waitForCompletion(10_000);
        publish(client, "homeport/acme/printer-7/usage.meter", "{\"undeclared\":1}", 1).waitForCompletion(10_000);
        publish(client, "homeport/acme/printer-7/usage.meter", "{\"pages\":2}", 1).waitForCompletion(10_000);
        assertThat(receiver.metrics().refusedCount("unknown-type")).isEqualTo(1);
        assertThat(receiver.metrics().refusedCount("malformed")).isEqualTo(1);
        assertThat(receiver.metrics().refusedCount("unmapped")).isEqualTo(1);
        assertThat(receiver.metrics().messageCount("rejected")).isEqualTo(1);
        assertThat(receiver.metrics().messageCount("accepted")).isEqualTo(1);
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void anOversizeMessageClosesTheConnectionAndIsCounted() throws Exception {
        startWith(Map.of());
        MqttAsyncClient client = connect(KEY);
        IMqttDeliveryToken token = publish(client, "homeport/acme/printer-7/usage.meter",
                "{\"pad\":\"" + "x".repeat(2000) + "\"}", 1);
        await().until(() -> !client.isConnected());
        assertThat(token.getException()).isNotNull();
        assertThat(receiver.metrics().refusedCount("too-large")).isEqualTo(1);
        assertThat(submissions).isEmpty();
        MqttAsyncClient next = connect(KEY);
        publish(next, "homeport/acme/printer-7/usage.meter", "{\"pages\":3}", 1).waitForCompletion(10_000);
        assertThat(submissions).hasSize(1);
    }

    @Test
    void subscriptionsAreRefused() throws Exception {
        startWith(Map.of());
        MqttAsyncClient client = connect(KEY);
        IMqttToken token = client.subscribe("homeport/#", 1);
        try {
            token.waitForCompletion(10_000);
        } catch (MqttException e) {
            // Paho reports the failure code as an exception; the granted QoS below is what counts
        }
        assertThat(token.getGrantedQos()).containsExactly(0x80);
        assertThat(receiver.metrics().refusedCount("subscribe-refused")).isEqualTo(1);
    }

    @Test
    void moreQos1MessagesInFlightThanAllowedCloseAnMqtt311Connection() throws Exception {
        startWith(Map.of("max_in_flight", 1));
        MqttAsyncClient client = connect(KEY);
        hold = true;
        publish(client, "homeport/acme/printer-7/usage.meter", "{\"pages\":1}", 1);
        await().until(() -> held.size() == 1);
        publish(client, "homeport/acme/printer-7/usage.meter", "{\"pages\":2}", 1);
        await().until(() -> !client.isConnected());
        assertThat(receiver.metrics().refusedCount("too-many-in-flight")).isEqualTo(1);
        held.get(0).complete(null);
        await().until(() -> receiver.metrics().inFlight.get() == 0);
    }

    @Test
    void qos2IsNotOfferedAndClosesTheConnection() throws Exception {
        startWith(Map.of());
        MqttAsyncClient client = connect(KEY);
        publish(client, "homeport/acme/printer-7/usage.meter", "{\"pages\":1}", 2);
        await().until(() -> !client.isConnected());
        assertThat(receiver.metrics().refusedCount("qos-not-supported")).isEqualTo(1);
        assertThat(submissions).isEmpty();
    }

    @Test
    void clientsBeyondTheMaximumAreRefusedUntilOneLeaves() throws Exception {
        startWith(Map.of("max_clients", 1));
        MqttAsyncClient first = connect(KEY);
        assertThatThrownBy(() -> connect(KEY)).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE));
        assertThat(receiver.metrics().refusedCount("too-many-clients")).isEqualTo(1);
        first.disconnect().waitForCompletion(10_000);
        await().untilAsserted(() -> assertThat(receiver.metrics().clients.get()).isZero());
        connect(KEY);
    }

    @Test
    void aClientWithoutKeepAliveIsClosedAfterTheMaximumIdleTime() throws Exception {
        startWith(Map.of("max_keep_alive_seconds", 1));
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + receiver.port(), MqttClient.generateClientId(),
                new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("d");
        options.setPassword(KEY.toCharArray());
        options.setKeepAliveInterval(0);
        client.connect(options).waitForCompletion(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        assertThat(receiver.metrics().refusedCount("keep-alive-timeout")).isEqualTo(1);
    }

    @TempDir
    Path tls;

    private void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(tls.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    /** A CA for acme's devices, a device certificate it issued (CN=printer-7), and a server certificate. */
    private void certificates() throws Exception {
        String[] store = {"-storepass", "secret-pw", "-storetype", "PKCS12", "-noprompt"};
        keytool(concat(new String[] {"-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=acme-devices-ca", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12"}, store));
        keytool(concat(new String[] {"-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem"}, store));
        keytool(concat(new String[] {"-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12"}, store));
        keytool(concat(new String[] {"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12"}, store));
        keytool(concat(new String[] {"-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-file",
                "server.pem"}, store));
        keytool(concat(new String[] {"-importcert", "-alias", "server", "-file", "server.pem", "-keystore",
                "client-trust.p12"}, store));
        keytool(concat(new String[] {"-genkeypair", "-alias", "device", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=printer-7", "-validity", "2", "-keystore", "device.p12"}, store));
        keytool(concat(new String[] {"-certreq", "-alias", "device", "-keystore", "device.p12", "-file", "device.csr"}, store));
        keytool(concat(new String[] {"-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", "device.csr",
                "-outfile", "device.pem", "-validity", "2"}, store));
        keytool(concat(new String[] {"-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "device.p12"}, store));
        keytool(concat(new String[] {"-importcert", "-alias", "device", "-file", "device.pem", "-keystore", "device.p12"},
                store));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private javax.net.ssl.SSLSocketFactory clientTls(boolean withDeviceCertificate) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(tls.resolve("client-trust.p12"))) {
            trust.load(in, "secret-pw".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory trustManagers = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        javax.net.ssl.KeyManager[] keyManagers = null;
        if (withDeviceCertificate) {
            java.security.KeyStore device = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(tls.resolve("device.p12"))) {
                device.load(in, "secret-pw".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            factory.init(device, "secret-pw".toCharArray());
            keyManagers = factory.getKeyManagers();
        }
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private MqttAsyncClient connectTls(javax.net.ssl.SSLSocketFactory factory, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + receiver.port(), MqttClient.generateClientId(),
                new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(factory);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        if (password != null) {
            options.setUserName("d");
            options.setPassword(password.toCharArray());
        }
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    @Test
    void aDeviceWithACertificateOfATrustedCaPublishesAsItselfWithoutPassword() throws Exception {
        certificates();
        startWith(Map.of("tls_keystore", tls.resolve("server.p12").toString(), "tls_keystore_password", "secret-pw",
                "tls_truststore", tls.resolve("trust.p12").toString(), "tls_truststore_password", "secret-pw",
                "certificates", new String[] {"acme=CN=printer-7"}));
        MqttAsyncClient device = connectTls(clientTls(true), null);
        publish(device, "homeport/acme/printer-7/usage.meter", "{\"pages\":5}", 1).waitForCompletion(10_000);
        publish(device, "homeport/acme/printer-8/usage.meter", "{\"pages\":6}", 1).waitForCompletion(10_000);
        assertThat(submissions).hasSize(1);
        TelemetryEvent event = submissions.get(0).events().get(0);
        assertThat(event.tenant()).isEqualTo("acme");
        assertThat(event.source().device()).isEqualTo("printer-7");
        assertThat(submissions.get(0).principal().credentialId()).isEqualTo("mqtt-client-certificate");
        assertThat(receiver.metrics().refusedCount("device-mismatch")).as("another device's topic").isEqualTo(1);

        // over the same TLS port, a client without certificate still signs in with its key, and not without
        connectTls(clientTls(false), KEY);
        assertThatThrownBy(() -> connectTls(clientTls(false), null)).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void aTrustedCertificateThatNoEntryNamesIsRefused() throws Exception {
        certificates();
        startWith(Map.of("tls_keystore", tls.resolve("server.p12").toString(), "tls_keystore_password", "secret-pw",
                "tls_truststore", tls.resolve("trust.p12").toString(), "tls_truststore_password", "secret-pw",
                "certificates", new String[] {"globex=CN=printer-9"}));
        assertThatThrownBy(() -> connectTls(clientTls(true), null)).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertThat(receiver.metrics().refusedCount("unknown-certificate")).isEqualTo(1);
    }
}
