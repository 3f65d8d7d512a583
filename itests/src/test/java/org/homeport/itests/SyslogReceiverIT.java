package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * The syslog receiver feature on the real distribution, fed by util-linux {@code logger}: messages
 * over TCP (octet counting, RFC 5424) and UDP are stored by the file sink with the mapped type and
 * purpose, the purpose's anonymizer redacts an e-mail address, a subject without consent is
 * dropped, messages that map to no declared type are counted, and malformed frames leave the node
 * serving.
 */
public class SyslogReceiverIT extends HomeportTestSupport {
    private static final String LOGGER = "/usr/bin/logger";
    private static int tcpPort;
    private static int udpPort;

    @Before
    public void receiverIsUp() throws Exception {
        awaitHealthy();
        Configuration purpose = configurationAdmin.getFactoryConfiguration("org.homeport.purpose", "syslog-support", "?");
        purpose.update(new Hashtable<>(Map.of("legal.basis", "contract", "consent.default", "opt-out",
                "anonymizers", "pii-redact")));
        Configuration consented = configurationAdmin.getFactoryConfiguration("org.homeport.purpose", "syslog-consented", "?");
        consented.update(new Hashtable<>(Map.of("legal.basis", "consent", "consent.default", "opt-in")));
        Configuration type = configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", "syslog.message", "?");
        type.update(new Hashtable<>(Map.of("purposes", "syslog-support, syslog-consented", "fields",
                "message:string!, level:string")));
        if (tcpPort == 0) {
            tcpPort = freePort();
            udpPort = freePort();
        }
        if (!featuresService.isInstalled(featuresService.getFeature("homeport-receiver-syslog"))) {
            featuresService.installFeature("homeport-receiver-syslog");
        }
        // the feature writes etc/org.homeport.receiver.syslog.cfg; change it only once Felix FileInstall
        // has read that file, or its defaults would replace these settings
        await("the feature's configuration is read").atMost(Duration.ofSeconds(60)).until(() -> {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=org.homeport.receiver.syslog)");
            return found != null && found[0].getProperties() != null
                    && found[0].getProperties().get("felix.fileinstall.filename") != null;
        });
        Configuration receiver = configurationAdmin.getConfiguration("org.homeport.receiver.syslog", null);
        Hashtable<String, Object> settings = new Hashtable<>();
        java.util.Enumeration<String> keys = receiver.getProperties().keys();
        while (keys.hasMoreElements()) {
            String key = keys.nextElement();
            settings.put(key, receiver.getProperties().get(key));
        }
        settings.put("tcp.port", Integer.toString(tcpPort));
        settings.put("udp.port", Integer.toString(udpPort));
        settings.put("sources", "acme=127.0.0.1");
        settings.put("mappings", "sd:homeport@32473#consent=ask -> syslog.message/syslog-consented, "
                + "app-name:undeclared -> no.such.type/syslog-support, * -> syslog.message/syslog-support");
        settings.put("attributes", "message=msg, level=severity");
        settings.put("subject", "sd:homeport@32473#subject");
        if (!"acme=127.0.0.1".equals(receiver.getProperties().get("sources"))) {
            receiver.update(settings); // once per suite: an update restarts the receiver
        }
        await("the syslog receiver listens").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", tcpPort)) {
                return true;
            }
        });
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void logger(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LOGGER));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue("logger finishes", process.waitFor(30, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, process.exitValue());
    }

    private void tcp(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--tcp", "--octet-count", "--rfc5424", "-n", "127.0.0.1",
                "-P", Integer.toString(tcpPort)));
        all.addAll(List.of(args));
        logger(all.toArray(String[]::new));
    }

    private String metrics() throws Exception {
        return get(management("/metrics"), demoUser()).body();
    }

    @Test
    public void loggerMessagesAreStoredMappedAndAnonymizedOverTcpAndUdp() throws Exception {
        String marker = UUID.randomUUID().toString();
        tcp("-t", "printer-fw", "--sd-id", "homeport@32473", "--sd-param", "subject=\"dev-42\"",
                marker + " paper jam, notify jane.doe@example.com");
        String udpMarker = UUID.randomUUID().toString();
        logger("--udp", "--rfc3164", "-n", "127.0.0.1", "-P", Integer.toString(udpPort), "-t", "nas",
                udpMarker + " disk 3 degraded");

        await("both messages are stored").atMost(Duration.ofSeconds(30)).until(() ->
                storedLinesContaining("syslog-support", marker).size() == 1
                        && storedLinesContaining("syslog-support", udpMarker).size() == 1);
        String line = storedLinesContaining("syslog-support", marker).get(0);
        assertTrue(line, line.contains("\"type\":\"syslog.message\""));
        assertTrue(line, line.contains("\"purpose\":\"syslog-support\""));
        assertTrue(line, line.contains("\"product\":\"printer-fw\""));
        assertTrue(line, line.contains("\"level\":\"notice\""));
        assertFalse("the e-mail address is redacted: " + line, line.contains("jane.doe@example.com"));
        assertTrue(line, line.contains("[email]"));
        String udpLine = storedLinesContaining("syslog-support", udpMarker).get(0);
        assertTrue(udpLine, udpLine.contains("\"product\":\"nas\""));
    }

    @Test
    public void aSubjectWithoutConsentIsDroppedAndUndeclaredTypesAreCounted() throws Exception {
        String marker = UUID.randomUUID().toString();
        tcp("-t", "tv", "--sd-id", "homeport@32473", "--sd-param", "subject=\"viewer-7\"", "--sd-param",
                "consent=\"ask\"", marker + " channel changed");
        tcp("-t", "undeclared", marker + " goes nowhere");
        String after = UUID.randomUUID().toString();
        tcp("-t", "printer-fw", after + " later message");

        await("the later message is stored").atMost(Duration.ofSeconds(30))
                .until(() -> storedLinesContaining("syslog-support", after).size() == 1);
        assertTrue(storedLinesContaining("syslog-consented", marker).isEmpty());
        assertTrue(storedLinesContaining("syslog-support", marker).isEmpty());
        await("outcomes are counted").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String metrics = metrics();
            return metrics.contains("homeport_events_dropped_total{purpose=\"syslog-consented\",reason=\"no-consent-on-record\"}")
                    && metrics.contains("reason=\"unknown-type\"")
                    && metrics.lines().anyMatch(l -> l.startsWith("homeport_receiver_requests_total")
                            && l.contains("receiver=\"syslog\"") && l.contains("status=\"dropped\""));
        });
    }

    @Test
    public void malformedFramesAreCountedAndTheNodeKeepsServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tcpPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("no pri at all\n<13>1 - h a p m [unclosed\n".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'<', '1', '3', '>', (byte) 0xC3, '\n'});
            out.write("999999999 <13>".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("an impossible octet count closes the connection", -1, socket.getInputStream().read());
        }
        try (Socket socket = new Socket("127.0.0.1", tcpPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("12x <13>".getBytes(StandardCharsets.UTF_8));
            assertEquals(-1, socket.getInputStream().read());
        }
        String after = UUID.randomUUID().toString();
        tcp("-t", "printer-fw", after + " still serving");
        await("the node still serves").atMost(Duration.ofSeconds(30))
                .until(() -> storedLinesContaining("syslog-support", after).size() == 1);
        await("refusals are counted by reason").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String metrics = metrics();
            return List.of("bad-pri", "malformed", "invalid-utf8", "too-large", "bad-octet-count").stream()
                    .allMatch(reason -> metrics.lines().anyMatch(l -> l.startsWith("homeport_receiver_refused_total")
                            && l.contains("receiver=\"syslog\"") && l.contains("reason=\"" + reason + "\"")));
        });
        assertTrue(get(management("/health")).statusCode() == 200);
    }
}
