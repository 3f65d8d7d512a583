package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;

/**
 * The MQTT receiver feature on the real distribution, fed by the Eclipse Paho client (MQTT 3.1.1,
 * installed into the node as a bundle) and Debian's {@code mosquitto_pub} (MQTT 3.1.1 and 5; the
 * build installs package mosquitto-clients when it is missing): QoS 0 and 1 messages are stored by
 * the file sink with the mapped type and purpose, the purpose's anonymizer redacts an e-mail
 * address, a withdrawn subject is dropped, a PUBACK comes only once the event is durable, and wrong
 * credentials, oversize and malformed messages and undeclared types are refused with the
 * protocol's answer and counted, the node serving on after each.
 */
public class MqttReceiverIT extends HomeportTestSupport {
    private static final String MOSQUITTO_PUB = "mosquitto_pub";
    private static final String PAHO = "mvn:org.eclipse.paho/org.eclipse.paho.client.mqttv3/1.2.5";
    private static final int MAX_MESSAGE_BYTES = 4096;
    private static int port;

    @Inject
    private BundleContext bundleContext;

    @Before
    public void receiverIsUp() throws Exception {
        awaitHealthy();
        purpose("mqtt-support", Map.of("legal.basis", "contract", "consent.default", "opt-out", "anonymizers", "pii-redact"));
        purpose("mqtt-consented", Map.of("legal.basis", "consent", "consent.default", "opt-in"));
        type("mqtt.reading", "mqtt-support", "message:string!, level:string");
        type("mqtt.viewing", "mqtt-consented", "channel:string!");
        if (port == 0) {
            port = freePort();
        }
        if (Boolean.FALSE.equals(installedPaho())) {
            bundleContext.installBundle(PAHO).start();
        }
        if (!featuresService.isInstalled(featuresService.getFeature("homeport-receiver-mqtt"))) {
            featuresService.installFeature("homeport-receiver-mqtt");
        }
        // the feature writes etc/org.homeport.receiver.mqtt.cfg; change it only once Felix FileInstall
        // has read that file, or its defaults would replace these settings
        await("the feature's configuration is read").atMost(Duration.ofSeconds(60)).until(() -> {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=org.homeport.receiver.mqtt)");
            return found != null && found[0].getProperties() != null
                    && found[0].getProperties().get("felix.fileinstall.filename") != null;
        });
        Configuration receiver = configurationAdmin.getConfiguration("org.homeport.receiver.mqtt", null);
        if (!Integer.toString(port).equals(String.valueOf(receiver.getProperties().get("port")))) {
            Hashtable<String, Object> settings = new Hashtable<>();
            for (String key : java.util.Collections.list(receiver.getProperties().keys())) {
                settings.put(key, receiver.getProperties().get(key));
            }
            settings.put("port", Integer.toString(port));
            settings.put("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
            receiver.update(settings); // once per suite: an update restarts the receiver
        }
        await("the MQTT receiver listens").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    private Boolean installedPaho() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if ("org.eclipse.paho.client.mqttv3".equals(bundle.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

    private void purpose(String name, Map<String, String> settings) throws Exception {
        configurationAdmin.getFactoryConfiguration("org.homeport.purpose", name, "?").update(new Hashtable<>(settings));
    }

    private void type(String name, String purposes, String fields) throws Exception {
        configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", name, "?")
                .update(new Hashtable<>(Map.of("purposes", purposes, "fields", fields)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String topic(String device, String type) {
        return "homeport/demo/" + device + "/" + type;
    }

    /** mosquitto_pub's exit code and everything it printed. */
    private record Run(int exit, String output) {
    }

    private static Run mosquittoPub(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-u", "printer-9"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue("mosquitto_pub finishes", process.waitFor(30, TimeUnit.SECONDS));
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void mosquittoPubSucceeds(String... args) throws Exception {
        Run run = mosquittoPub(args);
        assertEquals(run.output(), 0, run.exit());
    }

    private String metrics() throws Exception {
        return get(management("/metrics"), demoUser()).body();
    }

    private boolean refusedCounted(String metrics, String reason) {
        return metrics.lines().anyMatch(l -> l.startsWith("homeport_receiver_refused_total") && l.contains("receiver=\"mqtt\"")
                && l.contains("reason=\"" + reason + "\""));
    }

    private static String reading(String message) {
        return "{\"message\":\"" + message + "\",\"level\":\"warn\"}";
    }

    /** A valid message stored after a hostile one: the node still serves. */
    private void stillServes() throws Exception {
        String after = UUID.randomUUID().toString();
        mosquittoPubSucceeds("-P", DEMO_KEY, "-q", "1", "-t", topic("printer-9", "mqtt.reading"), "-m",
                reading(after + " still serving"));
        assertEquals(1, storedLinesContaining("mqtt-support", after).size());
    }

    @Test
    public void pahoQos0AndQos1MessagesAreStoredMappedAndAnonymized() throws Exception {
        String qos1 = UUID.randomUUID().toString();
        String qos0 = UUID.randomUUID().toString();
        try (PahoClient paho = PahoClient.connect(port, DEMO_KEY)) {
            String failure = paho.publish(topic("printer-7", "mqtt.reading"),
                    "{\"message\":\"" + qos1 + " paper jam, notify jane.doe@example.com\",\"level\":\"warn\","
                            + "\"subject\":\"dev-42\"}", 1).await(30_000);
            assertNull(failure);
            // the PUBACK means durable in the journal: the file sink gets it without waiting for more sends
            List<String> stored = storedLinesContaining("mqtt-support", qos1);
            assertEquals(stored.toString(), 1, stored.size());
            paho.publish(topic("printer-7", "mqtt.reading"), reading(qos0 + " toner low"), 0).await(30_000);
        }
        await("the QoS 0 message is stored").atMost(Duration.ofSeconds(30))
                .until(() -> storedLinesContaining("mqtt-support", qos0).size() == 1);
        String line = storedLinesContaining("mqtt-support", qos1).get(0);
        assertTrue(line, line.contains("\"type\":\"mqtt.reading\""));
        assertTrue(line, line.contains("\"purpose\":\"mqtt-support\""));
        assertTrue(line, line.contains("\"tenant\":\"demo\""));
        assertTrue(line, line.contains("\"device\":\"printer-7\""));
        assertTrue(line, line.contains("\"product\":\"mqtt\""));
        assertTrue(line, line.contains("\"level\":\"warn\""));
        assertFalse("the e-mail address is redacted: " + line, line.contains("jane.doe@example.com"));
        assertTrue(line, line.contains("[email]"));
    }

    @Test
    public void mosquittoPubMessagesOverMqtt311And5AreStored() throws Exception {
        String v311 = UUID.randomUUID().toString();
        String v5 = UUID.randomUUID().toString();
        String v5qos0 = UUID.randomUUID().toString();
        mosquittoPubSucceeds("-V", "mqttv311", "-P", DEMO_KEY, "-q", "1", "-t", topic("printer-9", "mqtt.reading"), "-m",
                reading(v311 + " drum worn"));
        mosquittoPubSucceeds("-V", "mqttv5", "-P", DEMO_KEY, "-q", "1", "-t", topic("printer-9", "mqtt.reading"), "-m",
                reading(v5 + " drum worn"));
        // acknowledged means durable: stored without waiting
        assertEquals(1, storedLinesContaining("mqtt-support", v311).size());
        assertEquals(1, storedLinesContaining("mqtt-support", v5).size());
        mosquittoPubSucceeds("-V", "mqttv5", "-P", DEMO_KEY, "-q", "0", "-t", topic("printer-9", "mqtt.reading"), "-m",
                reading(v5qos0 + " drum worn"));
        await("the QoS 0 message is stored").atMost(Duration.ofSeconds(30))
                .until(() -> storedLinesContaining("mqtt-support", v5qos0).size() == 1);
        assertTrue(storedLinesContaining("mqtt-support", v5).get(0).contains("\"device\":\"printer-9\""));
    }

    @Test
    public void aPubackComesOnlyOnceTheEventIsDurable() throws Exception {
        // a purpose whose anonymizer is not installed holds its events back (deferred): no PUBACK
        purpose("mqtt-held", Map.of("legal.basis", "contract", "consent.default", "opt-out",
                "anonymizers", "mqtt-not-installed"));
        type("mqtt.held", "mqtt-held", "note:string!");
        String marker = UUID.randomUUID().toString();
        try (PahoClient paho = PahoClient.connect(port, DEMO_KEY)) {
            // the type is declared asynchronously: QoS 0 probes until the node defers them instead of refusing
            await("the node defers events of the held type").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> {
                        paho.publish(topic("box-1", "mqtt.held"), "{\"note\":\"probe\"}", 0).await(5_000);
                        return metrics().contains(
                                "homeport_events_deferred_total{purpose=\"mqtt-held\",reason=\"anonymizer-unavailable\"}");
                    });
            PahoClient.Delivery delivery = paho.publish(topic("box-1", "mqtt.held"), "{\"note\":\"" + marker + "\"}", 1);
            await("no PUBACK while the event is held back").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> !delivery.isComplete());
            assertTrue(storedLinesContaining("mqtt-held", marker).isEmpty());
            // the anonymizer requirement goes: the receiver's next try is stored, and only then the PUBACK comes
            purpose("mqtt-held", Map.of("legal.basis", "contract", "consent.default", "opt-out"));
            assertNull(delivery.await(60_000));
            assertEquals(1, storedLinesContaining("mqtt-held", marker).size());
            assertTrue(paho.isConnected());
        } finally {
            purpose("mqtt-held", Map.of("legal.basis", "contract", "consent.default", "opt-out"));
        }
    }

    @Test
    public void wrongCredentialsAreRefusedAtConnect() throws Exception {
        try (PahoClient paho = PahoClient.connect(port, "hp_wrong_key_000000000000")) {
            fail("connected with a wrong key");
        } catch (PahoClient.Refused refused) {
            assertEquals("bad user name or password (CONNACK 0x04)", 4, refused.code);
        }
        Run v311 = mosquittoPub("-V", "mqttv311", "-P", "hp_wrong_key_000000000000", "-q", "1", "-t",
                topic("printer-9", "mqtt.reading"), "-m", reading("never stored"));
        assertTrue(v311.output(), v311.exit() != 0);
        assertTrue(v311.output(), v311.output().toLowerCase(Locale.ROOT).contains("bad user name or password"));
        Run v5 = mosquittoPub("-V", "mqttv5", "-P", "hp_wrong_key_000000000000", "-q", "1", "-t",
                topic("printer-9", "mqtt.reading"), "-m", reading("never stored"));
        assertTrue(v5.output(), v5.exit() != 0);
        assertTrue(v5.output(), v5.output().toLowerCase(Locale.ROOT).contains("bad user name or password"));
        await("refusals are counted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> refusedCounted(metrics(), "unauthorized"));
        stillServes();
    }

    @Test
    public void hostileMessagesAreRefusedCountedAndTheNodeKeepsServing() throws Exception {
        String marker = UUID.randomUUID().toString();
        // oversize over MQTT 3.1.1: the connection is closed, nothing stored
        try (PahoClient paho = PahoClient.connect(port, DEMO_KEY)) {
            String failure = paho.publish(topic("printer-7", "mqtt.reading"),
                    reading(marker + " " + "x".repeat(MAX_MESSAGE_BYTES)), 1).await(30_000);
            assertTrue("an oversize message gets no PUBACK", failure != null);
            await().atMost(Duration.ofSeconds(30)).until(() -> !paho.isConnected());
        }
        // oversize over MQTT 5: the client was told the Maximum Packet Size in CONNACK and does not send it
        // (libmosquitto 2.0.11 drops it silently and exits 0); the marker is not stored (checked below)
        mosquittoPub("-V", "mqttv5", "-P", DEMO_KEY, "-q", "1", "-t", topic("printer-9", "mqtt.reading"),
                "-m", reading(marker + " " + "x".repeat(MAX_MESSAGE_BYTES)));
        // malformed JSON: MQTT 5 gets PUBACK 0x99 payload format invalid; MQTT 3.1.1 a plain PUBACK
        Run malformed5 = mosquittoPub("-V", "mqttv5", "-P", DEMO_KEY, "-q", "1", "-t", topic("printer-9", "mqtt.reading"),
                "-m", "{\"message\": " + marker);
        assertTrue(malformed5.output(), malformed5.output().toLowerCase(Locale.ROOT).contains("payload format invalid"));
        mosquittoPubSucceeds("-V", "mqttv311", "-P", DEMO_KEY, "-q", "1", "-t", topic("printer-9", "mqtt.reading"), "-m",
                "[" + marker + "]");
        // an undeclared type
        Run unknown5 = mosquittoPub("-V", "mqttv5", "-P", DEMO_KEY, "-q", "1", "-t", topic("printer-9", "no.such.type"),
                "-m", reading(marker));
        assertTrue(unknown5.output(), unknown5.output().toLowerCase(Locale.ROOT).contains("payload format invalid"));
        // a topic outside the template, and another tenant's
        Run unmapped5 = mosquittoPub("-V", "mqttv5", "-P", DEMO_KEY, "-q", "1", "-t", "elsewhere/" + marker, "-m",
                reading(marker));
        assertTrue(unmapped5.output(), unmapped5.output().toLowerCase(Locale.ROOT).contains("topic name invalid"));
        Run otherTenant = mosquittoPub("-V", "mqttv5", "-P", DEMO_KEY, "-q", "1", "-t",
                "homeport/acme/printer-9/mqtt.reading", "-m", reading(marker));
        assertTrue(otherTenant.output(), otherTenant.output().toLowerCase(Locale.ROOT).contains("not authorized"));
        // QoS 2 is not offered: the connection is closed
        try (PahoClient paho = PahoClient.connect(port, DEMO_KEY)) {
            assertTrue(paho.publish(topic("printer-7", "mqtt.reading"), reading(marker), 2).await(30_000) != null);
            await().atMost(Duration.ofSeconds(30)).until(() -> !paho.isConnected());
        }
        // a broken packet
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            socket.getOutputStream().flush();
            assertEquals("a broken CONNECT is not answered", -1, socket.getInputStream().read());
        }

        stillServes();
        assertTrue(storedLinesContaining("mqtt-support", marker).isEmpty());
        await("refusals are counted by reason").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String metrics = metrics();
            return List.of("too-large", "malformed", "unknown-type", "unmapped", "tenant-mismatch", "qos-not-supported")
                    .stream().allMatch(reason -> refusedCounted(metrics, reason));
        });
        assertEquals(200, get(management("/health")).statusCode());
    }

    @Test
    public void aWithdrawnSubjectIsDroppedAndStillAcknowledged() throws Exception {
        String subject = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/consent/v1/subjects/" + subject + "/purposes/mqtt-consented";
        await("the purpose is known to the consent API").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> device("PUT", path, "{\"state\":\"granted\"}").statusCode() / 100 == 2);
        String granted = UUID.randomUUID().toString();
        mosquittoPubSucceeds("-P", DEMO_KEY, "-q", "1", "-t", topic("tv-3", "mqtt.viewing"), "-m",
                "{\"channel\":\"" + granted + "\",\"subject\":\"" + subject + "\"}");
        assertEquals(1, storedLinesContaining("mqtt-consented", granted).size());

        assertEquals(2, device("PUT", path, "{\"state\":\"withdrawn\"}").statusCode() / 100);
        String withdrawn = UUID.randomUUID().toString();
        // dropped by the gate is an answer: the PUBACK comes, and nothing is stored
        mosquittoPubSucceeds("-P", DEMO_KEY, "-q", "1", "-t", topic("tv-3", "mqtt.viewing"), "-m",
                "{\"channel\":\"" + withdrawn + "\",\"subject\":\"" + subject + "\"}");
        assertTrue(storedLinesContaining("mqtt-consented", withdrawn).isEmpty());
        await("the drop is counted").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String metrics = metrics();
            return metrics.contains("homeport_events_dropped_total{purpose=\"mqtt-consented\",reason=\"consent-withdrawn\"}")
                    && metrics.lines().anyMatch(l -> l.startsWith("homeport_receiver_requests_total")
                            && l.contains("receiver=\"mqtt\"") && l.contains("status=\"dropped\""));
        });
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", "itest-pw", "-storetype", "PKCS12", "-noprompt"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, process.waitFor());
    }

