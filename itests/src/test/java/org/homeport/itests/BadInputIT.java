package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.Before;
import org.junit.Test;

/** Bad input gets a clear 4xx with a problem type, and the node keeps serving. */
public class BadInputIT extends HomeportTestSupport {

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    private void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body(), response.body().contains("\"type\":\"https://homeport.dev/problems/" + type + "\""));
        assertNodeStillServes();
    }

    private void assertNodeStillServes() throws Exception {
        String id = uniqueId("after");
        HttpResponse<String> good = post(Batches.array(Batches.crashReport(id, "user-9", "still here")));
        assertEquals(good.body(), 200, good.statusCode());
        assertEquals(1, storedLinesContaining("crash-reports", id).size());
    }

    @Test
    public void malformedJsonIsRejected() throws Exception {
        assertProblem(post("[{\"type\": \"app.error\", "), 400, "malformed-json");
    }

    @Test
    public void oversizedBodyIsRejected() throws Exception {
        StringBuilder big = new StringBuilder("[");
        String event = Batches.crashReport("x", "user-1", "y".repeat(1000));
        while (big.length() < 1_200_000) {
            big.append(event).append(',');
        }
        big.append(event).append(']');
        assertProblem(post(big.toString()), 413, "body-too-large");
    }

    @Test
    public void tooDeeplyNestedEventIsRejected() throws Exception {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        String event = Batches.crashReport(uniqueId("deep"), "user-1", "x").replace("\"errorCode\":\"E-SYNC-17\"",
                "\"errorCode\":" + deep);
        assertProblem(post(Batches.array(event)), 400, "nesting-too-deep");
    }

    @Test
    public void gzipBombIsStoppedBeforeItInflates() throws Exception {
        // 200 MB of JSON whitespace between two tokens: valid JSON, a few hundred KB on the wire,
        // and no single value long enough to trip another limit first.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write('[');
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                out.write(spaces);
            }
            out.write(Batches.crashReport(uniqueId("bomb"), "user-1", "x").getBytes(StandardCharsets.UTF_8));
            out.write(']');
        }
        assertTrue("the bomb is small on the wire", bytes.size() < 1_048_576);
        assertProblem(postGzip(bytes.toByteArray()), 413, "decompressed-too-large");
    }

    @Test
    public void unknownAndMissingApiKeysAreUnauthorized() throws Exception {
        String batch = Batches.array(Batches.crashReport(uniqueId("k"), "user-1", "x"));
        assertProblem(post(batch, "hp_not_a_key"), 401, "unauthorized");
        assertProblem(post(batch, null), 401, "unauthorized");
    }

    @Test
    public void unknownPurposeIsRejectedWithItsReason() throws Exception {
        String event = Batches.crashReport(uniqueId("p"), "user-1", "x").replace("\"crash-reports\"", "\"ad-tracking\"");
        HttpResponse<String> response = post(Batches.array(event));
        assertTrue(response.body(), response.body().contains("unknown-purpose"));
        assertProblem(response, 422, "events-rejected");
    }

    @Test
    public void contentLengthWithChunkedIsRefusedAndClosedOnEveryPort() throws Exception {
        String head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: hp_demo_7Qm2xV9cLr4tWz8KpN3s\r\n"
                + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        for (URI target : List.of(receiver("/v1/events"), management("/health"), admin("/admin/v1/openapi.yaml"))) {
            String answer = rawExchange(target, String.format(head, target.getPath()));
            assertTrue(target + ": " + answer, answer.startsWith("HTTP/1.1 400 "));
            assertTrue(target + ": " + answer, answer.contains("\"type\":\"https://homeport.dev/problems/bad-framing\""));
            assertTrue("nothing after the refused request is served: " + answer, answer.indexOf("HTTP/1.1") == answer.lastIndexOf("HTTP/1.1"));
            assertTrue(target + " closes the connection: " + answer, answer.endsWith("<closed>"));
        }
        assertNodeStillServes();
    }

    @Test
    public void gzipOfMillionsOfEmptyArraysIsRefusedByValueCount() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(("[{\"type\":\"app.error\",\"purpose\":\"crash-reports\",\"source\":{\"product\":\"meet\"},"
                    + "\"attributes\":{\"message\":[").getBytes(StandardCharsets.UTF_8));
            byte[] arrays = "[],".repeat(100_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 25; i++) {
                out.write(arrays); // 2.5 million values, 7.5 MB inflated: under max.decompressed.bytes
            }
            out.write("[]]}}]".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue("about 10 KB on the wire: " + bytes.size(), bytes.size() < 20_000);
        assertProblem(postGzip(bytes.toByteArray()), 413, "too-many-values");
    }

    @Test
    public void eventTimesOutsideTheWindowAndOverlongIdentifiersAreRejectedWithTheirReasons() throws Exception {
        String future = Batches.withTime(Batches.crashReport(uniqueId("future"), "user-1", "x"), "9999-01-01T00:00:00Z");
        String old = Batches.withTime(Batches.crashReport(uniqueId("old"), "user-1", "x"), "1970-01-01T00:00:00Z");
        String longSubject = Batches.crashReport(uniqueId("long"), "u".repeat(256), "x");
        String fine = uniqueId("fine");

        HttpResponse<String> response = post(Batches.array(future, old, longSubject, Batches.crashReport(fine, "user-1", "x")));

        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.body(), response.body().contains("\"index\":0,") && response.body().contains("\"reason\":\"time-in-future\""));
        assertTrue(response.body(), response.body().contains("\"reason\":\"time-too-old\""));
        assertTrue(response.body(), response.body().contains("\"reason\":\"identifier-too-long\""));
        assertTrue(response.body(), response.body().contains("\"accepted\":1,") && response.body().contains("\"rejected\":3,"));
        assertEquals(1, storedLinesContaining("crash-reports", fine).size());
        assertNodeStillServes();
    }

    /** Writes the request as is (an HTTP client would repair it); the answer, then whether the node closed. */
    private static String rawExchange(URI target, String request) throws Exception {
        try (Socket socket = new Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
                return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
            } catch (SocketTimeoutException e) {
                return received.toString(StandardCharsets.ISO_8859_1) + "<open>";
            } catch (SocketException e) {
                return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
            }
        }
    }

    @Test
    public void healthStaysUpAfterAbuse() throws Exception {
        post("not json at all");
        post("[" + "[".repeat(10_000));
        assertEquals(200, get(management("/health")).statusCode());
    }
}
