package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;

/**
 * The Kafka sink against the real Kafka 4.4 broker the build started (KRaft, one node): feature
 * {@code homeport-sink-kafka} installed on the running node, its configuration pointed at that broker, pipelines
 * routing a few purposes to it. Topics are read back with the real client in a JVM of its own
 * ({@link org.homeport.itests.kafka.KafkaTopicReader}).
 */
public class KafkaSinkIT extends HomeportTestSupport {
    private static final String SINK = "kafka";
    private static final String FEATURE = "homeport-sink-kafka";
    /** A second sink on the same broker that takes no record over 1 KiB: its refusals go to the dead letters. */
    private static final String SMALL_SINK = "small";

    private static String bootstrap() {
        String bootstrap = System.getProperty("homeport.kafka.bootstrap", "");
        assertFalse("the build passes homeport.kafka.bootstrap", bootstrap.isEmpty());
        return bootstrap;
    }

    @Before
    public void sinkIsInstalledAndPointsAtTheTestBroker() throws Exception {
        awaitHealthy();
        awaitAdminApi();
        awaitBroker();
        // Short timeouts, so an outage shows within seconds (the defaults wait 20 s before a batch fails).
        Map<String, String> wanted = new LinkedHashMap<>(Map.of(
                "homeport.sink.name", SINK,
                "bootstrap.servers", bootstrap(),
                "topic.prefix", "homeport.",
                "request.timeout.ms", "2000",
                "delivery.timeout.ms", "4000",
                "max.block.ms", "2000",
                "health.interval.seconds", "1"));
        if (!featuresService.isInstalled(featuresService.getFeature(FEATURE))) {
            // As an operator does: the configuration file first; the feature keeps an existing one (override="false").
            StringBuilder cfg = new StringBuilder();
            wanted.forEach((key, value) -> cfg.append(key).append(" = ").append(value).append('\n'));
            Files.writeString(Paths.get(System.getProperty("karaf.etc"), "org.homeport.sink.kafka-events.cfg"),
                    cfg.toString(), StandardCharsets.UTF_8);
            featuresService.installFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }
        await("the sink's configuration points at the test broker").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> {
                    Dictionary<String, Object> current = configurationAdmin.getFactoryConfiguration(
                            "org.homeport.sink.kafka", "events", "?").getProperties();
                    return current != null && wanted.entrySet().stream()
                            .allMatch(e -> e.getValue().equals(String.valueOf(current.get(e.getKey()))));
                });
        Map<String, String> small = new LinkedHashMap<>(wanted);
        small.put("homeport.sink.name", SMALL_SINK);
        small.put("max.request.size", "1024");
        org.osgi.service.cm.Configuration smallConfig = configurationAdmin.getFactoryConfiguration(
                "org.homeport.sink.kafka", SMALL_SINK, "?");
        Dictionary<String, Object> current = smallConfig.getProperties();
        if (current == null || !small.entrySet().stream()
                .allMatch(e -> e.getValue().equals(String.valueOf(current.get(e.getKey()))))) {
            smallConfig.update(new Hashtable<>(small)); // once: each update restarts the sink
        }
        // Up before any write: the sinks ask the brokers themselves, so an idle sink does not degrade /health.
        await("both Kafka sinks report the test broker up").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> {
                    String health = get(management("/health")).body();
                    return health.contains("{\"name\":\"kafka\",\"status\":\"up\"")
                            && health.contains("{\"name\":\"kafka-small\",\"status\":\"up\"");
                });
    }

    private static void awaitBroker() {
        String[] hostPort = bootstrap().split(":");
        await("the Kafka broker accepts connections").atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                return true;
            }
        });
    }

    private static String event(String id, String type, String purpose, String subject, String attributes) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"purpose\":\"" + purpose + "\""
                + (subject == null ? "" : ",\"subject\":\"" + subject + "\"")
                + ",\"source\":{\"product\":\"laserjet-m507\",\"version\":\"5.7.1\",\"device\":\"prn-0042\"},\"attributes\":"
                + attributes + "}";
    }

    /** What a run of the reader printed: its record lines and whether it saw every key it waited for. */
    private record Read(boolean complete, List<String> lines, String summary) {
    }

    /** Reads TOPIC from its beginning until {@code distinct} different keys starting with {@code prefix} were seen. */
    private static Read read(String topic, String prefix, int distinct, boolean whole) throws Exception {
        String classpath = Files.readString(Paths.get(System.getProperty("homeport.kafka.classpath"))).trim()
                + java.io.File.pathSeparator + System.getProperty("homeport.itest.classes");
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "org.homeport.itests.kafka.KafkaTopicReader", bootstrap(), topic, prefix, String.valueOf(distinct), "60",
                whole ? "records" : "keys");
        ProcessRun run = runProcess(command, null);
        List<String> lines = run.output().lines().filter(line -> line.startsWith(prefix)).toList();
        String summary = run.output().lines().filter(line -> line.startsWith("distinct=")).findFirst()
                .orElse("(no summary) " + run.output());
        return new Read(run.exit() == 0, lines, summary);
    }

    private static void kafkaScript(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", System.getProperty("homeport.kafka.script")));
        command.addAll(List.of(args));
        ProcessRun run = runProcess(command, null);
        assertEquals("kafka.sh " + String.join(" ", args) + ": " + run.output(), 0, run.exit());
    }

    @Test
    public void storesEachEventAsOneRecordKeyedByItsIdInThePurposesTopic() throws Exception {
        String purpose = "kafka-stored";
        declarePurposeToSink(purpose, SINK, Map.of("kafka-stored.pages", "pages:number!, toner:string"));
        String run = "st-" + UUID.randomUUID() + "-";
        List<String> ids = List.of(run + "a", run + "b", run + "c");
        postAccepted("[" + event(ids.get(0), "kafka-stored.pages", purpose, "user-4711", "{\"pages\":1200,\"toner\":\"low\"}")
                + "," + event(ids.get(1), "kafka-stored.pages", purpose, null, "{\"pages\":1201}")
                + "," + event(ids.get(2), "kafka-stored.pages", purpose, null, "{\"pages\":1202}") + "]");

        Read read = read("homeport." + purpose, run, 3, true);
        assertTrue(read.summary() + " " + read.lines(), read.complete());
        assertEquals("one record per event: " + read.lines(), 3, read.lines().size());
        Map<String, String[]> byKey = new LinkedHashMap<>();
        read.lines().forEach(line -> byKey.put(line.split("\t")[0], line.split("\t", 4)));
        assertEquals(ids.stream().sorted().toList(), byKey.keySet().stream().sorted().toList());
        String[] first = byKey.get(ids.get(0));
        assertEquals(first[2], "homeport.purpose=" + purpose + ",homeport.type=kafka-stored.pages,homeport.tenant=demo,",
                first[2]);
        String value = first[3];
        assertTrue(value, value.startsWith("{") && value.endsWith("}"));
        assertTrue(value, value.contains("\"id\":\"" + ids.get(0) + "\""));
        assertTrue(value, value.contains("\"tenant\":\"demo\""));
        assertTrue(value, value.contains("\"purpose\":\"" + purpose + "\""));
        assertTrue(value, value.contains("\"subject\":\"user-4711\""));
        assertTrue(value, value.contains("\"device\":\"prn-0042\""));
        assertTrue(value, value.contains("\"attributes\":{\"pages\":1200,\"toner\":\"low\"}"));
        awaitDelivered(SINK);

        await("/health shows the broker reached").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get(management("/health")).body().contains("{\"name\":\"kafka\",\"status\":\"up\""));
        String metrics = get(management("/metrics"), demoUser()).body();
        assertTrue(metrics, metrics.contains("homeport_sink_kafka_records_total{sink=\"kafka\"}"));
        assertTrue(metrics, metrics.contains("homeport_sink_kafka_write_latency"));
    }

    @Test
    public void aRecordTooLargeForTheSinkGoesToTheDeadLettersWithoutHoldingBackTheOthers() throws Exception {
        String purpose = "kafka-refused";
        declarePurposeToSink(purpose, SMALL_SINK, Map.of("kafka-refused.report", "text:string!"));
        String run = "rf-" + UUID.randomUUID() + "-";
        String large = run + "large";
        String secret = "dump-" + "x".repeat(1500);
        postAccepted("[" + event(run + "before", "kafka-refused.report", purpose, null, "{\"text\":\"ok\"}")
                + "," + event(large, "kafka-refused.report", purpose, null, "{\"text\":\"" + secret + "\"}")
                + "," + event(run + "after", "kafka-refused.report", purpose, null, "{\"text\":\"ok\"}") + "]");

        Read read = read("homeport." + purpose, run, 2, false);
        assertTrue(read.summary(), read.complete());
        assertTrue(read.lines().toString(), read.lines().stream().noneMatch(line -> line.startsWith(large)));
        await("the large event is in the sink's dead letters").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get(admin("/admin/v1/journal/dead-letters/" + SMALL_SINK), demoUser()).body().contains(large));
        String letters = get(admin("/admin/v1/journal/dead-letters/" + SMALL_SINK), demoUser()).body();
        assertTrue(letters, letters.contains("refused for good"));
        awaitDelivered(SMALL_SINK);

        // Later events still flow.
        postAccepted("[" + event(run + "later", "kafka-refused.report", purpose, null, "{\"text\":\"ok\"}") + "]");
        assertTrue(read("homeport." + purpose, run, 3, false).complete());
    }

    /**
     * The broker stopped while events keep coming: senders are answered from the journal, /health shows the
     * sink down, and once the broker is back every acknowledged event is in the topic (the backlog drains).
     */
    @Test
    public void nothingAcknowledgedIsLostWhileKafkaIsDown() throws Exception {
        String purpose = "kafka-outage";
        declarePurposeToSink(purpose, SINK, Map.of("kafka-outage.fault", "disk:string!"));
        String run = "out-" + UUID.randomUUID() + "-";
        postAccepted("[" + event(run + "probe", "kafka-outage.fault", purpose, null, "{\"disk\":\"probe\"}") + "]");
        assertTrue(read("homeport." + purpose, run + "probe", 1, false).complete());
        awaitDelivered(SINK);

        List<String> acknowledged = new ArrayList<>();
        kafkaScript("stop", System.getProperty("homeport.kafka.work"), "--keep");
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int batch = 0;
            while (System.nanoTime() < until) {
                List<String> events = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String id = run + batch + "-" + i;
                    ids.add(id);
                    events.add(event(id, "kafka-outage.fault", purpose, null, "{\"disk\":\"sda" + (i % 4) + "\"}"));
                }
                var response = post("[" + String.join(",", events) + "]");
                assertEquals(response.body(), 200, response.statusCode());
                assertFalse(response.body(), response.body().contains("\"errors\":[{"));
                acknowledged.addAll(ids);
                batch++;
                TimeUnit.MILLISECONDS.sleep(200);
            }
            await("/health shows the sink down").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get(management("/health")).body().contains("{\"name\":\"kafka\",\"status\":\"down\""));
        } finally {
            kafkaScript("resume", System.getProperty("homeport.kafka.work"));
        }
        assertTrue(acknowledged.size() >= 50);
        Read read = read("homeport." + purpose, run, acknowledged.size() + 1, false);
        assertTrue(read.summary() + " of " + (acknowledged.size() + 1), read.complete());
        awaitDelivered(SINK);
        assertFalse("no event went to the dead letters",
                get(admin("/admin/v1/journal/dead-letters/" + SINK), demoUser()).body().contains(run));
        await("/health shows the sink up again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get(management("/health")).body().contains("{\"name\":\"kafka\",\"status\":\"up\""));
    }
}