    /** With the JDK's keytool: a CA for demo's devices, a device certificate it issued (CN=printer-7), a server certificate. */
    private static void certificates(Path dir) throws Exception {
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=demo-devices-ca", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool(dir, "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "device-cas.p12");
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12");
        keytool(dir, "-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-file", "server.pem");
        keytool(dir, "-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "client-trust.p12");
        keytool(dir, "-genkeypair", "-alias", "device", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=printer-7", "-validity", "2", "-keystore", "device.p12");
        keytool(dir, "-certreq", "-alias", "device", "-keystore", "device.p12", "-file", "device.csr");
        keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", "device.csr", "-outfile",
                "device.pem", "-validity", "2");
        keytool(dir, "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "device.p12");
        keytool(dir, "-importcert", "-alias", "device", "-file", "device.pem", "-keystore", "device.p12");
    }

    private static javax.net.ssl.SSLSocketFactory deviceTls(Path dir) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(dir.resolve("client-trust.p12"))) {
            trust.load(in, "itest-pw".toCharArray());
        }
        java.security.KeyStore device = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(dir.resolve("device.p12"))) {
            device.load(in, "itest-pw".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory trustManagers = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(device, "itest-pw".toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    @Test
    public void aDeviceCertificateOfATrustedCaSignsInWithoutPasswordAndPublishesOnlyAsItself() throws Exception {
        Path dir = Files.createTempDirectory("mqtt-tls");
        certificates(dir);
        javax.net.ssl.SSLSocketFactory tls = deviceTls(dir);
        Configuration receiver = configurationAdmin.getConfiguration("org.homeport.receiver.mqtt", null);
        Hashtable<String, Object> plain = new Hashtable<>();
        for (String key : java.util.Collections.list(receiver.getProperties().keys())) {
            plain.put(key, receiver.getProperties().get(key));
        }
        Hashtable<String, Object> withTls = new Hashtable<>(plain);
        withTls.put("tls.keystore", dir.resolve("server.p12").toString());
        withTls.put("tls.keystore.password", "itest-pw");
        withTls.put("tls.truststore", dir.resolve("device-cas.p12").toString());
        withTls.put("tls.truststore.password", "itest-pw");
        withTls.put("certificates", "demo=CN=printer-7");
        receiver.update(withTls);
        String marker = UUID.randomUUID().toString();
        try {
            PahoClient device = await("the receiver speaks TLS").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> PahoClient.connectTls(port, tls, null), java.util.Objects::nonNull);
            try (device) {
                assertNull(device.publish(topic("printer-7", "mqtt.reading"), reading(marker + " mine"), 1).await(30_000));
                // another device's topic: refused (an MQTT 3.1.1 client gets its plain PUBACK), nothing stored
                assertNull(device.publish(topic("printer-8", "mqtt.reading"), reading(marker + " not mine"), 1)
                        .await(30_000));
            }
            List<String> stored = storedLinesContaining("mqtt-support", marker);
            assertEquals(stored.toString(), 1, stored.size());
            assertTrue(stored.get(0), stored.get(0).contains("\"device\":\"printer-7\"") && !stored.get(0).contains("not mine"));
            await("the other device's topic is counted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> refusedCounted(metrics(), "device-mismatch"));
        } finally {
            receiver.update(plain);
            await("the receiver speaks plain MQTT again").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> {
                        try (PahoClient paho = PahoClient.connect(port, DEMO_KEY)) {
                            return paho.isConnected();
                        }
                    });
        }
    }
}
