package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Classes of hostile input against the real distribution, each followed by the same three
 * checks: the node still stores a valid event, {@code /health} is UP, and the JVM's peak resident
 * memory (VmHWM, since it started) stayed under the bound its memory settings imply.
 *
 * <p>The bound: the container runs with the JVM options of the distribution's {@code bin/setenv}
 * (HomeportTestSupport passes them, Pax Exam does not read bin/setenv itself), and
 * {@link #memoryBoundBytes} adds up the heap, direct memory, metaspace and code cache limits read
 * from this JVM's actual arguments plus {@link #JVM_OVERHEAD} for what no flag bounds (thread
 * stacks, symbols, GC and compiler structures, malloc arenas). This test runs inside that same JVM
 * (Pax Exam's probe), so its own client work (building bodies, reading answers) counts against
 * the bound as well; the loops are kept small so that it is the node's share that matters.
 *
 * <p>Each case also asserts the answer the node owes that input (413 for too many values, 400
 * {@code bad-framing} for an ambiguous request, the event's reason code for a time outside the
 * window or an overlong identifier); {@code BadInputIT} checks each answer's problem document in
 * detail, this test that a flood of them leaves the node serving and within its memory.
 */
public class HostileInputIT extends HomeportTestSupport {
    /** What the JVM needs beyond its flag-bounded areas; measured at about 100 MiB for an idle node. */
    static final long JVM_OVERHEAD = 160L << 20;
    private static final long MIB = 1L << 20;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    @After
    public void nodeSurvivesWithinItsMemoryBound() throws Exception {
        pool.shutdownNow();
        // On its own thread with a deadline: a heap exhausted by a case also kills this JVM's HTTP
        // client threads (the test runs in the node's JVM), and a dead client would wait forever.
        ExecutorService check = Executors.newSingleThreadExecutor();
        try {
            check.submit(() -> {
                checkSurvival();
                return null;
            }).get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the node did not answer a valid event and /health within 90 s", e);
        } finally {
            check.shutdownNow();
        }
    }

    private void checkSurvival() throws Exception {
        java.net.http.HttpClient fresh = java.net.http.HttpClient.newHttpClient();
        String id = uniqueId("survivor");
        HttpResponse<String> good = fresh.send(java.net.http.HttpRequest.newBuilder(receiver("/v1/events"))
                .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Api-Key", DEMO_KEY).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Batches.array(Batches.crashReport(id, "user-9", "still here")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(good.body(), 200, good.statusCode());
        assertEquals(1, storedLinesContaining("crash-reports", id).size());
        HttpResponse<String> health = fresh.send(java.net.http.HttpRequest.newBuilder(management("/health"))
                .timeout(java.time.Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(health.body(), 200, health.statusCode());
        assertTrue(health.body(), health.body().contains("\"status\":\"UP\""));
        long peak = residentKib("VmHWM") * 1024;
        long bound = memoryBoundBytes();
        System.out.printf(Locale.ROOT, "HostileInputIT: RSS %d MiB, peak %d MiB, bound %d MiB (%s)%n",
                residentKib("VmRSS") / 1024, peak / MIB, bound / MIB, System.getProperty(JVM_OPTIONS_PROPERTY));
        assertTrue("peak RSS " + peak / MIB + " MiB exceeds the bound of " + bound / MIB + " MiB",
                peak <= bound);
    }

    // ---- the bound --------------------------------------------------------------------------------

    @Test
    public void theNodeRunsWithTheDistributionsMemoryBounds() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String shipped = System.getProperty(JVM_OPTIONS_PROPERTY, "");
        for (String option : shipped.split("\\s+")) {
            assertTrue("the container runs without the distribution's " + option + ": " + arguments,
                    arguments.contains(option));
        }
        for (String flag : List.of("-Xmx", "-XX:MaxDirectMemorySize=", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=")) {
            assertTrue("the distribution ships no " + flag + " (bin/setenv): " + shipped, lastSize(arguments, flag) > 0);
        }
        assertTrue(memoryBoundBytes() / MIB + " MiB", memoryBoundBytes() < 1024 * MIB);
    }

    /** Heap + direct memory + metaspace + code cache limits of this JVM, plus {@link #JVM_OVERHEAD}. */
    static long memoryBoundBytes() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        long bounded = 0;
        for (String flag : List.of("-Xmx", "-XX:MaxDirectMemorySize=", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=")) {
            long size = lastSize(arguments, flag);
            if (size <= 0) {
                throw new IllegalStateException("this JVM has no " + flag + ": its memory is not bounded; " + arguments);
            }
            bounded += size;
        }
        return bounded + JVM_OVERHEAD;
    }

    /** The value of the last {@code flag<size>} argument (as the JVM reads them: the last one wins), or -1. */
    private static long lastSize(List<String> arguments, String flag) {
        long size = -1;
        for (String argument : arguments) {
            if (argument.startsWith(flag)) {
                size = parseSize(argument.substring(flag.length()));
            }
        }
        return size;
    }

    private static long parseSize(String text) {
        char unit = Character.toLowerCase(text.charAt(text.length() - 1));
        long factor = unit == 'k' ? 1L << 10 : unit == 'm' ? 1L << 20 : unit == 'g' ? 1L << 30 : 1;
        return Long.parseLong(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1)) * factor;
    }

    /** A field of /proc/self/status in KiB: this JVM is the node. */
    private static long residentKib(String field) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("/proc/self/status has no " + field);
    }

    // ---- the hostile inputs ---------------------------------------------------------------------------

    @Test
    public void oversizedBodiesInParallel() throws Exception {
        String event = Batches.crashReport("x", "user-1", "y".repeat(1000));
        StringBuilder big = new StringBuilder("[");
        while (big.length() < 1_200_000) {
            big.append(event).append(',');
        }
        String body = big.append(event).append(']').toString();
        // Plain HTTP/1.1: the support's client offers an h2c upgrade, which with a large body sent 16 at
        // once made the JDK client wait out its timeout once although the node had answered (curl never did).
        java.net.http.HttpClient http11 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        List<Integer> statuses = inParallel(16, i -> http11.send(java.net.http.HttpRequest.newBuilder(receiver("/v1/events"))
                .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Api-Key", DEMO_KEY).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(statuses.toString(), statuses.stream().allMatch(status -> status == 413));
    }

    @Test
    public void gzipBombsOfWhitespaceAndOfEmptyArrays() throws Exception {
        byte[] whitespace = gzipped(out -> {
            out.write('[');
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                out.write(spaces);
            }
            out.write(']');
        });
        // One event whose attribute inflates into millions of empty arrays, each a value on the heap
        // (issue 11, item 7): within the decompressed size limit, so only a bound on values stops it.
        byte[] emptyArrays = gzipped(out -> {
            String event = Batches.crashReport(uniqueId("bomb"), "user-1", "x");
            out.write(("[" + event.substring(0, event.indexOf("\"E-SYNC-17\"")) + "[").getBytes(StandardCharsets.UTF_8));
            byte[] arrays = "[],".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 40; i++) { // about 2.6 million empty arrays, 7.5 MiB inflated
                out.write(arrays);
            }
            out.write("[]]}}]".getBytes(StandardCharsets.UTF_8));
        });
        assertTrue("the bombs are small on the wire", whitespace.length < 1 << 20 && emptyArrays.length < 1 << 20);
        List<HttpResponse<String>> answers = inParallel(8, i -> postGzip(i % 2 == 0 ? whitespace : emptyArrays));
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> answer = answers.get(i);
            assertEquals(answer.body(), 413, answer.statusCode());
            assertTrue(answer.body(), answer.body().contains(i % 2 == 0 ? "decompressed-too-large" : "too-many-values"));
        }
    }

    @Test
    public void deepNesting() throws Exception {
        String deepArray = "[".repeat(100_000);
        String deepObject = Batches.crashReport(uniqueId("deep"), "user-1", "x")
                .replace("\"E-SYNC-17\"", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
        List<Integer> statuses = inParallel(8, i -> post(i % 2 == 0 ? deepArray : Batches.array(deepObject)).statusCode());
        assertTrue(statuses.toString(), statuses.stream().allMatch(status -> status >= 400 && status < 500));
    }

    @Test
    public void manyTinyEvents() throws Exception {
        List<Integer> statuses = inParallel(40, request -> {
            String tag = uniqueId("tiny");
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 1000; i++) {
                batch.append(i == 0 ? "" : ",").append(Batches.crashReport(tag + "-" + i, "u", "m"));
            }
            return post(batch.append(']').toString()).statusCode();
        });
        // 200 (stored) or 429/503 (pushed back, to be sent again): never a failure.
        assertTrue(statuses.toString(), statuses.stream().allMatch(status -> status == 200 || status == 429 || status == 503));
    }

    @Test
    public void badKeysTokensAndPasswordsFromManyAttempts() throws Exception {
        String batch = Batches.array(Batches.crashReport(uniqueId("k"), "user-1", "x"));
        String longKey = "hp_" + "A".repeat(6000);
        List<Integer> statuses = inParallel(400, i -> switch (i % 4) {
            case 0 -> post(batch, "hp_" + UUID.randomUUID()).statusCode();
            case 1 -> post(batch, longKey).statusCode();
            case 2 -> get(admin("/admin/v1/api-keys"), basic("demo", "wrong-" + i)).statusCode();
            default -> get(admin("/consent/v1/subjects/user-1"), "Bearer " + fakeJwt(i)).statusCode();
        });
        // Never let in; whether refused with 401 or throttled with 429 is the throttling's own tests' business.
        assertTrue(statuses.toString(), statuses.stream().noneMatch(status -> status >= 200 && status < 300));
    }

    @Test
    public void slowAndIdleConnectionsDoNotStopTheNodeServingOthers() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (URI uri : List.of(receiver("/v1/events"), management("/health"), admin("/admin/v1/api-keys"))) {
                for (int i = 0; i < 20; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), uri.getPort());
                    sockets.add(socket);
                    if (i % 2 == 0) {
                        // Slow: a request that promises a body and sends a few bytes of it.
                        socket.getOutputStream().write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Type: application/json\r\nX-Api-Key: " + DEMO_KEY + "\r\n"
                                + "Content-Length: 1000000\r\n\r\n[{").getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                    // Odd ones stay idle: connected, nothing sent.
                }
            }
            String id = uniqueId("meanwhile");
            HttpResponse<String> good = post(Batches.array(Batches.crashReport(id, "user-9", "served meanwhile")));
            assertEquals(good.body(), 200, good.statusCode());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    public void hugeSubjectsAndDeviceIds() throws Exception {
        String huge = "s".repeat(60_000);
        String longer = "s".repeat(256);
        List<HttpResponse<String>> statuses = inParallel(16, i -> {
            String subject = i % 2 == 0 ? huge : longer + i;
            String event = Batches.crashReport(uniqueId("subject"), subject, "x").replace("d-8842", i % 4 == 0 ? huge : "d-8842");
            return i % 4 == 3
                    ? device("PUT", "/consent/v1/subjects/" + longer + i + "/purposes/product-analytics",
                            "{\"state\":\"granted\"}")
                    : post(Batches.array(event));
        });
        for (int i = 0; i < statuses.size(); i++) {
            HttpResponse<String> answer = statuses.get(i);
            if (i % 4 == 3) {
                assertEquals(answer.body(), 400, answer.statusCode());
            } else {
                // the request is well-formed, its only event is rejected by its reason: 422 events-rejected
                assertEquals(answer.body(), 422, answer.statusCode());
                assertTrue(answer.body(), answer.body().contains("\"reason\":\"identifier-too-long\""));
            }
            assertTrue(answer.body(), answer.body().contains("identifier-too-long"));
        }
    }

    @Test
    public void eventsDatedFarInThePastAndFuture() throws Exception {
        String past = Batches.withTime(Batches.crashReport(uniqueId("1970"), "user-1", "x"), "1970-01-01T00:00:00Z");
        String future = Batches.withTime(Batches.crashReport(uniqueId("9999"), "user-1", "x"), "9999-12-31T23:59:59Z");
        List<HttpResponse<String>> answers = inParallel(40, i -> post(Batches.array(past, future)));
        for (HttpResponse<String> answer : answers) {
            assertEquals(answer.body(), 422, answer.statusCode());
            assertTrue(answer.body(), answer.body().contains("\"reason\":\"time-too-old\"")
                    && answer.body().contains("\"reason\":\"time-in-future\""));
        }
    }

    @Test
    public void requestWithContentLengthAndChunkedTransferEncoding() throws Exception {
        String body = Batches.array(Batches.crashReport(uniqueId("smuggle"), "user-1", "x"));
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        for (int port : List.of(receiver("").getPort(), management("").getPort(), admin("").getPort())) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "X-Api-Key: " + DEMO_KEY + "\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
                        + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                // refused, closed, and the request smuggled behind it never answered
                assertTrue(port + ": " + answer, answer.startsWith("HTTP/1.1 400 ") && answer.contains("bad-framing"));
                assertEquals(port + ": " + answer, answer.indexOf("HTTP/1.1"), answer.lastIndexOf("HTTP/1.1"));
            }
        }
    }

    @Test
    public void manyValuesInOneEventWithoutCompression() throws Exception {
        String event = Batches.crashReport(uniqueId("values"), "user-1", "x")
                .replace("\"E-SYNC-17\"", "[" + "0,".repeat(300_000) + "0]");
        List<HttpResponse<String>> answers = inParallel(4, i -> post(Batches.array(event)));
        for (HttpResponse<String> answer : answers) {
            assertEquals(answer.body(), 413, answer.statusCode());
            assertTrue(answer.body(), answer.body().contains("too-many-values"));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private interface Attempt<T> {
        T run(int i) throws Exception;
    }

    /** Runs {@code n} attempts, 8 at a time, and returns their results in order; an exception fails the test. */
    private <T> List<T> inParallel(int n, Attempt<T> attempt) throws Exception {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return attempt.run(index);
                } catch (Exception e) {
                    throw new IllegalStateException("attempt " + index + " failed: " + e, e);
                }
            }, pool));
        }
        // One deadline for all: bounded, whatever the node does.
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> future : futures) {
            results.add(future.join());
        }
        return results;
    }

    private static byte[] gzipped(GzipBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            body.write(out);
        }
        return bytes.toByteArray();
    }

    private interface GzipBody {
        void write(GZIPOutputStream out) throws IOException;
    }

    /** A well-formed JWT no key ever signed. */
    private static String fakeJwt(int i) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k".concat(String.valueOf(i)).concat("\"}").getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(new byte[256]);
    }
}
