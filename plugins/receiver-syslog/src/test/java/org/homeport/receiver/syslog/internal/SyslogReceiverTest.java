package org.homeport.receiver.syslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.Submission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver on real sockets of a real Vert.x, against a recording intake (our own interface). */
@org.junit.jupiter.api.Timeout(60)
class SyslogReceiverTest {
    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private final List<Submission> submissions = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<List<EventOutcome>>> held = new CopyOnWriteArrayList<>();
    private volatile boolean hold;
    /** How many more submissions the intake answers DEFERRED for every event. */
    private final java.util.concurrent.atomic.AtomicInteger deferrals = new java.util.concurrent.atomic.AtomicInteger();
    private SyslogReceiver receiver;

    private final Intake intake = new Intake() {
        @Override
        public CompletionStage<List<EventOutcome>> submit(Submission submission) {
            submissions.add(submission);
            CompletableFuture<List<EventOutcome>> answer = new CompletableFuture<>();
            boolean defer = deferrals.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            List<EventOutcome> outcomes = IntStream.range(0, submission.events().size())
                    .mapToObj(i -> defer ? EventOutcome.deferred(i, submission.events().get(i).id(), "consent-unavailable", null)
                            : submission.events().get(i).type().equals("undeclared")
                            ? EventOutcome.rejected(i, submission.events().get(i).id(), "unknown-type", null)
                            : EventOutcome.accepted(i, submission.events().get(i).id()))
                    .toList();
            if (hold) {
                held.add(answer);
                return answer.thenApply(ignored -> outcomes);
            }
            return CompletableFuture.supplyAsync(() -> outcomes);
        }
    };

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        receiver = new SyslogReceiver(vertx, intake, registry);
    }

    @AfterEach
    void stop() throws Exception {
        receiver.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void startWith(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "tcp_port", 0, "udp_port", 0,
                "sources", new String[] {"acme=127.0.0.1"},
                "mappings", new String[] {"app-name:undeclared -> undeclared/diagnostics, * -> device.log/diagnostics"},
                "subject", "sd:homeport@32473#subject",
                "max_message_bytes", 256));
        values.putAll(overrides);
        SyslogReceiver.Config config = (SyslogReceiver.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SyslogReceiver.Config.class}, (proxy, method, args) -> {
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

    private List<TelemetryEvent> events() {
        return submissions.stream().flatMap(s -> s.events().stream()).toList();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void octetCountedAndNewlineFramedMessagesBecomeEventsOfTheSendersTenant() throws Exception {
        startWith(Map.of());
        String first = "<14>1 - printer-7 fw - - [homeport@32473 subject=\"alice\"] paper jam";
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(b(b(first).length + " " + first));
            out.write(b("<13>Dec  4 11:59:01 box app: second\n"));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 2);
        }
        assertThat(events()).extracting(TelemetryEvent::tenant).containsOnly("acme");
        assertThat(events().get(0).subject()).isEqualTo("alice");
        assertThat(events().get(0).attributes()).containsEntry("message", "paper jam");
        assertThat(events().get(1).source().device()).isEqualTo("box");
        assertThat(submissions.get(0).receiver()).isEqualTo("syslog");
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.metrics().messageCount("accepted") == 2);
    }

    @Test
    void unknownSendersAreRefusedAndCounted() throws Exception {
        startWith(Map.of("sources", new String[] {"acme=10.0.0.0/8"}));
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(b("<13>hello\n"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.send(new DatagramPacket(b("<13>hi"), 6, InetAddress.getByName("127.0.0.1"), receiver.udpPort()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.metrics().refusedCount("unknown-sender") == 2);
        assertThat(submissions).isEmpty();
    }

    @Test
    void aBadOctetCountClosesTheConnectionAndTheServerGoesOn() throws Exception {
        startWith(Map.of());
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(b("<13>fine\n99999 <13>"));
            try {
                // the rest of the frame, which the receiver must not read or count again
                socket.getOutputStream().write(new byte[100_000]);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            } catch (java.net.SocketException reset) {
                // the receiver closed the connection while unread bytes were pending: a reset, also a close
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.metrics().refusedCount("too-large") == 1);
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(b("7x <13>\n<13>after\n"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.metrics().refusedCount("bad-octet-count") == 1);
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(b("<13>still serving\n"));
            await().atMost(Duration.ofSeconds(5)).until(() -> events().stream()
                    .anyMatch(e -> "still serving".equals(e.attributes().get("message"))));
        }
        assertThat(events()).extracting(e -> e.attributes().get("message")).containsExactly("fine", "still serving");
        assertThat(receiver.metrics().refusedCount("too-large")).isEqualTo(1);
        assertThat(receiver.metrics().refusedCount("bad-octet-count")).isEqualTo(1);
    }

    @Test
    void malformedAndUnmappedMessagesAreCountedByReasonAndUndeclaredTypesByOutcome() throws Exception {
        startWith(Map.of("mappings", new String[] {"app-name:undeclared -> undeclared/diagnostics, facility:user -> t/p"}));
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(b("no pri\n<13>1 - h undeclared - - - x\n<34>other facility\n<13>1 - h a p m [x\n"));
            out.write(new byte[] {'<', '1', '3', '>', (byte) 0xFF, '\n'});
            out.write(b("<13>" + "y".repeat(300) + "\n<13>ok\n"));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.metrics().messageCount("accepted") == 1);
        }
        SyslogMetrics m = receiver.metrics();
        assertThat(m.refusedCount("bad-pri")).isEqualTo(1);
        assertThat(m.refusedCount("unmapped")).isEqualTo(1);
        assertThat(m.refusedCount("malformed")).isEqualTo(1);
        assertThat(m.refusedCount("invalid-utf8")).isEqualTo(1);
        assertThat(m.refusedCount("too-large")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> m.messageCount("rejected") == 1);
        assertThat(registry.get("homeport.receiver.refused").tag("receiver", "syslog").tag("reason", "unmapped")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void theSocketIsPausedWhileTheIntakeIsBusy() throws Exception {
        startWith(Map.of("max_batch_events", 10));
        hold = true;
        int messages = 20_000;
        Thread sender = new Thread(() -> {
            try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < messages; i++) {
                    out.write(b("<13>message number " + i + " with some padding to fill the socket buffers\n"));
                }
                out.flush();
                socket.shutdownOutput();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        sender.setDaemon(true);
        sender.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !held.isEmpty());
        // the first chunk's batches are out; nothing more is read while they are held (without the pause,
        // all 20,000 messages, 1.4 MB, would be read and submitted in well under the window)
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> events().size() < 2_000);
        hold = false;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            held.forEach(f -> f.complete(List.of()));
            return events().size() == messages;
        });
        sender.join(10_000);
    }

    @Test
    void deferredEventsAreSubmittedAgainEvenAfterTheSenderClosed() throws Exception {
        startWith(Map.of());
        deferrals.set(2);
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.getOutputStream().write(b("<13>Dec  4 11:59:01 box app: kept though deferred twice\n"));
            socket.getOutputStream().flush();
        }
        // twice deferred (0.5 s, then 1 s later), then accepted: three submissions of the one event
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.metrics().messageCount("accepted") == 1);
        assertThat(submissions).hasSize(3);
        assertThat(submissions).allSatisfy(s -> assertThat(s.events()).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("message", "kept though deferred twice")));
        assertThat(receiver.metrics().messageCount("deferred")).isEqualTo(2);
    }

    @Test
    void deferredEventsBeyondTheBoundAreRefusedAndCounted() throws Exception {
        startWith(Map.of("max_deferred_events", 0));
        deferrals.set(1);
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.getOutputStream().write(b("<13>Dec  4 11:59:01 box app: not kept\n"));
            socket.getOutputStream().flush();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.metrics().refusedCount("deferred-not-kept") == 1);
        assertThat(submissions).hasSize(1);
    }

    @Test
    void deferredDatagramsAreSubmittedAgain() throws Exception {
        startWith(Map.of());
        deferrals.set(2);
        try (DatagramSocket udp = new DatagramSocket()) {
            byte[] one = b("<14>1 - h fw - - - kept though deferred over udp\n");
            udp.send(new DatagramPacket(one, one.length, InetAddress.getByName("127.0.0.1"), receiver.udpPort()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.metrics().messageCount("accepted") == 1);
        assertThat(submissions).hasSize(3);
        assertThat(submissions).allSatisfy(s -> assertThat(s.events()).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("message", "kept though deferred over udp")));
        assertThat(receiver.metrics().messageCount("deferred")).isEqualTo(2);
    }

    @Test
    void oneBoundOnDeferredEventsCoversConnectionsAndDatagrams() throws Exception {
        startWith(Map.of("max_deferred_events", 1));
        deferrals.set(2);
        try (Socket socket = new Socket("127.0.0.1", receiver.tcpPort())) {
            socket.getOutputStream().write(b("<13>Dec  4 11:59:01 box app: held for tcp\n"));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.metrics().messageCount("deferred") == 1);
            try (DatagramSocket udp = new DatagramSocket()) {
                byte[] one = b("<14>1 - h fw - - - no room left\n");
                udp.send(new DatagramPacket(one, one.length, InetAddress.getByName("127.0.0.1"), receiver.udpPort()));
            }
            // the TCP event holds the one place: the deferred datagram is refused, the TCP event taken later
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.metrics().refusedCount("deferred-not-kept") == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.metrics().messageCount("accepted") == 1);
        }
        assertThat(submissions.get(submissions.size() - 1).events()).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("message", "held for tcp"));
    }

    @Test
    void udpDatagramsAreOneMessageEach() throws Exception {
        startWith(Map.of());
        try (DatagramSocket udp = new DatagramSocket()) {
            byte[] one = b("<14>1 - h fw - - - over udp\n");
            udp.send(new DatagramPacket(one, one.length, InetAddress.getByName("127.0.0.1"), receiver.udpPort()));
            byte[] bad = b("<999>nope");
            udp.send(new DatagramPacket(bad, bad.length, InetAddress.getByName("127.0.0.1"), receiver.udpPort()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1 && receiver.metrics().refusedCount("bad-pri") == 1);
        assertThat(events().get(0).attributes()).containsEntry("message", "over udp");
        assertThat(events().get(0).tenant()).isEqualTo("acme");
    }

    // --- syslog over TLS (RFC 5425) ---

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path tlsDir;

    /** A key store made by the JDK's keytool, as an operator would make one. */
    private static java.nio.file.Path keyStore(String name, String dname) throws Exception {
        java.nio.file.Path store = tlsDir.resolve(name + ".p12");
        if (!java.nio.file.Files.exists(store)) {
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                    "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", "changeit");
        }
        return store;
    }

    /** A trust store holding only the certificate of {@code alias} in {@code keyStore}. */
    private static java.nio.file.Path trustStoreOf(java.nio.file.Path keyStore, String alias) throws Exception {
        java.nio.file.Path cer = tlsDir.resolve(alias + ".cer");
        java.nio.file.Path trust = tlsDir.resolve(alias + "-trust.p12");
        if (!java.nio.file.Files.exists(trust)) {
            keytool("-exportcert", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", "changeit",
                    "-file", cer.toString());
            keytool("-importcert", "-noprompt", "-alias", alias, "-file", cer.toString(), "-storetype", "PKCS12",
                    "-keystore", trust.toString(), "-storepass", "changeit");
        }
        return trust;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
    }

    /** A TLS client that trusts only the receiver's certificate and presents {@code clientStore}'s, if any. */
    private Socket tlsSocket(java.nio.file.Path serverStore, java.nio.file.Path clientStore) throws Exception {
        java.security.KeyStore server = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(serverStore)) {
            server.load(in, "changeit".toCharArray());
        }
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("receiver", server.getCertificate("receiver"));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trusted);
        javax.net.ssl.KeyManager[] keys = null;
        if (clientStore != null) {
            java.security.KeyStore client = java.security.KeyStore.getInstance("PKCS12");
            try (InputStream in = java.nio.file.Files.newInputStream(clientStore)) {
                client.load(in, "changeit".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            kmf.init(client, "changeit".toCharArray());
            keys = kmf.getKeyManagers();
        }
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keys, tmf.getTrustManagers(), null);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", receiver.tlsPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private Map<String, Object> tls(String... certificates) throws Exception {
        java.nio.file.Path array = keyStore("array", "CN=array-01, O=Storage");
        return Map.of("tcp_port", -1, "udp_port", -1, "tls_port", 0,
                "tls_keystore", keyStore("receiver", "CN=127.0.0.1").toString(), "tls_keystore_password", "changeit",
                "tls_truststore", trustStoreOf(array, "array").toString(), "tls_truststore_password", "changeit",
                "certificates", certificates);
    }

    private static void send(Socket socket, String message) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(b(b(message).length + " " + message));
        out.flush();
    }

    @Test
    void aTlsSenderIsTheTenantItsClientCertificateNames() throws Exception {
        Map<String, Object> config = new HashMap<>(tls("storage=CN=array-01"));
        config.put("sources", new String[0]);
        startWith(config);
        try (Socket socket = tlsSocket(keyStore("receiver", "CN=127.0.0.1"), keyStore("array", "CN=array-01, O=Storage"))) {
            send(socket, "<11>1 - array-01 raid - - - disk 3 failed");
            await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
        }
        assertThat(events().get(0).tenant()).isEqualTo("storage");
        assertThat(events().get(0).attributes()).containsEntry("message", "disk 3 failed");
        assertThat(submissions.get(0).principal().credentialId()).isEqualTo("syslog-client-certificate");
        assertThat(receiver.tcpPort()).isEqualTo(-1);
    }

    @Test
    void aTlsSenderWithoutACertificateIsIdentifiedByItsAddress() throws Exception {
        startWith(tls("storage=CN=array-01"));
        try (Socket socket = tlsSocket(keyStore("receiver", "CN=127.0.0.1"), null)) {
            send(socket, "<11>1 - box app - - - no certificate");
            await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
        }
        assertThat(events().get(0).tenant()).isEqualTo("acme");
        assertThat(submissions.get(0).principal().credentialId()).isEqualTo("syslog-source-address");
    }

    @Test
    void aTrustedCertificateNoEntryNamesFromAnUnknownAddressIsRefused() throws Exception {
        Map<String, Object> config = new HashMap<>(tls("storage=CN=someone-else"));
        config.put("sources", new String[] {"acme=10.0.0.0/8"});
        startWith(config);
        try (Socket socket = tlsSocket(keyStore("receiver", "CN=127.0.0.1"), keyStore("array", "CN=array-01, O=Storage"))) {
            send(socket, "<11>1 - array-01 raid - - - not mine");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.metrics().refusedCount("unknown-sender") == 1);
        assertThat(submissions).isEmpty();
    }

    @Test
    void aRequiredCertificateThatIsMissingFailsTheHandshake() throws Exception {
        Map<String, Object> config = new HashMap<>(tls("storage=CN=array-01"));
        config.put("tls_client_certificate_required", true);
        startWith(config);
        try (Socket socket = tlsSocket(keyStore("receiver", "CN=127.0.0.1"), null)) {
            // TLS 1.3: the server's refusal arrives after the client's handshake, at the first read or write
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                send(socket, "<11>1 - box app - - - no certificate");
                socket.getInputStream().read();
            }).isInstanceOf(java.io.IOException.class).isNotInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertThat(submissions).as("nothing from the sender without a certificate").isEmpty();
        try (Socket socket = tlsSocket(keyStore("receiver", "CN=127.0.0.1"), keyStore("array", "CN=array-01, O=Storage"))) {
            send(socket, "<11>1 - array-01 raid - - - with certificate");
            await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
        }
        assertThat(events().get(0).attributes()).containsEntry("message", "with certificate");
    }

    @Test
    void aTlsPortWithoutAKeyStoreStartsNoListenerAtAll() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startWith(Map.of("tls_port", 0)))
                .hasMessageContaining("tls.keystore");
        assertThat(receiver.tcpPort()).as("the TCP listener started before is closed again").isEqualTo(-1);
        assertThat(receiver.udpPort()).isEqualTo(-1);
    }
}
