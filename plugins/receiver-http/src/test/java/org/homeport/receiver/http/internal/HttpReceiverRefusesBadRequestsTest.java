package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class HttpReceiverRefusesBadRequestsTest extends ReceiverTestSupport {

    private static final Map<String, String> JSON = Map.of("X-Api-Key", TestClient.KEY, "Content-Type", "application/json");
    private static final Map<String, String> GZIP_JSON = Map.of("X-Api-Key", TestClient.KEY,
            "Content-Type", "application/json", "Content-Encoding", "gzip");

    @Test
    void missingApiKeyAnswers401WithChallenge() {
        TestClient.Reply reply = client.post("[" + event("x") + "]", Map.of("Content-Type", "application/json"));

        assertProblem(reply, 401, "unauthorized");
        assertThat(reply.headers().get("WWW-Authenticate")).isEqualTo("ApiKey, Bearer realm=\"homeport\"");
        assertThat(reply.json().getString("detail")).isEqualTo("a valid API key or access token is required");
        assertStillServes();
    }

    @Test
    void unknownApiKeyAnswers401WithTheSameDetailAndNeverEchoesTheKey() {
        TestClient.Reply reply = client.post("[" + event("x") + "]",
                Map.of("X-Api-Key", "guessed-key-123", "Content-Type", "application/json"));

        assertProblem(reply, 401, "unauthorized");
        assertThat(reply.json().getString("detail")).isEqualTo("a valid API key or access token is required");
        assertThat(reply.body()).doesNotContain("guessed-key-123");
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void otherMediaTypeAnswers415() {
        TestClient.Reply reply = client.post("[" + event("x") + "]", Map.of("X-Api-Key", TestClient.KEY,
                "Content-Type", "text/plain"));

        assertProblem(reply, 415, "unsupported-media-type");
        assertStillServes();
    }

    @Test
    void charsetOtherThanUtf8Answers415() {
        TestClient.Reply reply = client.post("[" + event("x") + "]", Map.of("X-Api-Key", TestClient.KEY,
                "Content-Type", "application/json; charset=ISO-8859-1"));

        assertProblem(reply, 415, "unsupported-media-type");
    }

    @Test
    void otherContentEncodingAnswers415() {
        TestClient.Reply reply = client.post("[" + event("x") + "]", Map.of("X-Api-Key", TestClient.KEY,
                "Content-Type", "application/json", "Content-Encoding", "br"));

        assertProblem(reply, 415, "unsupported-encoding");
        assertStillServes();
    }

    @Test
    void otherPathAnswers404AndOtherMethodAnswers405WithAllow() {
        TestClient.Reply notFound = client.post(HttpMethod.POST, "/v1/other", new byte[0], JSON);
        TestClient.Reply wrongMethod = client.post(HttpMethod.GET, "/v1/events", new byte[0], JSON);

        assertProblem(notFound, 404, "not-found");
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertThat(wrongMethod.headers().get("Allow")).isEqualTo("POST");
        assertStillServes();
    }

    @Test
    void declaredLengthOverTheLimitAnswers413BeforeReading() {
        restartWith(limits(1024, 8192, 16, 1000, 1000));

        TestClient.Reply reply = client.post(HttpMethod.POST, "/v1/events", new byte[4096], JSON);

        assertProblem(reply, 413, "body-too-large");
        assertStillServes();
    }

    @Test
    void chunkedBodyOverTheLimitAnswers413WhileStillStreaming() {
        restartWith(limits(64 * 1024, 1 << 20, 16, 1000, 1000));
        byte[] spaces = new byte[8192];
        Arrays.fill(spaces, (byte) ' ');
        // an endless body: only a receiver that counts as it reads can answer at all
        Iterator<Buffer> endless = Stream.concat(Stream.of(Buffer.buffer("[")),
                Stream.generate(() -> Buffer.buffer(spaces))).iterator();

        TestClient.Reply reply = client.postChunked(endless, JSON);

        assertProblem(reply, 413, "body-too-large");
        assertStillServes();
    }

    @Test
    void gzipBombAnswers413QuicklyAndSubmitsNothing() throws IOException {
        List<Buffer> bomb = gzipBomb(200L * 1024 * 1024, 16 * 1024);

        long started = System.nanoTime();
        TestClient.Reply reply = client.postChunked(bomb.iterator(), GZIP_JSON);

        assertProblem(reply, 413, "decompressed-too-large");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void gzipOfMillionsOfEmptyArraysAnswers413TooManyValuesAndSubmitsNothing() throws IOException {
        // about 10 KB on the wire, 2 bytes of JSON per value: within every byte limit
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(TestClient.bytes("[{\"type\":\"app.start\",\"purpose\":\"product-analytics\","
                    + "\"source\":{\"product\":\"meet\"},\"attributes\":{\"a\":["));
            byte[] arrays = TestClient.bytes("[],".repeat(100_000));
            for (int i = 0; i < 25; i++) {
                gzip.write(arrays);
            }
            gzip.write(TestClient.bytes("[]]}}]"));
        }
        assertThat(compressed.size()).isLessThan(20 * 1024);

        TestClient.Reply reply = client.post(HttpMethod.POST, "/v1/events", compressed.toByteArray(), GZIP_JSON);

        assertProblem(reply, 413, "too-many-values");
        assertThat(reply.json().getString("detail")).contains("max.values.per.event");
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void moreValuesInARequestThanTheLimitAnswers413EvenWhenEachEventIsSmall() {
        restartWith(config().withValues(100, 250));
        String tenValues = "{\"type\":\"t\",\"purpose\":\"p\",\"source\":{\"product\":\"m\"},"
                + "\"attributes\":{\"a\":[1,2,3,4]}}"; // event, 2 strings, source + 1, attributes, array + 4 = 11

        assertThat(client.postJson("[" + String.join(",", java.util.Collections.nCopies(22, tenValues)) + "]").status())
                .isEqualTo(200);
        TestClient.Reply reply = client.postJson("[" + String.join(",", java.util.Collections.nCopies(23, tenValues)) + "]");

        assertProblem(reply, 413, "too-many-values");
        assertThat(reply.json().getString("detail")).contains("max.values.per.request");
    }

    @Test
    void valuesHeldByAllRequestsBeingParsedAreBoundedTogether() throws IOException {
        restartWith(config().withValuesInFlight(100));
        String elevenValues = "{\"type\":\"t\",\"purpose\":\"p\",\"source\":{\"product\":\"m\"},"
                + "\"attributes\":{\"a\":[1,2,3,4]}}";
        String small = "[" + String.join(",", java.util.Collections.nCopies(3, elevenValues)) + "]";
        io.micrometer.core.instrument.Gauge held = registry.get(ReceiverMetrics.VALUES_IN_FLIGHT).gauge();
        try (java.net.Socket slow = new java.net.Socket("127.0.0.1", receiver.port())) {
            // a request that sends 77 values and then stalls, its body unfinished
            String chunk = "[" + String.join(",", java.util.Collections.nCopies(7, elevenValues)) + ",";
            slow.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestClient.KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> held.value() == 77);

            TestClient.Reply refused = client.postJson(small); // 33 more would make 110

            assertProblem(refused, 429, "overloaded");
            assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> held.value() == 0);
        assertThat(client.postJson(small).status()).isEqualTo(200);
        assertThat(held.value()).isZero();
    }

    @Test
    void contentLengthTogetherWithChunkedAnswers400AndClosesTheConnection() throws IOException {
        String smuggling = "POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestClient.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nPOST /v1/events HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestClient.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]";

        String answer = RawHttp.exchange(receiver.port(), smuggling);

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                .contains("https://homeport.dev/problems/bad-framing").endsWith(RawHttp.CLOSED);
        assertThat(answer).doesNotContain("no-events"); // the request behind the first was never read
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void connectionsOverTheCapAreClosedAtOnce() throws IOException {
        restartWith(config().withConnections(30, 1));
        try (java.net.Socket held = new java.net.Socket("127.0.0.1", receiver.port())) {
            assertThat(RawHttp.exchange(held, "GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n")).contains(" 405 ")
                    .endsWith(RawHttp.OPEN);

            assertThat(RawHttp.exchange(receiver.port(), "GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .isEqualTo(RawHttp.CLOSED);
        }
    }

    @Test
    void aBodyTrickledPastTheRequestTimeoutIsCutAndNothingSubmitted() throws Exception {
        // idle 3 s, request timeout 1 s: a byte every 300 ms keeps the connection from idling, not from the deadline
        restartWith(config().withConnections(3, 1000).withRequestTimeout(1));
        String body = "[" + event("x") + "]";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestClient.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();
            try {
                for (byte b : body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    out.write(b);
                    out.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300));
                    if (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) > 0) {
                        break;
                    }
                }
            } catch (IOException closedByTheServer) {
                // what is checked below
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (java.net.SocketException reset) {
                // closed either way
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            assertThat(answer.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(" 200 ");
        }
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void aHeadTrickledPastTheRequestTimeoutIsAnswered408() throws Exception {
        restartWith(config().withConnections(3, 1000).withRequestTimeout(1));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            long started = System.nanoTime();
            try {
                for (byte b : "POST /v1/events HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    out.write(b);
                    out.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300));
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (IOException closedByTheServer) {
                // what is checked below
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (java.net.SocketException reset) {
                // closed either way
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2900));
            assertThat(answer.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 408 ")
                    .contains("https://homeport.dev/problems/request-timeout");
        }
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void corruptGzipAnswers400() {
        byte[] body = TestClient.gzip(TestClient.bytes("[" + event("x") + "]"));
        body[body.length - 6] ^= 0x55; // break the CRC in the trailer

        TestClient.Reply reply = client.post(HttpMethod.POST, "/v1/events", body, GZIP_JSON);

        assertProblem(reply, 400, "malformed-json");
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void eventNestedDeeperThanTheLimitAnswers400() {
        restartWith(limits(1 << 20, 1 << 20, 3, 1000, 1000));
        // event object 1, attributes 2, the array 3; one more array is 4
        String atLimit = "{\"type\":\"t\",\"purpose\":\"p\",\"source\":{\"product\":\"x\"},\"attributes\":{\"a\":[1]}}";
        String tooDeep = "{\"type\":\"t\",\"purpose\":\"p\",\"source\":{\"product\":\"x\"},\"attributes\":{\"a\":[[1]]}}";

        assertThat(client.postJson("[" + atLimit + "]").status()).isEqualTo(200);
        TestClient.Reply reply = client.postJson("[" + tooDeep + "]");

        assertProblem(reply, 400, "nesting-too-deep");
        assertStillServes();
    }

    @Test
    void moreEventsThanTheLimitAnswers413AndSubmitsNothing() {
        restartWith(limits(1 << 20, 1 << 20, 16, 3, 1000));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(event("e-" + i));
        }

        TestClient.Reply reply = client.postJson("[" + String.join(",", events) + "]");

        assertProblem(reply, 413, "too-many-events");
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void stringLongerThanTheLimitAnswers400() {
        restartWith(limits(1 << 20, 1 << 20, 16, 1000, 100));
        String longValue = "x".repeat(101);

        TestClient.Reply reply = client.postJson("[{\"type\":\"t\",\"purpose\":\"p\",\"source\":{\"product\":\"x\"},"
                + "\"attributes\":{\"a\":\"" + longValue + "\"}}]");

        assertProblem(reply, 400, "string-too-long");
        assertThat(reply.body()).doesNotContain(longValue);
        assertStillServes();
    }

    @Test
    void malformedJsonAnswers400WithPositionButWithoutBodyContent() {
        TestClient.Reply reply = client.postJson("[" + event("x") + ",\n{\"type\": secret-token}]");

        assertProblem(reply, 400, "malformed-json");
        assertThat(reply.json().getString("detail")).contains("line 2").doesNotContain("secret");
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void truncatedJsonAnswers400() {
        TestClient.Reply reply = client.postJson("[" + event("x") + ",{\"type\":");

        assertProblem(reply, 400, "malformed-json");
        assertStillServes();
    }

    @Test
    void emptyBodyAndEmptyArrayAnswer400NoEvents() {
        assertProblem(client.postJson(""), 400, "no-events");
        assertProblem(client.postJson(" [ ] "), 400, "no-events");
        assertStillServes();
    }

    private static void assertProblem(TestClient.Reply reply, int status, String slug) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.headers().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json().getString("type")).isEqualTo("https://homeport.dev/problems/" + slug);
        assertThat(reply.json().getInteger("status")).isEqualTo(status);
        assertThat(reply.json().getString("title")).isNotBlank();
    }

    /**
     * {@code "["} and then {@code size} spaces, gzip-compressed to about a thousandth of that and cut
     * into chunks. Spaces rather than zeros keep it valid JSON all the way, so only the inflate
     * limit can stop it.
     */
    private static List<Buffer> gzipBomb(long size, int chunkSize) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 64 * 1024)) {
            gzip.write('[');
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (long written = 0; written < size; written += spaces.length) {
                gzip.write(spaces);
            }
        }
        byte[] all = compressed.toByteArray();
        List<Buffer> chunks = new ArrayList<>();
        for (int offset = 0; offset < all.length; offset += chunkSize) {
            chunks.add(Buffer.buffer(Arrays.copyOfRange(all, offset, Math.min(all.length, offset + chunkSize))));
        }
        return chunks;
    }

    @Test
    void sourceThatKeepsFailingIsThrottledWith429ButAValidKeyFromItStillPasses() {
        for (int i = 0; i < 4; i++) {
            TestClient.Reply wrong = client.post("[" + event("w" + i) + "]",
                    Map.of("X-Api-Key", "wrong-key-" + i, "Content-Type", "application/json"));
            assertThat(wrong.status()).isEqualTo(401);
        }

        TestClient.Reply throttled = client.post("[" + event("w4") + "]",
                Map.of("X-Api-Key", "wrong-key-4", "Content-Type", "application/json"));
        assertProblem(throttled, 429, "too-many-attempts");
        assertThat(throttled.headers().get("Retry-After")).isEqualTo("60");
        assertThat(intake.events()).isEmpty();

        // the attacker's failures must not lock out the devices that share its address
        assertThat(client.postJson("[" + event("after") + "]").status()).isEqualTo(200);
        assertThat(authenticator.recorded).containsExactly("apikey:bad-credentials", "apikey:bad-credentials",
                "apikey:bad-credentials", "apikey:bad-credentials", "apikey:bad-credentials", "apikey:success");
    }
}
