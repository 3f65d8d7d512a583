package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The crash test of issue 12: cycles of load and {@code kill -9} at a random moment against the real
 * distribution; afterwards every event id the node acknowledged must be in the file sink's files.
 * Duplicates are allowed (delivery is at least once) and only reported.
 *
 * <p>Not a Pax Exam test, although it runs with them: the JVM that does the work must die by SIGKILL
 * and start again on the same {@code data/}, which a container that hosts the test's own probe does
 * not survive. The test unpacks the tar.gz the build made once into {@code target/crash-test/},
 * gives it free ports on 127.0.0.1, and runs it as its own child process with {@code bin/karaf daemon}
 * (the shipped {@code bin/setenv} applies; the script {@code exec}s java, so the child's pid is the
 * JVM's pid, which the test checks against {@code karaf.pid} before it ever kills).
 *
 * <p>An event counts as acknowledged when its request was answered 200 or 503 and the answer does not
 * list it in {@code errors} (docs/http-api.md: an {@code ACCEPTED} event is stored even in a 503
 * answer). Requests that fail, time out or get any other status acknowledge nothing. The final check
 * waits (up to {@code homeport.crashtest.delivery.seconds}) until every acknowledged id is in the
 * sink, so it holds both when an acknowledgement means "written by every sink" (ADR 0004) and when it
 * means "durable in the journal, delivered shortly after" (ADR 0007).
 *
 * <p>Settings (system properties, e.g. {@code -Dhomeport.crashtest.cycles=5}):
 * {@code homeport.crashtest.cycles} (20), {@code .threads} (4 client threads), {@code .batch}
 * (100 events per request), {@code .kill.max.millis} (3000: the kill comes a random 0..this many ms
 * after the cycle's first acknowledgement), {@code .seed} (random; printed, pass it to repeat the
 * kill moments), {@code .start.seconds} (120 per start), {@code .delivery.seconds} (120).
 *
 * <p>Output: one line per cycle and a summary line in the test's output
 * ({@code target/failsafe-reports/org.homeport.itests.CrashCycleIT-output.txt}) and in
 * {@code target/crash-test-summary.txt}. The node's home, with its {@code data/log/} and the
 * script's output ({@code node-output.log}), stays in {@code target/crash-test/} until the next run.
 */
public class CrashCycleIT {
    private static final String DEMO_KEY = "hp_demo_7Qm2xV9cLr4tWz8KpN3s";
    private static final String PURPOSE = "performance-metrics";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Settings settings = Settings.fromSystemProperties();
    private final Path work = Paths.get("target", "crash-test").toAbsolutePath();
    private final Path summaryFile = Paths.get("target", "crash-test-summary.txt").toAbsolutePath();
    private Node node;

    @Before
    public void unpackTheDistributionOnce() throws Exception {
        String distribution = System.getProperty("homeport.distribution");
        assertTrue("system property homeport.distribution must name the distribution's tar.gz, got " + distribution,
                distribution != null && Files.isRegularFile(Paths.get(distribution)));
        deleteRecursively(work);
        Files.deleteIfExists(summaryFile);
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "-xzf", distribution, "-C", unpacked.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("tar.log").toFile()).start();
        assertTrue("tar did not finish within 120 s", tar.waitFor(120, TimeUnit.SECONDS));
        assertEquals("tar -xzf " + distribution + " failed, see " + work.resolve("tar.log"), 0, tar.exitValue());
        Path home;
        try (Stream<Path> entries = Files.list(unpacked)) {
            List<Path> homes = entries.filter(p -> Files.isExecutable(p.resolve("bin/karaf"))).toList();
            assertEquals("one distribution with bin/karaf in " + unpacked, 1, homes.size());
            home = homes.get(0);
        }
        node = new Node(home, work.resolve("node-output.log"));
        node.configureFreePorts();
    }

    @After
    public void stopTheNode() {
        if (node != null) {
            node.stop();
            System.out.println("crash test: node home (data/log/karaf.log, data/homeport/events/) kept in " + node.home);
        }
    }

    @Test
    public void everyAcknowledgedEventSurvivesRepeatedKillNine() throws Exception {
        long testStarted = System.nanoTime();
        Random random = new Random(settings.seed());
        log(String.format(Locale.ROOT, "crash test: %d cycles, %d threads x %d events per request, kill 0..%d ms after the first"
                + " acknowledgement, seed %d (-Dhomeport.crashtest.seed=%d repeats the kill moments); node in %s, ports %s",
                settings.cycles(), settings.threads(), settings.batch(), settings.killMaxMillis(), settings.seed(),
                settings.seed(), node.home, node.ports()));

        List<CycleResult> cycles = new ArrayList<>();
        for (int cycle = 1; cycle <= settings.cycles(); cycle++) {
            long killDelay = (long) (random.nextDouble() * (settings.killMaxMillis() + 1));
            CycleResult result = runCycle(cycle, killDelay);
            cycles.add(result);
            log(result.describe(settings.cycles()));
            assertTrue("cycle " + cycle + " acknowledged no event; the load does not reach the node: " + result.describe(settings.cycles()),
                    result.acknowledged() > 0);
        }

        Map<String, Ack> acknowledged = new HashMap<>();
        for (CycleResult cycle : cycles) {
            for (Ack ack : cycle.acks()) {
                for (String id : ack.ids()) {
                    acknowledged.put(id, ack);
                }
            }
        }

        // Once more, and let it deliver: with a journal, acknowledged events may reach the sink only now.
        Duration healthy = node.start(settings.startTimeout());
        log(String.format(Locale.ROOT, "final start: healthy after %.1f s; waiting up to %d s until all %d acknowledged ids are in %s",
                healthy.toMillis() / 1000.0, settings.deliveryTimeout().toSeconds(), acknowledged.size(), node.eventsDirectory()));
        long waitStarted = System.nanoTime();
        boolean delivered;
        try {
            await("every acknowledged id is in the file sink").atMost(settings.deliveryTimeout())
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        node.checkAlive();
                        return SinkScan.of(node.eventsDirectory()).missing(acknowledged.keySet()).isEmpty();
                    });
            delivered = true;
        } catch (ConditionTimeoutException e) {
            delivered = false;
        }
        double waited = (System.nanoTime() - waitStarted) / 1e9;
        // Stop it before the last look, so no file is being written while it is read.
        node.stop();
        SinkScan sink = SinkScan.of(node.eventsDirectory());
        List<String> missing = sink.missing(acknowledged.keySet());
        double seconds = (System.nanoTime() - testStarted) / 1e9;

        long storedUnacknowledged = sink.counts().keySet().stream().filter(id -> !acknowledged.containsKey(id)).count();
        String summary = String.format(Locale.ROOT,
                "CrashCycleIT summary: cycles=%d acknowledged=%d found=%d missing=%d duplicates=%d (ids stored more than once;"
                        + " %d extra copies) stored-unacknowledged=%d unreadable-lines=%d files=%d seed=%d"
                        + " delivery-wait=%.1fs duration=%.1fs",
                cycles.size(), acknowledged.size(), acknowledged.size() - missing.size(), missing.size(), sink.duplicateIds(),
                sink.extraCopies(), storedUnacknowledged, sink.unreadableLines(), sink.files(), settings.seed(), waited, seconds);
        StringBuilder report = new StringBuilder(summary).append('\n');
        for (CycleResult cycle : cycles) {
            report.append(cycle.describe(settings.cycles())).append('\n');
        }
        if (!missing.isEmpty()) {
            report.append(describeMissing(missing, acknowledged, cycles));
        }
        Files.writeString(summaryFile, report, StandardCharsets.UTF_8);
        log(report.toString().stripTrailing());

        assertTrue(missing.size() + " of " + acknowledged.size() + " acknowledged events are not in the file sink"
                + (delivered ? "" : " after " + settings.deliveryTimeout().toSeconds() + " s") + "; see " + summaryFile
                + " and the node's logs in " + node.home.resolve("data/log") + ". " + describeMissing(missing, acknowledged, cycles),
                missing.isEmpty());
        for (CycleResult cycle : cycles) {
            assertTrue("cycle " + cycle.cycle() + " got answers it could not read: " + cycle.unreadableAnswers(),
                    cycle.unreadableAnswers().isEmpty());
        }
    }

    /** Starts the node, loads it from several threads, kills it with SIGKILL at the cycle's moment. */
    private CycleResult runCycle(int cycle, long killDelayMillis) throws Exception {
        Duration healthy = node.start(settings.startTimeout());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Load load = new Load(cycle, client, node.receiverUri());
        ExecutorService threads = Executors.newFixedThreadPool(settings.threads());
        List<Future<?>> senders = new ArrayList<>();
        long killedAt;
        try {
            for (int thread = 0; thread < settings.threads(); thread++) {
                int threadNumber = thread;
                senders.add(threads.submit(() -> load.send(threadNumber, settings.batch())));
            }
            await("cycle " + cycle + ": a first acknowledged event").atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        node.checkAlive();
                        return load.acknowledgedEvents.get() > 0;
                    });
            // The one deliberate wait of the test: the random moment of the kill, while requests are in flight.
            Thread.sleep(killDelayMillis);
            killedAt = System.nanoTime();
            node.kill();
        } finally {
            // Requests sent before this line are in flight against a dying JVM; none are sent after it.
            load.stop.set(true);
            threads.shutdown();
        }
        node.awaitExit(Duration.ofSeconds(30));
        for (Future<?> sender : senders) {
            sender.get(60, TimeUnit.SECONDS);
        }
        assertTrue("cycle " + cycle + ": the client threads did not stop", threads.awaitTermination(10, TimeUnit.SECONDS));
        return new CycleResult(cycle, healthy, killDelayMillis, killedAt, List.copyOf(load.acks), new TreeMap<>(load.statuses),
                new TreeMap<>(load.notAccepted), load.failedRequests.get(), List.copyOf(load.unreadableAnswers));
    }

    /** For each missing id: its cycle, and when its answer came relative to that cycle's kill. */
    private static String describeMissing(List<String> missing, Map<String, Ack> acknowledged, List<CycleResult> cycles) {
        if (missing.isEmpty()) {
            return "";
        }
        Map<Integer, Integer> perCycle = new TreeMap<>();
        for (String id : missing) {
            perCycle.merge(acknowledged.get(id).cycle(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder("missing per cycle " + perCycle + "; e.g.");
        missing.stream().sorted().limit(10).forEach(id -> {
            Ack ack = acknowledged.get(id);
            CycleResult cycle = cycles.get(ack.cycle() - 1);
            text.append(String.format(Locale.ROOT, " %s (request of %d events, answered %d ms before the kill)", id,
                    ack.ids().size(), TimeUnit.NANOSECONDS.toMillis(cycle.killedAt() - ack.answeredAt())));
        });
        return text.append('\n').toString();
    }

    private static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Settings(int cycles, int threads, int batch, long killMaxMillis, long seed, Duration startTimeout,
            Duration deliveryTimeout) {
        static Settings fromSystemProperties() {
            String seed = System.getProperty("homeport.crashtest.seed");
            return new Settings(Integer.getInteger("homeport.crashtest.cycles", 20),
                    Integer.getInteger("homeport.crashtest.threads", 4),
                    Integer.getInteger("homeport.crashtest.batch", 100),
                    Long.getLong("homeport.crashtest.kill.max.millis", 3000),
                    seed == null || seed.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(seed.trim()),
                    Duration.ofSeconds(Long.getLong("homeport.crashtest.start.seconds", 120)),
                    Duration.ofSeconds(Long.getLong("homeport.crashtest.delivery.seconds", 120)));
        }
    }

    /** One answered request: the ids it acknowledged, and when the answer arrived (System.nanoTime). */
    record Ack(int cycle, List<String> ids, long answeredAt) {
    }

    record CycleResult(int cycle, Duration healthy, long killDelayMillis, long killedAt, List<Ack> acks,
            Map<Integer, Integer> statuses, Map<String, Integer> notAccepted, int failedRequests,
            List<String> unreadableAnswers) {
        long acknowledged() {
            return acks.stream().mapToLong(a -> a.ids().size()).sum();
        }

        String describe(int cycles) {
            return String.format(Locale.ROOT, "cycle %d/%d: healthy after %.1f s, killed %d ms after the first acknowledgement;"
                    + " answers %s, requests failed (in flight at the kill) %d, acknowledged %d events, not accepted %s", cycle, cycles,
                    healthy.toMillis() / 1000.0, killDelayMillis, statuses, failedRequests, acknowledged(), notAccepted);
        }
    }

    /** The client side of one cycle: threads sending batches of events with unique ids until told to stop. */
    private static final class Load {
        final int cycle;
        final HttpClient client;
        final URI receiver;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong acknowledgedEvents = new AtomicLong();
        final AtomicInteger failedRequests = new AtomicInteger();
        final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final Map<String, Integer> notAccepted = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> unreadableAnswers = new ConcurrentLinkedQueue<>();

        Load(int cycle, HttpClient client, URI receiver) {
            this.cycle = cycle;
            this.client = client;
            this.receiver = receiver;
        }

        Void send(int thread, int batch) throws InterruptedException {
            int sequence = 0;
            while (!stop.get()) {
                List<String> ids = new ArrayList<>(batch);
                StringBuilder body = new StringBuilder(batch * 200).append('[');
                for (int i = 0; i < batch; i++) {
                    String id = String.format(Locale.ROOT, "crash-c%02d-t%d-%07d", cycle, thread, sequence++);
                    ids.add(id);
                    if (i > 0) {
                        body.append(',');
                    }
                    body.append("{\"id\":\"").append(id).append("\",\"type\":\"app.performance\",\"purpose\":\"").append(PURPOSE)
                            .append("\",\"source\":{\"product\":\"crash-test\",\"version\":\"1\"},")
                            .append("\"attributes\":{\"metric\":\"crash.cycle\",\"value\":").append(cycle).append(",\"unit\":\"n\"}}");
                }
                body.append(']');
                HttpRequest request = HttpRequest.newBuilder(receiver).timeout(Duration.ofSeconds(15))
                        .header("X-Api-Key", DEMO_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
                HttpResponse<String> response;
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // Reset, refused or timed out: in flight when the node was killed. Nothing of it is acknowledged.
                    failedRequests.incrementAndGet();
                    continue;
                }
                record(response, ids, System.nanoTime());
            }
            return null;
        }

        private void record(HttpResponse<String> response, List<String> ids, long answeredAt) {
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() != 200 && response.statusCode() != 503) {
                return;
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(response.body());
            } catch (IOException e) {
                unreadableAnswers.add(response.statusCode() + " " + abbreviate(response.body()));
                return;
            }
            Set<Integer> notAcceptedIndexes = new HashSet<>();
            for (JsonNode error : answer.path("errors")) {
                int index = error.path("index").asInt(-1);
                if (index < 0 || index >= ids.size() || !notAcceptedIndexes.add(index)) {
                    unreadableAnswers.add(response.statusCode() + " " + abbreviate(response.body()));
                    return;
                }
                notAccepted.merge(error.path("status").asText("?") + "/" + error.path("reason").asText("?"), 1, Integer::sum);
            }
            List<String> accepted = new ArrayList<>(ids.size() - notAcceptedIndexes.size());
            for (int i = 0; i < ids.size(); i++) {
                if (!notAcceptedIndexes.contains(i)) {
                    accepted.add(ids.get(i));
                }
            }
            if (answer.path("accepted").asInt(-1) != accepted.size()) {
                // An answer whose count does not match its errors list: trust neither, acknowledge nothing.
                unreadableAnswers.add(response.statusCode() + " " + abbreviate(response.body()));
                return;
            }
            if (!accepted.isEmpty()) {
                acks.add(new Ack(cycle, List.copyOf(accepted), answeredAt));
                acknowledgedEvents.addAndGet(accepted.size());
            }
        }

        private static String abbreviate(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "…";
        }
    }

    /** What the file sink holds: how often each id occurs in any file under its directory. */
    record SinkScan(Map<String, Integer> counts, int files, long unreadableLines) {
        static SinkScan of(Path directory) throws IOException {
            Map<String, Integer> counts = new HashMap<>();
            int files = 0;
            long unreadable = 0;
            if (!Files.isDirectory(directory)) {
                return new SinkScan(counts, 0, 0);
            }
            List<Path> all;
            try (Stream<Path> walk = Files.walk(directory)) {
                all = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : all) {
                files++;
                // An InputStreamReader replaces bytes that are not UTF-8 instead of failing the whole file.
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        String id = idOf(line);
                        if (id == null) {
                            unreadable++; // e.g. a line torn by the kill: it was never acknowledged
                        } else {
                            counts.merge(id, 1, Integer::sum);
                        }
                    }
                }
            }
            return new SinkScan(counts, files, unreadable);
        }

        /** The id of a line that is one whole JSON object with a string id; null for anything else. */
        private static String idOf(String line) {
            try {
                JsonNode event = JSON.readTree(line);
                return event != null && event.isObject() && event.path("id").isTextual() ? event.get("id").asText() : null;
            } catch (IOException e) {
                return null;
            }
        }

        List<String> missing(Set<String> acknowledged) {
            return acknowledged.stream().filter(id -> !counts.containsKey(id)).toList();
        }

        long duplicateIds() {
            return counts.values().stream().filter(c -> c > 1).count();
        }

        long extraCopies() {
            return counts.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum();
        }
    }

    /** The distribution, run as this test's child process. */
    private static final class Node {
        final Path home;
        final Path output;
        final int receiverPort = freePort();
        final int managementPort = freePort();
        final int adminPort = freePort();
        final int sshPort = freePort();
        final HttpClient health = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Process process;
        Thread shutdownHook;

        Node(Path home, Path output) {
            this.home = home;
            this.output = output;
        }

        String ports() {
            return "receiver " + receiverPort + ", management " + managementPort + ", admin " + adminPort + ", ssh " + sshPort;
        }

        URI receiverUri() {
            return URI.create("http://127.0.0.1:" + receiverPort + "/v1/events");
        }

        Path eventsDirectory() {
            return home.resolve("data/homeport/events");
        }

        /** Free ports on 127.0.0.1, so the test runs next to a node on the default ports or another test run. */
        void configureFreePorts() throws IOException {
            Path etc = home.resolve("etc");
            for (Map.Entry<String, Integer> pid : Map.of("org.homeport.receiver.http.cfg", receiverPort,
                    "org.homeport.management.cfg", managementPort, "org.homeport.admin.cfg", adminPort).entrySet()) {
                setProperty(etc.resolve(pid.getKey()), "host", "127.0.0.1");
                setProperty(etc.resolve(pid.getKey()), "port", String.valueOf(pid.getValue()));
            }
            setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(sshPort));
        }

        /** Sets one key of a .cfg file: drops the lines that set it, appends it; creates the file if need be. */
        private static void setProperty(Path file, String key, String value) throws IOException {
            List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
            lines.removeIf(line -> line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*"));
            lines.add("# set by CrashCycleIT");
            lines.add(key + " = " + value);
            Files.write(file, lines, StandardCharsets.UTF_8);
        }

        /** Starts bin/karaf daemon and waits until /health answers 200; returns how long that took. */
        Duration start(Duration timeout) throws IOException {
            assertTrue("the node is still running", process == null || !process.isAlive());
            long started = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon").directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("KARAF_"));
            environment.put("JAVA_HOME", System.getProperty("java.home"));
            // A karaf.pid left by the last kill must not make the script refuse to start.
            environment.put("CHECK_ROOT_INSTANCE_RUNNING", "false");
            Files.writeString(output, "---- bin/karaf daemon at " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
            process.getOutputStream().close();
            Process started0 = process;
            shutdownHook = new Thread(started0::destroyForcibly, "crash-test-node-killer");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            URI uri = URI.create("http://127.0.0.1:" + managementPort + "/health");
            await("the node answers /health with 200 (log: " + home.resolve("data/log/karaf.log") + ")").atMost(timeout)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        checkAlive();
                        return healthStatus(uri) == 200;
                    });
            Duration healthy = Duration.ofNanos(System.nanoTime() - started);
            // bin/karaf daemon execs java: the process this test started is the JVM Karaf runs in.
            String pidFile = Files.readString(home.resolve("karaf.pid"), StandardCharsets.US_ASCII).trim();
            assertEquals("karaf.pid names the process this test started", String.valueOf(process.pid()), pidFile);
            String command = process.info().command().orElse("");
            assertTrue("process " + process.pid() + " is java, not " + command, command.endsWith("/java"));
            return healthy;
        }

        private int healthStatus(URI uri) throws InterruptedException {
            try {
                return health.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            }
        }

        void checkAlive() {
            if (!process.isAlive()) {
                fail("the node (pid " + process.pid() + ") exited with " + process.exitValue() + "; see " + output + " and "
                        + home.resolve("data/log/karaf.log"));
            }
        }

        /** SIGKILL (Process.destroyForcibly on Unix); {@link #awaitExit} waits until the JVM is gone. */
        void kill() {
            process.destroyForcibly();
        }

        /** SIGTERM, a bounded wait for Karaf to shut down, then SIGKILL. Does nothing when it is not running. */
        void stop() {
            if (process == null) {
                return;
            }
            if (process.isAlive()) {
                process.destroy();
                try {
                    awaitExit(Duration.ofSeconds(60));
                } catch (ConditionTimeoutException e) {
                    System.out.println("crash test: node pid " + process.pid() + " ignored SIGTERM for 60 s; killing it");
                    kill();
                    awaitExit(Duration.ofSeconds(30));
                }
            }
            removeShutdownHook();
        }

        void awaitExit(Duration timeout) {
            await("node pid " + process.pid() + " has exited").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive());
            removeShutdownHook();
        }

        private void removeShutdownHook() {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already; the hook runs
                }
                shutdownHook = null;
            }
        }
    }
}
